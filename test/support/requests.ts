/**
 * Asks the Early Help Hub for support through the question pages, as a professional or a family
 * would, following each redirect to the next page and answering it.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestClient } from './test-app.js';

export interface JourneyAnswers {
  councilId: string;
  significantHarm?: 'yes' | 'no';
  consentEarlyHelp?: 'yes' | 'no';
  consentSharing?: 'yes' | 'no';
  children?: { givenName: string; familyName: string; day: string; month: string; year: string }[];
  carerName?: string;
  carerPhone?: string;
  carerEmail?: string;
  postcode?: string;
  reasons?: string[];
  inTheirWords?: string;
  alreadyTried?: string;
}

export const DEFAULT_CHILD = { givenName: 'Ellis', familyName: 'Quarrendon', day: '14', month: '2', year: '2017' };

function answerFor(base: string, path: string, answers: JourneyAnswers, childIndex: number): Record<string, string | string[]> {
  const slug = (path.split('?')[0] ?? '').slice(base.length + 1);
  const children = answers.children ?? [DEFAULT_CHILD];
  if (slug.startsWith('child/')) {
    const child = children[childIndex] ?? DEFAULT_CHILD;
    return {
      givenName: child.givenName,
      familyName: child.familyName,
      'dateOfBirth-day': child.day,
      'dateOfBirth-month': child.month,
      'dateOfBirth-year': child.year,
    };
  }
  switch (slug) {
    case 'council':
      return { councilId: answers.councilId };
    case 'harm':
      return { significantHarm: answers.significantHarm ?? 'no' };
    case 'consent':
      return { consentEarlyHelp: answers.consentEarlyHelp ?? 'yes' };
    case 'sharing':
      return { consentSharing: answers.consentSharing ?? 'yes' };
    case 'safeguarding':
      return {};
    case 'children':
      return { addAnother: childIndex < children.length ? 'yes' : 'no' };
    case 'carer':
      return {
        carerName: answers.carerName ?? 'Dana Quarrendon',
        carerPhone: answers.carerPhone ?? '07700 900 123',
        carerEmail: answers.carerEmail ?? '',
      };
    case 'address':
      return { addressLine1: '1 Example Row', town: 'Fenchester', postcode: answers.postcode ?? 'PE15 8AB' };
    case 'reasons':
      return { reasons: answers.reasons ?? ['behaviour_at_home', 'parenting'], otherReason: '' };
    case 'situation':
      return {
        inTheirWords: answers.inTheirWords ?? 'Ellis has been struggling at home since the autumn and Dana would like help with routines.',
      };
    case 'tried':
      return { alreadyTried: answers.alreadyTried ?? 'The class teacher has met Dana twice.' };
    default:
      throw new Error(`No answer for ${path}`);
  }
}

/**
 * Starts a request at `base` (/requests/new or /ask-for-help), answers every page it is sent to,
 * and stops at check your answers. Returns the check page.
 */
export async function answerAllQuestions(client: TestClient, base: string, answers: JourneyAnswers): Promise<LightMyRequestResponse> {
  await client.get(base);
  let response = await client.post(base, {});
  let childIndex = 0;
  for (let step = 0; step < 30; step++) {
    if (response.statusCode !== 303) throw new Error(`Expected a redirect, got ${response.statusCode}: ${response.body.slice(0, 500)}`);
    const location = String(response.headers.location);
    if (location === `${base}/check`) return client.get(location);
    await client.get(location);
    const fields = answerFor(base, location, answers, childIndex);
    if (location.includes('/child/')) childIndex++;
    response = await client.post(location, fields);
  }
  throw new Error('The journey did not reach check your answers');
}

/** Sends a request through the pages and returns its reference and contact id. */
export async function askForSupport(
  client: TestClient,
  answers: JourneyAnswers,
  base = '/requests/new',
): Promise<{ reference: string; contactId: string | undefined; done: LightMyRequestResponse }> {
  await answerAllQuestions(client, base, answers);
  const sent = await client.post(`${base}/check`, {});
  if (sent.statusCode !== 303) throw new Error(`Sending answered ${sent.statusCode}: ${sent.body.slice(0, 500)}`);
  const done = await client.get(`${base}/done`);
  const reference = /RFS-\d+/.exec(done.body)?.[0];
  if (!reference) throw new Error('No reference on the confirmation page');
  const contactId = /\/requests\/([0-9a-f-]{36})/.exec(done.body)?.[1];
  return { reference, contactId, done };
}
