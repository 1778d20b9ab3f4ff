/**
 * The messages TellOnce sends, as data. Each is built only from a reference and a link: no names,
 * no reasons, nothing about a family that could be read by the wrong person if an email went astray.
 */
export const TEMPLATES = {
  request_received: {
    name: 'Request for support received',
    subject: (reference: string) => `Request for support ${reference} received`,
    body: (reference: string, link: string) =>
      `The Early Help Hub has received your request for support ${reference}. We will tell you the outcome. Sign in to TellOnce to follow it: ${link}`,
  },
  family_request_received: {
    name: 'A family’s request received',
    subject: (reference: string) => `We have your request for help, reference ${reference}`,
    body: (reference: string, link: string) =>
      `Thank you for asking for help. Your reference number is ${reference}. Someone from the Early Help Hub will contact you, usually within 3 working days. More about what happens next: ${link}`,
  },
  decision_made: {
    name: 'The Hub has decided',
    subject: (reference: string) => `Request for support ${reference}: the Early Help Hub has decided`,
    body: (reference: string, link: string) =>
      `The Early Help Hub has made a decision on request for support ${reference}. Sign in to TellOnce to see the outcome: ${link}`,
  },
  family_decision_made: {
    name: 'The Hub has looked at a family’s request',
    subject: (reference: string) => `Your request for help, reference ${reference}`,
    body: (reference: string, link: string) =>
      `The Early Help Hub has looked at your request for help, reference ${reference}. Someone will contact you to talk about what happens next. More about early help: ${link}`,
  },
  allocated_to_team: {
    name: 'New work for a team',
    subject: (reference: string) => `A family to allocate: ${reference}`,
    body: (reference: string, link: string) =>
      `Early help for ${reference} has been allocated to your team. Sign in to TellOnce to allocate a worker: ${link}`,
  },
  allocated_to_worker: {
    name: 'A family allocated to a worker',
    subject: (reference: string) => `A family allocated to you: ${reference}`,
    body: (reference: string, link: string) =>
      `The family ${reference} has been allocated to you. Sign in to TellOnce to open their record: ${link}`,
  },
  panel_listing: {
    name: 'A family added to a panel’s list',
    subject: (reference: string) => `A family added to the panel’s list: ${reference}`,
    body: (reference: string, link: string) =>
      `Request for support ${reference} has been added to a panel’s or forum’s list. Sign in to TellOnce to see the list: ${link}`,
  },
  received_by_social_care: {
    name: 'Received by children’s social care',
    subject: (reference: string) => `Request ${reference} received by children’s social care`,
    body: (reference: string, link: string) =>
      `Children’s social care has received your safeguarding contact ${reference}. Sign in to TellOnce to see it: ${link}`,
  },
} as const;

export type TemplateKey = keyof typeof TEMPLATES;

export function isTemplateKey(value: string): value is TemplateKey {
  return Object.hasOwn(TEMPLATES, value);
}

/** The subject and body of a message, from its template, reference and link only. */
export function render(template: TemplateKey, reference: string, link: string): { subject: string; body: string } {
  const definition = TEMPLATES[template];
  return { subject: definition.subject(reference), body: definition.body(reference, link) };
}
