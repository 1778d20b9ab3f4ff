/**
 * The front door: a request for support becomes a contact at the Early Help Hub, whichever way it
 * came (a professional's question pages, a family's own request, a partner system's API). Every way
 * in is validated by the same rules (request.answers.ts) and routed by the same rule
 * (front-door.model.ts routeFor). A repeated submission with the same idempotency key makes no
 * second contact.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor, todayIso } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { addWorkingDays, ukDate } from './working-time.js';
import { nextStepText, reasonText, routeFor, SOURCES, type Route } from './front-door.model.js';
import { isDueDate, requestProblems, tidyAnswers, type Channel, type RequestAnswers } from './request.answers.js';
import * as repo from './contacts.repository.js';

/** The part of the notification service the front door uses. */
export interface Outbox {
  queue(
    trx: Executor,
    message: { template: string; emailAddress: string; reference: string; path: string; recordType: string; recordId: string | null },
  ): Promise<void>;
}

export interface Referrer {
  userId: string | null;
  agencyId: string | null;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
}

export interface Submission {
  channel: Channel;
  answers: RequestAnswers;
  referrer: Referrer;
  /** The same scope and key twice makes one contact: a draft's id, or a partner system's Idempotency-Key. */
  idempotency: { scope: string; key: string } | null;
}

export interface SubmittedContact {
  id: string;
  reference: string;
  route: Route['route'];
  /** False when this was a repeat of a submission already received. */
  created: boolean;
}

export interface ReferrerRequest {
  id: string;
  reference: string;
  receivedAt: Date;
  children: string;
  statusText: string;
  statusColour: string;
}

const DRAFT_HOURS = { professional: 72, family: 24 } as const;

export function hashDraftToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a referrer sees of where their request has got to: never the Hub's working notes. */
export function referrerStatus(row: { status: string; route: string; social_care_received_at: Date | null; next_step: string | null }): {
  text: string;
  colour: string;
} {
  if (row.route === 'safeguarding')
    return row.social_care_received_at
      ? { text: 'Received by children’s social care', colour: 'blue' }
      : { text: 'Sent to children’s social care', colour: 'purple' };
  if (row.status === 'decided' && row.next_step) return { text: `Decided: ${nextStepText(row.next_step)}`, colour: 'green' };
  if (row.status === 'in_progress') return { text: 'Being looked at by the Hub', colour: 'yellow' };
  return { text: 'Received', colour: 'grey' };
}

/** A contact as it arrived, with its council's settings and who has it: for the Hub and social care. */
export type ContactRow = NonNullable<Awaited<ReturnType<typeof repo.findContact>>>;
export type ContactChildRow = Awaited<ReturnType<typeof repo.listChildren>>[number];
export type ContactDecisionRow = Awaited<ReturnType<typeof repo.listDecisions>>[number];

export class ContactsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly partnership: PartnershipService,
    private readonly outbox: Outbox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get database(): Kysely<Database> {
    return this.db;
  }

  // ——— Reading contacts, for the Hub and children's social care (inside their transactions) ———

  contactRow(db: Executor, contactId: string): Promise<ContactRow | undefined> {
    return repo.findContact(db, contactId);
  }

  childrenOf(db: Executor, contactIds: string[]): Promise<ContactChildRow[]> {
    return repo.listChildren(db, contactIds);
  }

  decisionsOf(db: Executor, contactId: string): Promise<ContactDecisionRow[]> {
    return repo.listDecisions(db, contactId);
  }

  /** Checks a whole request and returns its problems (empty when it can be submitted). */
  async problems(answers: RequestAnswers, channel: Channel): Promise<Record<string, string>> {
    const councils = await this.partnership.councils();
    return requestProblems(
      answers,
      channel,
      councils.map((council) => council.id),
      ukDate(this.now()),
    );
  }

  /** Receives a request for support: validates it, routes it and records it as one contact. */
  async submit(submission: Submission): Promise<SubmittedContact> {
    const errors = await this.problems(submission.answers, submission.channel);
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const answers = tidyAnswers(submission.answers);
    const [council, quadrants] = await Promise.all([this.partnership.council(answers.councilId ?? ''), this.partnership.quadrants()]);
    const now = this.now();
    const today = ukDate(now);
    const route = routeFor({
      significantHarm: answers.significantHarm === 'yes',
      // A family asking for help themselves is agreeing to early help.
      consentEarlyHelp: submission.channel === 'family' || answers.consentEarlyHelp === 'yes',
    });
    const { idempotency } = submission;
    return this.db.transaction().execute(async (trx) => {
      if (idempotency) {
        const existing = await repo.findByIdempotencyKey(trx, idempotency.scope, idempotency.key);
        if (existing) return { id: existing.id, reference: existing.reference, route: existing.route, created: false };
      }
      const agency = submission.referrer.agencyId ? await repo.agencyKind(trx, submission.referrer.agencyId) : undefined;
      const source = submission.channel === 'family' ? 'family' : (agency?.kind ?? 'council_service');
      const quadrantId = submission.referrer.agencyId ? await repo.quadrantOfAgency(trx, submission.referrer.agencyId) : null;
      const reference = await repo.nextContactReference(trx);
      const inserted = await repo.insertContact(trx, {
        reference,
        local_authority_id: council.id,
        // Only a quadrant of the family's own council.
        quadrant_id: quadrantId && quadrants.some((q) => q.id === quadrantId && q.councilId === council.id) ? quadrantId : null,
        channel: submission.channel,
        source: SOURCES.some((item) => item.value === source) ? source : 'council_service',
        route: route.route,
        safeguarding_because: route.safeguardingBecause,
        received_at: now,
        decision_due_at: addWorkingDays(now, council.decisionTargetWorkingDays),
        referrer_user_id: submission.referrer.userId,
        referrer_agency_id: submission.referrer.agencyId,
        referrer_name: submission.referrer.name,
        referrer_role: submission.referrer.role,
        referrer_email: submission.referrer.email,
        referrer_phone: submission.referrer.phone,
        carer_name: answers.carerName ?? null,
        carer_relationship: answers.carerRelationship ?? null,
        carer_phone: answers.carerPhone ?? null,
        carer_email: answers.carerEmail ?? null,
        address_line_1: answers.addressLine1 ?? null,
        town: answers.town ?? null,
        postcode: answers.postcode ?? null,
        reasons: answers.reasons ?? [],
        other_reason: answers.otherReason ?? null,
        in_their_words: answers.inTheirWords ?? '',
        already_tried: answers.alreadyTried ?? null,
        significant_harm: answers.significantHarm === 'yes',
        consent_early_help: submission.channel === 'family' || answers.consentEarlyHelp === 'yes',
        consent_sharing: answers.consentSharing === 'yes',
        idempotency_scope: idempotency?.scope ?? null,
        idempotency_key: idempotency?.key ?? null,
      });
      if (!inserted) {
        // Another request with the same key won the race: hand back that one.
        const existing = idempotency ? await repo.findByIdempotencyKey(trx, idempotency.scope, idempotency.key) : undefined;
        if (!existing) throw new Error('A request with this idempotency key could not be found');
        return { id: existing.id, reference: existing.reference, route: existing.route, created: false };
      }
      await repo.insertChildren(
        trx,
        inserted.id,
        (answers.children ?? []).map((child) => ({
          given_name: child.givenName,
          family_name: child.familyName,
          date_of_birth: isDueDate(child.dateOfBirth, today) ? null : child.dateOfBirth,
          expected_date_of_birth: isDueDate(child.dateOfBirth, today) ? child.dateOfBirth : null,
        })),
      );
      await this.audit.record(
        trx,
        submission.referrer.userId
          ? { userId: submission.referrer.userId, label: submission.referrer.name }
          : {
              userId: null,
              label: submission.channel === 'family' ? 'A family (asking for help)' : `Partner system: ${agency?.name ?? 'unknown'}`,
            },
        {
          action: route.route === 'safeguarding' ? 'safeguarding contact received' : 'request for support received',
          recordType: 'contact',
          recordId: inserted.id,
          detail: {
            reference,
            channel: submission.channel,
            route: route.route,
            because: route.safeguardingBecause,
            reasons: answers.reasons,
          },
        },
      );
      const emailAddress = submission.channel === 'family' ? answers.carerEmail : submission.referrer.email;
      if (emailAddress) {
        await this.outbox.queue(trx, {
          template: submission.channel === 'family' ? 'family_request_received' : 'request_received',
          emailAddress,
          reference,
          path: submission.channel === 'family' ? '/ask-for-help' : `/requests/${inserted.id}`,
          recordType: 'contact',
          recordId: inserted.id,
        });
      }
      return { id: inserted.id, reference, route: route.route, created: true };
    });
  }

  // ——— Drafts of the question pages ———

  /** Starts a draft request and returns the token that names it (kept in a cookie). */
  async startDraft(kind: 'professional' | 'family', user: CurrentUser | null, answers: RequestAnswers = {}): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    const now = this.now();
    await repo.insertDraft(this.db, {
      id_hash: hashDraftToken(token),
      kind,
      user_id: user?.id ?? null,
      answers: JSON.stringify(answers),
      expires_at: new Date(now.getTime() + DRAFT_HOURS[kind] * 3_600_000),
    });
    return token;
  }

  /** A draft's answers, if the token names a live draft of this kind belonging to this person. */
  async draft(
    token: string | undefined,
    kind: 'professional' | 'family',
    user: CurrentUser | null,
  ): Promise<{ idHash: string; answers: RequestAnswers & { submittedContactId?: string; submittedReference?: string } } | undefined> {
    if (!token) return undefined;
    const row = await repo.findDraft(this.db, hashDraftToken(token), this.now());
    if (!row || row.kind !== kind || row.user_id !== (user?.id ?? null)) return undefined;
    return { idHash: row.id_hash, answers: row.answers };
  }

  async saveDraft(idHash: string, answers: RequestAnswers): Promise<void> {
    await repo.updateDraft(this.db, idHash, JSON.stringify(answers), this.now());
  }

  async sweepDrafts(): Promise<number> {
    return repo.deleteExpiredDrafts(this.db, this.now());
  }

  // ——— A referrer following their requests ———

  async requestsOf(user: CurrentUser): Promise<ReferrerRequest[]> {
    const rows = await repo.listRequestsOfReferrer(this.db, user.id, 100);
    return rows.map((row) => {
      const status = referrerStatus(row);
      return {
        id: row.id,
        reference: row.reference,
        receivedAt: row.received_at,
        children: row.children ?? '',
        statusText: status.text,
        statusColour: status.colour,
      };
    });
  }

  /** One of the referrer's own requests: what they sent, and the outcome. Audited. */
  async requestOf(user: CurrentUser, contactId: string) {
    return this.db.transaction().execute(async (trx: Transaction<Database>) => {
      const contact = await repo.findContact(trx, contactId);
      if (!contact || contact.referrer_user_id !== user.id) throw new NotFoundError('Request for support');
      const [children, decisions] = await Promise.all([repo.listChildren(trx, [contact.id]), repo.listDecisions(trx, contact.id)]);
      await this.audit.record(trx, actorFor(user), {
        action: 'own request for support viewed',
        recordType: 'contact',
        recordId: contact.id,
      });
      const current = decisions.at(-1);
      const status = referrerStatus({ ...contact, next_step: current?.next_step ?? null });
      return {
        contact,
        children,
        reasons: contact.reasons.map((reason) => (reason === 'other' && contact.other_reason ? contact.other_reason : reasonText(reason))),
        statusText: status.text,
        statusColour: status.colour,
        outcome: current
          ? {
              nextStep: nextStepText(current.next_step),
              needLevel: `${current.need_level}: ${current.need_level_name}`,
              decidedAt: current.decided_at,
              advice: current.advice,
              corrected: decisions.length > 1,
            }
          : undefined,
        today: todayIso(this.now()),
      };
    });
  }
}
