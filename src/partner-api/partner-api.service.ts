/**
 * TellOnce's API for partner systems: each agency's API tokens, and requests for support sent by
 * a partner's system. A request's shape (its fields and their types) is checked against the OpenAPI
 * document's own schema, so the document and the API cannot drift apart; its answers are then
 * checked by the front door's own rules and go through ContactsService like any other request, so
 * the checks, the messages and the routing are the same as the form's.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditActor, AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isEmailAddress, isUkTelephone, isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import type { ContactsService, SubmittedContact } from '../front-door/contacts.service.js';
import { nextStepText } from '../front-door/front-door.model.js';
import type { RequestAnswers } from '../front-door/request.answers.js';
import { REQUEST_SCHEMA, type RequestStatus } from './openapi.js';
import * as repo from './partner-api.repository.js';

const TOKEN_PREFIX = 'tellonce_';

/** The agency (and which of its tokens) a request to the API comes from. */
export interface ApiAgency {
  tokenId: string;
  tokenName: string;
  agencyId: string;
  agencyName: string;
}

export interface Problem {
  field: string;
  message: string;
}

/** A request the API cannot accept: its problems, by field. */
export class ApiProblems extends Error {
  constructor(public readonly problems: Problem[]) {
    super('The request has problems');
    this.name = 'ApiProblems';
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The part of JSON Schema the request schema uses to say what shape a request has. */
interface ShapeSchema {
  readonly type?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, ShapeSchema>>;
  readonly additionalProperties?: boolean;
  readonly items?: ShapeSchema;
  readonly uniqueItems?: boolean;
}

const TYPE_NAMES: Record<string, string> = { object: 'an object', array: 'a list', string: 'text', boolean: 'true or false' };

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/**
 * The shape problems of a value: missing fields, fields the schema does not have, and values of the
 * wrong type. What the values say (empty, too long, an unknown code, a date out of range) is left to
 * the front door's checks, so that those problems read as they do on the form.
 */
export function shapeProblems(schema: ShapeSchema, value: unknown, at = ''): Problem[] {
  const join = (name: string) => (at === '' ? name : `${at}.${name}`);
  if (schema.type && !hasType(value, schema.type))
    return [
      at === ''
        ? { field: '', message: 'Send the request for support as a JSON object' }
        : { field: at, message: `${at} must be ${TYPE_NAMES[schema.type] ?? schema.type}` },
    ];
  if (Array.isArray(value)) {
    const problems = schema.items ? value.flatMap((item, index) => shapeProblems(schema.items!, item, `${at}[${index}]`)) : [];
    if (schema.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size < value.length)
      problems.push({ field: at, message: `${at} must not list the same value twice` });
    return problems;
  }
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  return [
    ...(schema.required ?? [])
      .filter((name) => record[name] === undefined)
      .map((name) => ({ field: join(name), message: `${join(name)} is required` })),
    ...Object.keys(record)
      .filter((name) => schema.additionalProperties === false && !(name in properties))
      .map((name) => ({ field: join(name), message: `${join(name)} is not a field of a request for support` })),
    ...Object.entries(properties)
      .filter(([name]) => record[name] !== undefined)
      .flatMap(([name, property]) => shapeProblems(property, record[name], join(name))),
  ];
}

/** The front door's field names → the API's. */
const FIELD_NAMES: Record<string, string> = {
  councilId: 'council',
  consentEarlyHelp: 'consent.earlyHelp',
  consentSharing: 'consent.sharing',
  carerName: 'carer.name',
  carerRelationship: 'carer.relationship',
  carerPhone: 'carer.phone',
  carerEmail: 'carer.email',
  addressLine1: 'address.line1',
  town: 'address.town',
  postcode: 'address.postcode',
};

/** 'carerName' → 'carer.name', 'children[0].dateOfBirth-day' → 'children[0].dateOfBirth'. */
export function apiField(field: string): string {
  return FIELD_NAMES[field] ?? field.replace(/-(day|month|year)$/, '');
}

/** Whether a 'YYYY-MM-DD' string is a date on the calendar. */
function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

interface Body {
  council: string;
  significantHarm: boolean;
  consent: { earlyHelp: boolean; sharing: boolean };
  children: { givenName: string; familyName: string; dateOfBirth: string }[];
  carer: { name: string; relationship?: string; phone?: string; email?: string };
  address: { line1?: string; town?: string; postcode: string };
  reasons: string[];
  otherReason?: string;
  inTheirWords: string;
  alreadyTried: string;
  referrer: { name: string; role?: string; email?: string; phone?: string };
}

const yesNo = (value: boolean): 'yes' | 'no' => (value ? 'yes' : 'no');

function answersOf(request: Body, councilId: string): RequestAnswers {
  return {
    councilId,
    significantHarm: yesNo(request.significantHarm),
    consentEarlyHelp: yesNo(request.consent.earlyHelp),
    consentSharing: yesNo(request.consent.sharing),
    children: request.children.map((child) => ({
      givenName: child.givenName,
      familyName: child.familyName,
      dateOfBirth: child.dateOfBirth,
    })),
    carerName: request.carer.name,
    carerRelationship: request.carer.relationship ?? '',
    carerPhone: request.carer.phone ?? '',
    carerEmail: request.carer.email ?? '',
    addressLine1: request.address.line1 ?? '',
    town: request.address.town ?? '',
    postcode: request.address.postcode,
    reasons: request.reasons,
    otherReason: request.otherReason ?? '',
    inTheirWords: request.inTheirWords,
    alreadyTried: request.alreadyTried,
  };
}

/** The person making the request, who has no question page of their own on the form. */
function referrerProblems(referrer: Body['referrer']): FieldErrors {
  const errors: FieldErrors = {};
  const name = referrer.name.trim();
  if (name === '') errors['referrer.name'] = 'Enter the name of the person making the request';
  else if (name.length > 200) errors['referrer.name'] = 'The name must be 200 characters or fewer';
  if ((referrer.role ?? '').trim().length > 200) errors['referrer.role'] = 'The role must be 200 characters or fewer';
  const email = (referrer.email ?? '').trim();
  if (email !== '' && !isEmailAddress(email))
    errors['referrer.email'] = 'Enter an email address in the correct format, like name@example.com';
  const phone = (referrer.phone ?? '').trim();
  if (phone !== '' && !isUkTelephone(phone)) errors['referrer.phone'] = 'Enter a UK telephone number, like 01632 960 001 or 07700 900 982';
  return errors;
}

export class PartnerApiService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly partnership: PartnershipService,
    private readonly contacts: ContactsService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ——— Tokens ———

  async tokens() {
    return repo.listTokens(this.db);
  }

  async token(id: string) {
    const row = isUuid(id) ? await repo.findToken(this.db, id) : undefined;
    if (!row) throw new NotFoundError('API token');
    return row;
  }

  /** Issues a token for an agency; returns it in full, the only time it is shown. */
  async issue(user: CurrentUser, input: { agencyId: string; name: string }): Promise<{ id: string; token: string }> {
    const errors: FieldErrors = {};
    const agencies = await this.partnership.agencies();
    if (!agencies.some((agency) => agency.id === input.agencyId)) errors.agencyId = 'Select the agency whose system will use the token';
    const name = input.name.trim();
    if (name === '') errors.name = 'Enter a name for the token, like the system that will use it';
    else if (name.length > 120) errors.name = 'The name must be 120 characters or fewer';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    return this.db.transaction().execute(async (trx) => {
      const { id } = await repo.insertToken(trx, {
        agency_id: input.agencyId,
        name,
        token_hash: hashToken(token),
        token_hint: token.slice(-4),
        created_by_user_id: user.id,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'API token issued',
        recordType: 'api token',
        recordId: id,
        detail: { agencyId: input.agencyId, name },
      });
      return { id, token };
    });
  }

  async revoke(user: CurrentUser, id: string): Promise<void> {
    await this.token(id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.revokeToken(trx, id, user.id, this.now()))) throw new ConflictError('This token has already been revoked');
      await this.audit.record(trx, actorFor(user), { action: 'API token revoked', recordType: 'api token', recordId: id });
    });
  }

  /** The agency a bearer token belongs to, or undefined for a missing, unknown or revoked token. */
  async authenticate(authorization: string | undefined): Promise<ApiAgency | undefined> {
    const match = /^Bearer +(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]?.startsWith(TOKEN_PREFIX)) return undefined;
    const row = await repo.tokenByHash(this.db, hashToken(match[1]));
    if (!row || row.revoked_at !== null) return undefined;
    await repo.touchToken(this.db, row.id, this.now());
    return { tokenId: row.id, tokenName: row.name, agencyId: row.agency_id, agencyName: row.agency_name };
  }

  // ——— Requests for support ———

  /**
   * Receives a request for support from an agency's system: checks its shape, then its answers by
   * the front door's rules, and submits it once for each Idempotency-Key of the agency.
   */
  async submit(agency: ApiAgency, body: unknown, idempotencyKey: string): Promise<SubmittedContact> {
    const shape = shapeProblems(REQUEST_SCHEMA, body);
    if (shape.length > 0) throw new ApiProblems(shape);
    const request = body as Body;
    const councils = await this.partnership.councils();
    const council = councils.find((item) => item.code.toUpperCase() === request.council.trim().toUpperCase());
    const answers = answersOf(request, council?.id ?? '');
    const problemsOf = (errors: FieldErrors): Problem[] => {
      const byField = new Map<string, string>();
      for (const [field, message] of Object.entries(errors)) {
        const at = apiField(field);
        if (!byField.has(at))
          byField.set(at, at === 'council' ? `Use one of these council codes: ${councils.map((item) => item.code).join(', ')}` : message);
      }
      // A date the form's day, month and year boxes could not hold: say so in the API's own terms.
      request.children.forEach((child, index) => {
        const field = `children[${index}].dateOfBirth`;
        if (child.dateOfBirth.trim() !== '' && !isRealDate(child.dateOfBirth))
          byField.set(field, 'The date of birth must be a real date, written YYYY-MM-DD, like 2015-03-27');
      });
      for (const [field, message] of Object.entries(referrerProblems(request.referrer))) byField.set(field, message);
      return [...byField].map(([field, message]) => ({ field, message }));
    };
    const problems = problemsOf(await this.contacts.problems(answers, 'partner_system'));
    if (problems.length > 0) throw new ApiProblems(problems);
    try {
      return await this.contacts.submit({
        channel: 'partner_system',
        answers,
        referrer: {
          userId: null,
          agencyId: agency.agencyId,
          name: request.referrer.name.trim(),
          role: request.referrer.role?.trim() || null,
          email: request.referrer.email?.trim() || null,
          phone: request.referrer.phone?.trim() || null,
        },
        idempotency: { scope: `api:${agency.agencyId}`, key: idempotencyKey },
      });
    } catch (error) {
      // The partnership changed between the checks and the submission (a council closed, say).
      if (error instanceof ValidationError) throw new ApiProblems(problemsOf(error.errors));
      throw error;
    }
  }

  /** Where a request the agency made has got to, and the Hub's current decision: no personal data. Audited. */
  async status(agency: ApiAgency, reference: string): Promise<RequestStatus> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.requestOfAgency(trx, agency.agencyId, reference);
      if (!row) throw new NotFoundError('Request for support');
      await this.audit.record(trx, partnerActor(agency), {
        action: 'request status read by a partner system',
        recordType: 'contact',
        recordId: row.id,
        detail: { reference: row.reference, tokenId: agency.tokenId },
      });
      const decided = row.route === 'early_help' && row.status === 'decided' && row.next_step !== null && row.decided_at !== null;
      const status: RequestStatus['status'] =
        row.route === 'safeguarding'
          ? 'sent_to_social_care'
          : decided
            ? 'decided'
            : row.status === 'in_progress'
              ? 'being_looked_at'
              : 'received';
      return {
        reference: row.reference,
        receivedAt: row.received_at.toISOString(),
        status,
        route: row.route,
        ...(decided && row.next_step && row.decided_at
          ? {
              outcome: {
                nextStep: row.next_step,
                nextStepText: nextStepText(row.next_step),
                decidedAt: new Date(row.decided_at).toISOString(),
              },
            }
          : {}),
      };
    });
  }
}

/** How the audit log names a partner system. */
export function partnerActor(agency: ApiAgency): AuditActor {
  return { userId: null, label: `Partner system: ${agency.agencyName} (${agency.tokenName})` };
}
