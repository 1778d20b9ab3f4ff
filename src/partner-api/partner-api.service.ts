/**
 * TellOnce's API for partner systems: each agency's API tokens, and requests for support sent by
 * a partner's system. A request's shape is checked against the OpenAPI document's own schema; its
 * answers then go through the front door's ContactsService like any other request, so the checks,
 * the messages and the routing are the same as the form's.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import type { ContactsService, SubmittedContact } from '../front-door/contacts.service.js';
import { nextStepText } from '../front-door/front-door.model.js';
import type { RequestAnswers } from '../front-door/request.answers.js';
import { REQUEST_SCHEMA } from './openapi.js';
import * as repo from './partner-api.repository.js';

const TOKEN_PREFIX = 'tellonce_';

export interface ApiAgency {
  tokenId: string;
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

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validateShape = ajv.compile(REQUEST_SCHEMA);

/** 'children/0/givenName' → 'children[0].givenName'. */
function pathOf(pointer: string): string {
  return pointer
    .split('/')
    .filter((part) => part !== '')
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function shapeProblem(error: ErrorObject): Problem {
  const at = pathOf(error.instancePath);
  const join = (name: string) => (at === '' ? name : `${at}.${name}`);
  switch (error.keyword) {
    case 'required': {
      const field = join(String((error.params as { missingProperty: string }).missingProperty));
      return { field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = join(String((error.params as { additionalProperty: string }).additionalProperty));
      return { field, message: `${field} is not a field of a request for support` };
    }
    case 'type':
      return { field: at, message: `${at || 'The body'} must be ${String((error.params as { type: string }).type)}` };
    case 'enum':
      return { field: at, message: `${at} must be one of the codes the API lists` };
    case 'format':
      return { field: at, message: `${at} must be a ${String((error.params as { format: string }).format)}` };
    default:
      return { field: at, message: `${at || 'The body'} ${error.message ?? 'is not valid'}` };
  }
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

export function apiField(field: string): string {
  return FIELD_NAMES[field] ?? field.replace(/-day$/, '');
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
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]?.startsWith(TOKEN_PREFIX)) return undefined;
    const row = await repo.tokenByHash(this.db, hashToken(match[1]));
    if (!row || row.revoked_at !== null) return undefined;
    await repo.touchToken(this.db, row.id, this.now());
    return { tokenId: row.id, agencyId: row.agency_id, agencyName: row.agency_name };
  }

  // ——— Requests for support ———

  async submit(agency: ApiAgency, body: unknown, idempotencyKey: string): Promise<SubmittedContact> {
    if (!validateShape(body)) throw new ApiProblems((validateShape.errors ?? []).map(shapeProblem));
    const request = body as Body;
    const councils = await this.partnership.councils();
    const council = councils.find((item) => item.code.toUpperCase() === request.council.toUpperCase());
    const answers: RequestAnswers = {
      councilId: council?.id ?? '',
      significantHarm: yesNo(request.significantHarm),
      consentEarlyHelp: yesNo(request.consent.earlyHelp),
      consentSharing: yesNo(request.consent.sharing),
      children: request.children,
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
    const referrerName = request.referrer.name.trim();
    if (referrerName === '')
      throw new ApiProblems([{ field: 'referrer.name', message: 'Enter the name of the person making the request' }]);
    try {
      return await this.contacts.submit({
        channel: 'partner_system',
        answers,
        referrer: {
          userId: null,
          agencyId: agency.agencyId,
          name: referrerName,
          role: request.referrer.role?.trim() || null,
          email: request.referrer.email?.trim() || null,
          phone: request.referrer.phone?.trim() || null,
        },
        idempotency: { scope: `api:${agency.agencyId}`, key: idempotencyKey },
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ApiProblems(
        Object.entries(error.errors).map(([field, message]) => ({
          field: apiField(field),
          message: field === 'councilId' ? `Use one of these council codes: ${councils.map((item) => item.code).join(', ')}` : message,
        })),
      );
    }
  }

  /** Where a request the agency made has got to. No personal data. */
  async status(agency: ApiAgency, reference: string) {
    const row = await repo.requestOfAgency(this.db, agency.agencyId, reference);
    if (!row) throw new NotFoundError('Request for support');
    const status =
      row.route === 'safeguarding'
        ? 'sent_to_social_care'
        : row.status === 'decided'
          ? 'decided'
          : row.status === 'in_progress'
            ? 'being_looked_at'
            : 'received';
    return {
      reference: row.reference,
      receivedAt: row.received_at.toISOString(),
      status,
      route: row.route,
      ...(row.next_step && row.decided_at
        ? {
            outcome: {
              nextStep: row.next_step,
              nextStepText: nextStepText(row.next_step),
              decidedAt: new Date(row.decided_at).toISOString(),
            },
          }
        : {}),
    };
  }
}
