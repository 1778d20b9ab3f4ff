/**
 * The OpenAPI 3.1 document of TellOnce's API for partner systems. Its request schema is the one the
 * API checks bodies' shape against, so the document and the API cannot drift apart.
 */
import { NEXT_STEPS, REASONS, type Route } from '../front-door/front-door.model.js';
import type { NextStep } from '../db/schema.js';

/** An Idempotency-Key: 1 to 200 printable characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

export const REQUEST_STATUSES = ['received', 'being_looked_at', 'decided', 'sent_to_social_care'] as const;

/** The answer to a request for its status. */
export interface RequestStatus {
  reference: string;
  receivedAt: string;
  status: (typeof REQUEST_STATUSES)[number];
  route: Route['route'];
  outcome?: { nextStep: NextStep; nextStepText: string; decidedAt: string };
}

const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, ...(description ? { description } : {}) });

export const REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'council',
    'significantHarm',
    'consent',
    'children',
    'carer',
    'address',
    'reasons',
    'inTheirWords',
    'alreadyTried',
    'referrer',
  ],
  properties: {
    council: {
      type: 'string',
      description: 'The code of the council area the family lives in, for example CAMBS or PBORO.',
      minLength: 1,
      maxLength: 20,
    },
    significantHarm: {
      type: 'boolean',
      description:
        'Whether the referrer thinks a child is at risk of significant harm. If true, the request is a safeguarding contact for children’s social care.',
    },
    consent: {
      type: 'object',
      additionalProperties: false,
      required: ['earlyHelp', 'sharing'],
      properties: {
        earlyHelp: {
          type: 'boolean',
          description: 'The family has agreed to early help. If false, the request is a safeguarding contact for children’s social care.',
        },
        sharing: {
          type: 'boolean',
          description:
            'The family has agreed to their information being shared with the Early Help Hub and the services who will support them.',
        },
      },
    },
    children: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['givenName', 'familyName', 'dateOfBirth'],
        properties: {
          givenName: text(100),
          familyName: text(100),
          dateOfBirth: {
            type: 'string',
            format: 'date',
            description: 'Date of birth; for a baby not yet born, the date they are due (up to 10 months ahead).',
          },
        },
      },
    },
    carer: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      description: 'The parent or carer. Give a phone number, an email address or both.',
      properties: { name: text(200), relationship: text(100), phone: text(30), email: text(254) },
    },
    address: {
      type: 'object',
      additionalProperties: false,
      required: ['postcode'],
      properties: { line1: text(200), town: text(100), postcode: text(10, 'A full UK postcode.') },
    },
    reasons: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      description: `Why the family needs support: ${REASONS.map((reason) => `${reason.value} (${reason.text})`).join('; ')}.`,
      items: { type: 'string', enum: REASONS.map((reason) => reason.value) },
    },
    otherReason: text(200, 'Required when reasons includes "other".'),
    inTheirWords: text(5000, 'What is happening for the family, in the referrer’s own words.'),
    alreadyTried: text(5000, 'What has been tried already.'),
    referrer: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      description: 'The person making the request, at the agency the token belongs to. The outcome is emailed to their address.',
      properties: { name: text(200), role: text(200), email: { type: 'string', format: 'email', maxLength: 254 }, phone: text(30) },
    },
  },
} as const;

export const EXAMPLE_REQUEST = {
  council: 'CAMBS',
  significantHarm: false,
  consent: { earlyHelp: true, sharing: true },
  children: [{ givenName: 'Ellis', familyName: 'Example', dateOfBirth: '2017-02-14' }],
  carer: { name: 'Dana Example', relationship: 'Mother', phone: '07700 900 123' },
  address: { line1: '1 Example Row', town: 'Fenchester', postcode: 'PE15 8AB' },
  reasons: ['behaviour_at_home', 'parenting'],
  inTheirWords: 'Ellis has been struggling at home since the autumn and Dana would like help with routines.',
  alreadyTried: 'Two meetings with the class teacher.',
  referrer: { name: 'A Teacher', role: 'Designated safeguarding lead', email: 'teacher@school.example' },
};

const RECEIPT_SCHEMA = {
  type: 'object',
  required: ['reference', 'status', 'route', 'links'],
  properties: {
    reference: { type: 'string', examples: ['RFS-1042'] },
    status: {
      type: 'string',
      enum: REQUEST_STATUSES,
      description: 'received for a request for early help; sent_to_social_care for a safeguarding contact.',
    },
    route: {
      type: 'string',
      enum: ['early_help', 'safeguarding'],
      description: 'safeguarding: sent to children’s social care, not to the Early Help Hub.',
    },
    links: {
      type: 'object',
      required: ['self'],
      properties: { self: { type: 'string', format: 'uri-reference', description: 'Where to follow the request (GET).' } },
    },
  },
};

const STATUS_SCHEMA = {
  type: 'object',
  required: ['reference', 'receivedAt', 'status', 'route'],
  properties: {
    reference: { type: 'string' },
    receivedAt: { type: 'string', format: 'date-time' },
    status: {
      type: 'string',
      enum: REQUEST_STATUSES,
      description: 'received for a request for early help; sent_to_social_care for a safeguarding contact.',
    },
    route: { type: 'string', enum: ['early_help', 'safeguarding'] },
    outcome: {
      type: 'object',
      required: ['nextStep', 'nextStepText', 'decidedAt'],
      properties: {
        nextStep: { type: 'string', enum: NEXT_STEPS.map((step) => step.value) },
        nextStepText: { type: 'string' },
        decidedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
};

const ERROR_SCHEMA = { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };
const PROBLEMS_SCHEMA = {
  type: 'object',
  required: ['error', 'problems'],
  properties: {
    error: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', examples: ['children[0].givenName'] }, message: { type: 'string' } },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export function openApiDocument(publicBaseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TellOnce: requests for support from partner systems',
      version: '1.0.0',
      description:
        'Lets a partner’s system (for example a school’s management information system) ask the Early Help Hub for support for a family, with the same questions, checks and routing as TellOnce’s own form. An administrator issues each agency its token.',
    },
    servers: [{ url: `${publicBaseUrl}/api/v1` }],
    security: [{ agencyToken: [] }],
    components: {
      securitySchemes: {
        agencyToken: { type: 'http', scheme: 'bearer', description: 'The agency’s API token, issued by a TellOnce administrator.' },
      },
      schemas: {
        RequestForSupport: REQUEST_SCHEMA,
        Receipt: RECEIPT_SCHEMA,
        Status: STATUS_SCHEMA,
        Error: ERROR_SCHEMA,
        Problems: PROBLEMS_SCHEMA,
      },
    },
    paths: {
      '/requests-for-support': {
        post: {
          operationId: 'askForSupport',
          summary: 'Ask the Early Help Hub for support',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description:
                'A key unique to this request within your agency, such as your system’s own id for it. Sending the same key again returns the first request instead of making a second.',
              schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x20-\\x7E]+$' },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RequestForSupport' }, example: EXAMPLE_REQUEST } },
          },
          responses: {
            '201': {
              description: 'Received: a new request for support.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } },
            },
            '200': {
              description: 'Already received with this Idempotency-Key: the first request.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } },
            },
            '400': errorResponse('The Idempotency-Key header is missing, or the body is not JSON.'),
            '401': errorResponse('No token, or a token that is not valid or has been revoked.'),
            '413': errorResponse('The body is larger than 1 MB.'),
            '415': errorResponse('The body is not sent as application/json.'),
            '422': {
              description: 'The request has problems; each names the field and says what to fix, in the same words as TellOnce’s form.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Problems' } } },
            },
            '429': errorResponse('Too many requests: wait a minute and try again.'),
          },
        },
      },
      '/requests-for-support/{reference}': {
        get: {
          operationId: 'requestStatus',
          summary: 'Where a request your agency made has got to',
          parameters: [{ name: 'reference', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The request’s status, and the outcome once decided. No personal data.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Status' } } },
            },
            '401': errorResponse('No token, or a token that is not valid or has been revoked.'),
            '404': errorResponse('Your agency made no request with this reference.'),
            '429': errorResponse('Too many requests: wait a minute and try again.'),
          },
        },
      },
    },
  };
}
