/**
 * The Early Help Hub's work on each contact (seed 000 "coordinates access to targeted early help
 * services"): the queue with each contact's age in working time against the council's decision
 * target; claiming and assigning; what is already known about the family; linking the request to
 * the family's record; and the decision — the level of need against the council's threshold
 * framework, the reasons and the next step, with its effects on the family's record.
 *
 * A decision is made once: the database refuses a second first decision for a contact, so two
 * officers cannot both decide it. A correction is a new, audited decision that names the one it
 * corrects and why; the effects follow the correction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, NextStep } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import type { ChronologyService } from '../chronology/chronology.service.js';
import type { ConsentService } from '../consent/consent.service.js';
import { actorFor, type FamiliesService } from '../families/families.service.js';
import type { Agency, Council, NeedLevel, PartnershipService, Quadrant, Team } from '../partnership/partnership.service.js';
import type { PeopleService } from '../people/people.service.js';
import { scoreMatch } from '../people/matching.js';
import type { ContactChildRow, ContactRow, ContactsService, Outbox } from '../front-door/contacts.service.js';
import {
  AGE_BANDS,
  NEEDS_CONSENT_TO_SHARE,
  NEEDS_FAMILY_RECORD,
  NEXT_STEPS,
  nextStepText,
  reasonText,
  sourceText,
  STARTS_SUPPORT,
} from '../front-door/front-door.model.js';
import { contactAge, ukDate } from '../front-door/working-time.js';
import * as repo from './hub.repository.js';

export const QUEUE_PAGE_SIZE = 50;
/** A new contact within this long of an episode's closure is a re-referral (seed 000 outcomes framework). */
export const RE_REFERRAL_MONTHS = 24;

export interface QueueInput {
  council?: string;
  quadrant?: string;
  age?: string;
  source?: string;
  reason?: string;
  status?: string;
  page?: string;
}

function monthsBefore(iso: string, months: number): string {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

function yearsBefore(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) - years).padStart(4, '0')}${iso.slice(4)}`;
}

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export function formatWorkingAge(hours: number): string {
  const days = Math.floor(hours / 8);
  const rest = Math.floor(hours - days * 8);
  if (days === 0) return rest === 1 ? '1 working hour' : `${rest} working hours`;
  return `${days} working ${days === 1 ? 'day' : 'days'}${rest > 0 ? `, ${rest} ${rest === 1 ? 'hour' : 'hours'}` : ''}`;
}

const STATUS_TEXT = { green: 'Within target', amber: 'Due soon', red: 'Overdue' } as const;
const STATUS_CLASS = { green: 'govuk-tag--green', amber: 'govuk-tag--yellow', red: 'govuk-tag--red' } as const;

export interface DecisionInput {
  needLevelId: string;
  reasons: string;
  nextStep: string;
  advice: string;
  leadAgencyId: string;
  teamId: string;
  quadrantId: string;
  stepUpReason: string;
  correctionReason?: string;
}

/** The partnership's shape a decision is checked against, read before a transaction opens. */
interface PartnershipShape {
  councils: Council[];
  quadrants: Quadrant[];
  teams: Team[];
  agencies: Agency[];
  needLevels: NeedLevel[];
}

export class HubService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly families: FamiliesService,
    private readonly people: PeopleService,
    private readonly consent: ConsentService,
    private readonly chronology: ChronologyService,
    private readonly partnership: PartnershipService,
    private readonly outbox: Outbox,
    private readonly contacts: ContactsService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async shape(): Promise<PartnershipShape> {
    const [councils, quadrants, teams, agencies, needLevels] = await Promise.all([
      this.partnership.councils(),
      this.partnership.quadrants(),
      this.partnership.teams(),
      this.partnership.agencies(),
      this.partnership.needLevels(),
    ]);
    return { councils, quadrants, teams, agencies, needLevels };
  }

  // ——— The queue ———

  async queue(user: CurrentUser, input: QueueInput) {
    const now = this.now();
    const today = ukDate(now);
    const [councils, quadrants] = await Promise.all([this.partnership.councils(), this.partnership.quadrants()]);
    const councilId =
      input.council === 'all' ? null : councils.some((c) => c.id === input.council) ? (input.council ?? null) : user.localAuthorityId;
    const band = AGE_BANDS.find((item) => item.value === input.age);
    const filter: repo.QueueFilter = {
      councilId,
      quadrantId: quadrants.some((q) => q.id === input.quadrant) ? (input.quadrant ?? null) : null,
      source: input.source && input.source !== '' ? input.source : null,
      reason: input.reason && input.reason !== '' ? input.reason : null,
      // Born after (today − (to + 1) years) and on or before (today − from years).
      bornFrom: band ? dayBefore(yearsBefore(today, band.to + 1)) : null,
      bornTo: band ? (band.from === 0 ? '9999-12-31' : yearsBefore(today, band.from)) : null,
      status: input.status === 'new' || input.status === 'in_progress' || input.status === 'mine' ? input.status : null,
      userId: user.id,
    };
    const page = Math.max(1, Number.parseInt(input.page ?? '1', 10) || 1);
    return this.db.transaction().execute(async (trx) => {
      const [total, rows] = await Promise.all([
        repo.countQueue(trx, filter),
        repo.listQueue(trx, filter, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE),
      ]);
      const children = await this.contacts.childrenOf(
        trx,
        rows.map((row) => row.id),
      );
      await this.audit.record(trx, actorFor(user), {
        action: 'Hub queue viewed',
        recordType: 'hub queue',
        recordId: councilId,
        detail: { filter: { ...filter, userId: undefined }, page, shown: rows.length },
      });
      return {
        total,
        page,
        pageCount: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
        filter: {
          council: councilId ?? 'all',
          quadrant: filter.quadrantId ?? '',
          age: band?.value ?? '',
          source: filter.source ?? '',
          reason: filter.reason ?? '',
          status: filter.status ?? '',
        },
        councilItems: [{ value: 'all', text: 'All councils' }, ...councils.map((c) => ({ value: c.id, text: c.name }))],
        quadrantItems: quadrants.filter((q) => councilId === null || q.councilId === councilId).map((q) => ({ value: q.id, text: q.name })),
        rows: rows.map((row) => {
          const age = contactAge(row.received_at, now, row.decision_target_working_days);
          return {
            id: row.id,
            reference: row.reference,
            councilName: row.council_name,
            quadrantName: row.quadrant_name,
            receivedAt: row.received_at,
            ageText: formatWorkingAge(age.workingHours),
            workingHours: age.workingHours,
            rag: age.status,
            ragText: STATUS_TEXT[age.status],
            ragClass: STATUS_CLASS[age.status],
            decisionDue: age.decisionDue,
            source: row.channel === 'family' ? 'The family' : (row.referrer_agency_name ?? sourceText(row.source)),
            reasons: row.reasons.map(reasonText),
            claimedBy: row.claimed_by_name,
            claimedByMe: row.claimed_by_user_id === user.id,
            status: row.status,
            version: row.version,
            children: children
              .filter((child) => child.contact_id === row.id)
              .map((child) => ({
                name: `${child.given_name} ${child.family_name}`,
                dateOfBirth: child.date_of_birth,
                expected: child.expected_date_of_birth,
              })),
          };
        }),
        today,
      };
    });
  }

  /** How much is waiting for a council's Hub, for the Hub officer's home page. */
  async waiting(councilId: string): Promise<{ waiting: number; overdue: number }> {
    return repo.waitingCounts(this.db, councilId, this.now());
  }

  // ——— Claiming and assigning ———

  async claim(user: CurrentUser, contactId: string, version: number, officerId?: string): Promise<void> {
    const assignee = officerId ?? user.id;
    await this.db.transaction().execute(async (trx) => {
      const contact = await this.hubContact(trx, user, contactId);
      if (officerId) {
        const officers = await repo.hubOfficers(trx, contact.local_authority_id);
        if (!officers.some((officer) => officer.id === officerId))
          throw new ValidationError({ officerId: 'Select a Hub officer from the list' });
      }
      if (!(await repo.claim(trx, contactId, assignee, version, this.now())))
        throw new ConflictError('Someone else has claimed, assigned or decided this contact since you opened it');
      await this.audit.record(trx, actorFor(user), {
        action: officerId && officerId !== user.id ? 'contact assigned' : 'contact claimed',
        recordType: 'contact',
        recordId: contactId,
        detail: { assignee },
      });
    });
  }

  /** A contact the Hub may work: an early help contact of a council. */
  private async hubContact(trx: Transaction<Database>, _user: CurrentUser, contactId: string) {
    if (!isUuid(contactId)) throw new NotFoundError('Contact');
    const contact = await this.contacts.contactRow(trx, contactId);
    if (!contact || contact.route !== 'early_help') throw new NotFoundError('Contact');
    return contact;
  }

  async hubOfficers(councilId: string) {
    return repo.hubOfficers(this.db, councilId);
  }

  // ——— The contact page: the request and what is already known ———

  async contact(user: CurrentUser, contactId: string) {
    const now = this.now();
    const councils = await this.partnership.councils();
    return this.db.transaction().execute(async (trx) => {
      const contact = await this.hubContact(trx, user, contactId);
      const [children, decisions] = await Promise.all([
        this.contacts.childrenOf(trx, [contact.id]),
        this.contacts.decisionsOf(trx, contact.id),
      ]);
      const council = councils.find((item) => item.id === contact.local_authority_id);
      if (!council) throw new NotFoundError('Council');
      const age = contactAge(
        contact.received_at,
        contact.status === 'decided' ? (decisions[0]?.decided_at ?? now) : now,
        council.decisionTargetWorkingDays,
      );

      // People already known who may be these children, each with their families.
      const matches = await this.matchChildren(trx, children, contact.postcode);
      const candidateFamilyIds = [...new Set(matches.flatMap((match) => match.candidates.flatMap((candidate) => candidate.familyIds)))];
      const familyIds = contact.family_id ? [contact.family_id] : candidateFamilyIds;
      const headers = await repo.familyHeaders(trx, familyIds);
      const known = await this.whatIsKnown(
        trx,
        contact,
        headers,
        children.map((c) => c.person_id).filter((id): id is string => id !== null),
      );

      await this.audit.record(trx, actorFor(user), {
        action: 'contact viewed',
        recordType: 'contact',
        recordId: contact.id,
        detail: { reference: contact.reference, familiesShown: familyIds },
      });
      const current = decisions.at(-1);
      return {
        contact,
        children,
        reasons: contact.reasons.map((reason) =>
          reason === 'other' && contact.other_reason ? `Something else: ${contact.other_reason}` : reasonText(reason),
        ),
        source:
          contact.channel === 'family'
            ? 'The family asked for help themselves'
            : `${contact.referrer_name}${contact.referrer_agency_name ? `, ${contact.referrer_agency_name}` : ''}`,
        age: {
          text: formatWorkingAge(age.workingHours),
          rag: age.status,
          ragText: STATUS_TEXT[age.status],
          ragClass: STATUS_CLASS[age.status],
          decisionDue: age.decisionDue,
        },
        matches,
        known,
        decisions: decisions.map((decision) => ({
          ...decision,
          nextStepText: nextStepText(decision.next_step),
          corrected: decisions.some((other) => other.corrects_decision_id === decision.id),
        })),
        current,
        council,
        claimedByMe: contact.claimed_by_user_id === user.id,
      };
    });
  }

  private async matchChildren(trx: Transaction<Database>, children: ContactChildRow[], postcode: string | null) {
    return Promise.all(
      children.map(async (child) => {
        const facts = {
          givenName: child.given_name,
          familyName: child.family_name,
          ...(child.date_of_birth
            ? { dateOfBirth: child.date_of_birth }
            : child.expected_date_of_birth
              ? { dateOfBirth: child.expected_date_of_birth }
              : {}),
          ...(postcode ? { postcode } : {}),
        };
        const candidates = (await this.people.search.candidatesFor(trx, facts))
          .map((candidate) => ({ candidate, match: scoreMatch(facts, candidate.facts) }))
          .filter((item) => item.match.band !== 'weak')
          .sort((a, b) => b.match.score - a.match.score)
          .slice(0, 5);
        const familiesByPerson = await this.families.familyIdsOfPeople(
          trx,
          candidates.map((item) => item.candidate.id),
        );
        return {
          child,
          candidates: candidates.map((item) => ({
            id: item.candidate.id,
            name: item.candidate.name,
            dateOfBirth: item.candidate.facts.dateOfBirth ?? null,
            band: item.match.band,
            reasons: item.match.reasons,
            conflicts: item.match.conflicts,
            familyIds: familiesByPerson.get(item.candidate.id) ?? [],
          })),
        };
      }),
    );
  }

  /**
   * What is already known about some families: their people, episodes, earlier contacts and social
   * care's involvement, from four queries however many families there are.
   */
  private async whatIsKnown(
    trx: Transaction<Database>,
    contact: { id: string; received_at: Date },
    families: { id: string; reference: string; name: string; council_name: string }[],
    personIds: string[],
  ) {
    const familyIds = families.map((family) => family.id);
    const [members, episodes, earlier, socialCare] = await Promise.all([
      repo.familyMembers(trx, familyIds),
      repo.episodesOfFamilies(trx, familyIds),
      repo.earlierContacts(trx, contact.id, familyIds, personIds),
      repo.socialCareInvolvements(trx, familyIds),
    ]);
    const received = ukDate(contact.received_at);
    const since = monthsBefore(received, RE_REFERRAL_MONTHS);
    return families.map((family) => {
      const own = episodes.filter((episode) => episode.family_id === family.id);
      // Earlier contacts linked to this family, and those about the same children not yet linked to any.
      const contacts = earlier.filter((row) => row.family_id === family.id || row.family_id === null);
      const involvements = socialCare.filter((row) => row.family_id === family.id);
      const recentClosure = own.find(
        (episode) => episode.closed_on !== null && episode.closed_on >= since && episode.closed_on <= received,
      );
      const safeguarding = contacts.filter((row) => row.route === 'safeguarding' || row.next_step === 'step_up');
      return {
        family,
        members: members.filter((member) => member.family_id === family.id),
        openEpisodes: own.filter((episode) => episode.status !== 'closed'),
        pastEpisodes: own.filter((episode) => episode.status === 'closed'),
        reReferral: recentClosure ? { closedOn: recentClosure.closed_on } : null,
        earlierContacts: contacts.slice(0, 20).map((row) => ({
          ...row,
          outcome:
            row.route === 'safeguarding'
              ? 'Safeguarding contact for children’s social care'
              : row.next_step
                ? nextStepText(row.next_step)
                : 'Not yet decided',
        })),
        socialCare: {
          involved: involvements.length > 0 || safeguarding.length > 0,
          involvements,
          safeguardingContacts: safeguarding.length,
        },
      };
    });
  }

  async setQuadrant(user: CurrentUser, contactId: string, quadrantId: string, version: number): Promise<void> {
    const quadrants = await this.partnership.quadrants();
    await this.db.transaction().execute(async (trx) => {
      const contact = await this.hubContact(trx, user, contactId);
      if (quadrantId !== '' && !quadrants.some((q) => q.id === quadrantId && q.councilId === contact.local_authority_id))
        throw new ValidationError({ quadrantId: 'Select a quadrant of the family’s council' });
      if (!(await repo.setQuadrant(trx, contactId, quadrantId === '' ? null : quadrantId, version, this.now())))
        throw new ConflictError('Someone else changed this contact since you opened it');
      await this.audit.record(trx, actorFor(user), {
        action: 'contact quadrant set',
        recordType: 'contact',
        recordId: contactId,
        detail: { quadrantId },
      });
    });
  }

  // ——— Linking the request to the family's record ———

  /**
   * Links a contact to a family: an existing family found by matching, or a new family record made
   * from the request (its children and the parent or carer). The request's children are matched to
   * the family's people by name and date of birth; any not already there are added. The request's
   * consent is recorded on the family, and the Hub's agency is involved, so that the Hub and the
   * services it decides on can open the record.
   */
  async linkFamily(user: CurrentUser, contactId: string, choice: string, version: number): Promise<string> {
    if (choice !== 'new' && !isUuid(choice))
      throw new ValidationError({ familyChoice: 'Select the family, or that none of these is them' });
    return this.db.transaction().execute(async (trx) => {
      const contact = await this.hubContact(trx, user, contactId);
      if (contact.status === 'decided') throw new ConflictError('This contact has been decided; its family cannot be changed');
      if (contact.family_id) throw new ConflictError('This contact is already linked to a family');
      const children = await this.contacts.childrenOf(trx, [contact.id]);
      const today = ukDate(this.now());
      let familyId: string;
      let householdId: string | null;
      let familyReference: string;
      if (choice === 'new') {
        const first = children[0];
        const created = await this.families.createFamilyIn(trx, user, `${first?.family_name ?? 'New'} family`, contact.local_authority_id);
        familyId = created.id;
        householdId = created.householdId;
        familyReference = created.reference;
      } else {
        const [header] = await repo.familyHeaders(trx, [choice]);
        if (!header) throw new ValidationError({ familyChoice: 'That family is no longer in TellOnce. Choose again' });
        familyId = header.id;
        familyReference = header.reference;
        householdId = (await this.families.households(trx, familyId))[0]?.id ?? null;
      }
      // The children: matched to the family's people, or added.
      const members = await repo.familyMembers(trx, [familyId]);
      const used = new Set<string>();
      for (const child of children) {
        const born = child.date_of_birth ?? child.expected_date_of_birth;
        const same = members.find(
          (member) =>
            !used.has(member.id) &&
            member.given_name.toLowerCase() === child.given_name.toLowerCase() &&
            member.family_name.toLowerCase() === child.family_name.toLowerCase() &&
            (member.date_of_birth ?? member.expected_date_of_birth) === born,
        );
        let personId = same?.id;
        if (!personId) {
          personId = await this.people.createPersonIn(trx, user, {
            givenName: child.given_name,
            familyName: child.family_name,
            dateOfBirth: child.date_of_birth,
            expectedDateOfBirth: child.expected_date_of_birth,
            postcode: contact.postcode,
            because: `added from request for support ${contact.reference}`,
          });
          await this.families.addMemberIn(trx, familyId, personId, householdId);
        }
        used.add(personId);
        await repo.linkChild(trx, child.id, personId);
      }
      // The parent or carer who agreed: a member by name, or added as a new person.
      let carerId: string | null = null;
      if (contact.carer_name) {
        const carerName = contact.carer_name.toLowerCase().replace(/\s+/g, ' ');
        carerId = members.find((member) => `${member.given_name} ${member.family_name}`.toLowerCase() === carerName)?.id ?? null;
        if (!carerId && choice === 'new') {
          const parts = contact.carer_name.trim().split(/\s+/);
          const familyName = parts.length > 1 ? (parts.pop() ?? '') : (children[0]?.family_name ?? 'Unknown');
          carerId = await this.people.createPersonIn(trx, user, {
            givenName: parts.join(' ') || contact.carer_name,
            familyName,
            dateOfBirth: null,
            expectedDateOfBirth: null,
            postcode: contact.postcode,
            because: `parent or carer named in request for support ${contact.reference}`,
          });
          await this.families.addMemberIn(trx, familyId, carerId, householdId);
        }
      }
      // Otherwise the first adult in the family gave consent on the family's behalf.
      if (!carerId)
        carerId = members.find((member) => member.date_of_birth !== null && member.date_of_birth <= yearsBefore(today, 18))?.id ?? null;
      await this.families.ensureInvolvementIn(trx, familyId, {
        agencyId: user.agencyId,
        professionalUserId: null,
        professionalRole: 'early_help_worker',
      });
      if (contact.consent_early_help) {
        await this.consent.recordFromRequestIn(trx, user, familyId, {
          reference: contact.reference,
          givenByPersonId: carerId,
          givenOn: ukDate(contact.received_at),
          method: contact.channel === 'professional' ? 'verbal' : 'electronic',
          agencyIds: contact.consent_sharing
            ? [user.agencyId, ...(contact.referrer_agency_id ? [contact.referrer_agency_id] : [])]
            : [user.agencyId],
        });
      }
      if (!(await repo.linkFamily(trx, contactId, familyId, version, this.now())))
        throw new ConflictError('Someone else changed this contact since you opened it');
      if (contact.referrer_agency_id && contact.consent_sharing)
        await this.families.ensureInvolvementIn(trx, familyId, {
          agencyId: contact.referrer_agency_id,
          professionalUserId: contact.referrer_user_id,
          professionalRole: 'other',
        });
      await this.chronology.record(trx, {
        familyId,
        occurredOn: ukDate(contact.received_at),
        summary: `Request for support ${contact.reference} to the Early Help Hub, from ${contact.channel === 'family' ? 'the family' : (contact.referrer_agency_name ?? contact.referrer_name)}: ${contact.reasons.map(reasonText).join(', ')}`,
        sourceAgencyId: contact.referrer_agency_id,
        significance: 'significant',
        category: 'support',
        recordedByUserId: user.id,
      });
      await this.audit.record(trx, actorFor(user), {
        action: choice === 'new' ? 'contact linked to a new family record' : 'contact linked to a family',
        recordType: 'contact',
        recordId: contactId,
        detail: { familyId, familyReference },
      });
      return familyId;
    });
  }

  // ——— The decision ———

  private checkDecision(shape: PartnershipShape, contact: ContactRow, input: DecisionInput): { nextStep: NextStep; errors: FieldErrors } {
    const errors: FieldErrors = {};
    const levels = shape.needLevels.filter((level) => level.councilId === contact.local_authority_id);
    if (!levels.some((level) => level.id === input.needLevelId)) errors.needLevelId = 'Select the level of need';
    const reasons = input.reasons.trim();
    if (reasons === '') errors.reasons = 'Explain the decision: what you found, and why this level and next step';
    else if (reasons.length > 5000) errors.reasons = 'The reasons must be 5,000 characters or fewer';
    const step = NEXT_STEPS.find((item) => item.value === input.nextStep)?.value;
    if (!step) errors.nextStep = 'Select the next step';
    if (step && NEEDS_FAMILY_RECORD.includes(step) && !contact.family_id)
      errors.nextStep = `${nextStepText(step)} needs the family’s record: link this request to a family first`;
    else if (step && NEEDS_CONSENT_TO_SHARE.includes(step) && !contact.consent_sharing)
      errors.nextStep =
        'The family has not agreed to share their information, so the Hub can only give advice, signpost, or step up to social care';
    if ((step === 'advice' || step === 'signpost') && input.advice.trim() === '')
      errors.advice =
        step === 'advice' ? 'Enter the advice or information given' : 'Enter the community support the family is signposted to';
    if (input.advice.length > 5000) errors.advice = 'This must be 5,000 characters or fewer';
    if (step === 'lead_professional') {
      if (!shape.agencies.some((agency) => agency.id === input.leadAgencyId))
        errors.leadAgencyId = 'Select the partner agency that will provide the Lead Professional';
    }
    if (
      step === 'targeted_support' &&
      !shape.councils.some((c) => c.id === contact.local_authority_id && c.allocationModel === 'multi_agency_panel')
    ) {
      if (
        !shape.teams.some((team) => team.id === input.teamId && team.councilId === contact.local_authority_id && team.quadrantId !== null)
      )
        errors.teamId = 'Select the quadrant team that will give targeted support';
    }
    if (step === 'quadrant_forum' || (step === 'targeted_support' && input.quadrantId !== '')) {
      if (!shape.quadrants.some((q) => q.id === input.quadrantId && q.councilId === contact.local_authority_id))
        errors.quadrantId =
          step === 'quadrant_forum'
            ? 'Select the quadrant whose forum will discuss the family'
            : 'Select a quadrant of the family’s council';
    }
    if (step === 'step_up') {
      if (input.stepUpReason.trim() === '') errors.stepUpReason = 'Explain why this needs children’s social care';
      else if (input.stepUpReason.length > 5000) errors.stepUpReason = 'This must be 5,000 characters or fewer';
    }
    return { nextStep: step ?? 'advice', errors };
  }

  /** Records the Hub's decision on a contact and carries out its next step. Returns the decision's id. */
  async decide(user: CurrentUser, contactId: string, input: DecisionInput, version: number): Promise<string> {
    const now = this.now();
    const shape = await this.shape();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const contact = await this.hubContact(trx, user, contactId);
        if (contact.status === 'decided')
          throw new ConflictError('Another officer has already decided this contact. Correct the decision instead if it is wrong');
        const { nextStep, errors } = this.checkDecision(shape, contact, input);
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        if (!(await repo.markDecided(trx, contactId, version, now)))
          throw new ConflictError('Someone else changed or decided this contact since you opened it');
        const { id } = await repo.insertDecision(trx, this.decisionRow(user, contact, input, nextStep, now, null));
        await this.carryOut(trx, shape, user, contact, id, nextStep, input, null);
        await this.audit.record(trx, actorFor(user), {
          action: 'contact decided',
          recordType: 'contact',
          recordId: contactId,
          detail: { decisionId: id, nextStep, needLevelId: input.needLevelId, withinTarget: now <= contact.decision_due_at },
        });
        await this.tellReferrer(trx, contact);
        return id;
      });
    } catch (error) {
      // The unique index on first decisions: another officer decided at the same moment.
      if (error instanceof Error && /contact_decisions_first_key|duplicate key/.test(error.message))
        throw new ConflictError('Another officer has already decided this contact');
      throw error;
    }
  }

  /** Corrects the newest decision on a contact: a new decision naming the one it corrects and why. */
  async correct(user: CurrentUser, contactId: string, decisionId: string, input: DecisionInput): Promise<string> {
    const now = this.now();
    const why = (input.correctionReason ?? '').trim();
    const shape = await this.shape();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const contact = await this.hubContact(trx, user, contactId);
        const earlier = isUuid(decisionId) ? await repo.findDecision(trx, decisionId) : undefined;
        if (!earlier || earlier.contact_id !== contactId) throw new NotFoundError('Decision');
        if (await repo.isCorrected(trx, decisionId))
          throw new ConflictError('This decision has already been corrected. Correct the newest decision');
        const { nextStep, errors } = this.checkDecision(shape, contact, input);
        if (why === '') errors.correctionReason = 'Explain why the decision is being corrected';
        else if (why.length > 2000) errors.correctionReason = 'This must be 2,000 characters or fewer';
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        const { id } = await repo.insertDecision(trx, {
          ...this.decisionRow(user, contact, input, nextStep, now, decisionId),
          within_target: earlier.within_target,
        });
        await this.carryOut(trx, shape, user, contact, id, nextStep, input, earlier);
        await this.audit.record(trx, actorFor(user), {
          action: 'contact decision corrected',
          recordType: 'contact',
          recordId: contactId,
          reason: why,
          detail: { decisionId: id, corrects: decisionId, from: earlier.next_step, to: nextStep },
        });
        await this.tellReferrer(trx, contact);
        return id;
      });
    } catch (error) {
      if (error instanceof Error && /contact_decisions_correction_key|duplicate key/.test(error.message))
        throw new ConflictError('This decision has already been corrected');
      throw error;
    }
  }

  private decisionRow(
    user: CurrentUser,
    contact: { id: string; local_authority_id: string; decision_due_at: Date },
    input: DecisionInput,
    nextStep: NextStep,
    now: Date,
    corrects: string | null,
  ) {
    return {
      contact_id: contact.id,
      local_authority_id: contact.local_authority_id,
      need_level_id: input.needLevelId,
      reasons: input.reasons.trim(),
      next_step: nextStep,
      advice: nextStep === 'advice' || nextStep === 'signpost' ? input.advice.trim() : null,
      lead_agency_id: nextStep === 'lead_professional' ? input.leadAgencyId : null,
      team_id: nextStep === 'targeted_support' && input.teamId !== '' ? input.teamId : null,
      quadrant_id: (nextStep === 'quadrant_forum' || nextStep === 'targeted_support') && input.quadrantId !== '' ? input.quadrantId : null,
      step_up_reason: nextStep === 'step_up' ? input.stepUpReason.trim() : null,
      within_target: now <= contact.decision_due_at,
      corrects_decision_id: corrects,
      correction_reason: corrects ? (input.correctionReason ?? '').trim() : null,
      decided_by_user_id: user.id,
      decided_at: now,
    };
  }

  /**
   * The next step's effects. Support opens (or, on a correction, changes) an early help episode on
   * the family's record; a panel council's targeted support goes onto the panel's list; the forum
   * gets the family on its list; a step-up hands over to children's social care. Each is added to
   * the family's chronology.
   */
  private async carryOut(
    trx: Transaction<Database>,
    shape: PartnershipShape,
    user: CurrentUser,
    contact: ContactRow,
    decisionId: string,
    nextStep: NextStep,
    input: DecisionInput,
    earlier: { episode_id: string | null; next_step: string } | null,
  ): Promise<void> {
    const now = this.now();
    const today = ukDate(now);
    const familyId = contact.family_id;
    const chronicle = async (summary: string, significance: 'routine' | 'significant' | 'critical', category: string) => {
      if (familyId)
        await this.chronology.record(trx, {
          familyId,
          occurredOn: today,
          summary,
          sourceAgencyId: user.agencyId,
          significance,
          category,
          recordedByUserId: user.id,
        });
    };
    if (earlier) await repo.withdrawPanelCasesOfContact(trx, contact.id);
    const panelCouncil = contact.allocation_model === 'multi_agency_panel';
    const level = shape.needLevels.find((item) => item.id === input.needLevelId);
    const levelText = level ? `level ${level.level}, ${level.name}` : 'a level of need';
    const decidedText = earlier ? 'Early Help Hub corrected its decision on' : 'Early Help Hub decided on';

    // An episode opened by the earlier decision, carried over or closed.
    let episodeId = earlier?.episode_id ?? null;
    if (episodeId && !STARTS_SUPPORT.includes(nextStep)) {
      await repo.updateEpisode(trx, episodeId, { status: 'closed', closed_on: today, closure_reason: 'decision_corrected' }, now);
      await chronicle('Early help episode closed: the Hub corrected the decision that opened it', 'significant', 'support');
      episodeId = null;
    }

    if (STARTS_SUPPORT.includes(nextStep) && familyId) {
      const kind = nextStep === 'lead_professional' ? 'lead_professional' : 'targeted';
      const teamId = nextStep === 'targeted_support' && input.teamId !== '' ? input.teamId : null;
      const status = nextStep === 'lead_professional' ? 'open' : panelCouncil && !teamId ? 'awaiting_panel' : 'awaiting_allocation';
      const quadrantId = input.quadrantId !== '' ? input.quadrantId : (contact.quadrant_id ?? null);
      if (episodeId) {
        await repo.updateEpisode(
          trx,
          episodeId,
          {
            kind,
            status,
            team_id: teamId,
            quadrant_id: quadrantId,
            lead_agency_id: nextStep === 'lead_professional' ? input.leadAgencyId : null,
          },
          now,
        );
      } else {
        episodeId = (
          await repo.insertEpisode(trx, {
            family_id: familyId,
            local_authority_id: contact.local_authority_id,
            contact_id: contact.id,
            kind,
            status,
            quadrant_id: quadrantId,
            team_id: teamId,
            lead_agency_id: nextStep === 'lead_professional' ? input.leadAgencyId : null,
            worker_user_id: null,
            started_on: today,
          })
        ).id;
      }
      await repo.setDecisionEpisode(trx, decisionId, episodeId);
      if (nextStep === 'lead_professional') {
        const agency = shape.agencies.find((item) => item.id === input.leadAgencyId);
        await this.families.ensureInvolvementIn(trx, familyId, {
          agencyId: input.leadAgencyId,
          professionalUserId: null,
          professionalRole: 'other',
        });
        await this.consent.recordFromRequestIn(trx, user, familyId, {
          reference: contact.reference,
          givenByPersonId: null,
          givenOn: ukDate(contact.received_at),
          method: 'verbal',
          agencyIds: [input.leadAgencyId],
        });
        await chronicle(
          `${decidedText} ${contact.reference}: ${levelText}; support from a Lead Professional at ${agency?.name ?? 'a partner agency'}. Early help episode opened`,
          'significant',
          'support',
        );
      } else if (teamId) {
        const team = shape.teams.find((item) => item.id === teamId);
        const teamAgency = await repo.agencyOfTeam(trx, teamId);
        if (teamAgency) {
          await this.families.ensureInvolvementIn(trx, familyId, {
            agencyId: teamAgency.agency_id,
            professionalUserId: null,
            professionalRole: 'early_help_worker',
          });
          await this.consent.recordFromRequestIn(trx, user, familyId, {
            reference: contact.reference,
            givenByPersonId: null,
            givenOn: ukDate(contact.received_at),
            method: 'verbal',
            agencyIds: [teamAgency.agency_id],
          });
        }
        await chronicle(
          `${decidedText} ${contact.reference}: ${levelText}; targeted support by ${team?.name ?? 'a quadrant team'}. Early help episode opened, awaiting allocation`,
          'significant',
          'support',
        );
        const manager = await repo.teamManagerEmail(trx, teamId);
        if (manager)
          await this.outbox.queue(trx, {
            template: 'allocated_to_team',
            emailAddress: manager.email,
            reference: contact.reference,
            path: '/allocation',
            recordType: 'episode',
            recordId: episodeId,
          });
      } else {
        // A panel council: onto the panel's list (Peterborough's MASG, seed 001).
        await repo.insertPanelCase(trx, {
          local_authority_id: contact.local_authority_id,
          kind: 'allocation_panel',
          quadrant_id: quadrantId,
          contact_id: contact.id,
          decision_id: decisionId,
          family_id: familyId,
          episode_id: episodeId,
          listed_at: now,
        });
        await chronicle(
          `${decidedText} ${contact.reference}: ${levelText}; targeted support. Added to the ${contact.panel_name ?? 'multi-agency panel'}’s list for allocation`,
          'significant',
          'support',
        );
        await this.tellPanelCoordinators(trx, contact, 'episode', episodeId);
      }
      return;
    }

    if (nextStep === 'quadrant_forum' && familyId) {
      const quadrant = shape.quadrants.find((item) => item.id === input.quadrantId);
      await repo.insertPanelCase(trx, {
        local_authority_id: contact.local_authority_id,
        kind: 'quadrant_forum',
        quadrant_id: input.quadrantId,
        contact_id: contact.id,
        decision_id: decisionId,
        family_id: familyId,
        episode_id: null,
        listed_at: now,
      });
      await chronicle(
        `${decidedText} ${contact.reference}: ${levelText}; to be discussed at the ${quadrant?.name ?? ''} quadrant multi-agency forum`,
        'significant',
        'support',
      );
      await this.tellPanelCoordinators(trx, contact, 'contact', contact.id);
      return;
    }

    if (nextStep === 'step_up') {
      await chronicle(
        `${decidedText} ${contact.reference}: ${levelText}; stepped up to children’s social care. ${input.stepUpReason.trim()}`,
        'critical',
        'safeguarding',
      );
      return;
    }

    await chronicle(
      `${decidedText} ${contact.reference}: ${levelText}; ${nextStep === 'advice' ? 'advice and information given' : 'signposted to community support'}`,
      'routine',
      'support',
    );
  }

  private async tellPanelCoordinators(
    trx: Transaction<Database>,
    contact: { local_authority_id: string; reference: string },
    recordType: 'episode' | 'contact',
    recordId: string,
  ): Promise<void> {
    for (const coordinator of await repo.panelCoordinatorEmails(trx, contact.local_authority_id))
      await this.outbox.queue(trx, {
        template: 'panel_listing',
        emailAddress: coordinator.email,
        reference: contact.reference,
        path: '/panels',
        recordType,
        recordId,
      });
  }

  private async tellReferrer(
    trx: Transaction<Database>,
    contact: { id: string; reference: string; channel: string; referrer_email: string | null; carer_email: string | null },
  ) {
    if (contact.channel === 'family') {
      // A family who asked for help themselves hears that the Hub has looked at it, if they gave an email address.
      if (contact.carer_email)
        await this.outbox.queue(trx, {
          template: 'family_decision_made',
          emailAddress: contact.carer_email,
          reference: contact.reference,
          path: '/ask-for-help',
          recordType: 'contact',
          recordId: contact.id,
        });
      return;
    }
    if (!contact.referrer_email) return;
    await this.outbox.queue(trx, {
      template: 'decision_made',
      emailAddress: contact.referrer_email,
      reference: contact.reference,
      path: `/requests/${contact.id}`,
      recordType: 'contact',
      recordId: contact.id,
    });
  }

  /** The choices a decision needs: the council's levels of need, agencies, quadrant teams, quadrants. */
  async decisionOptions(councilId: string) {
    const [levels, agencies, teams, quadrants] = await Promise.all([
      this.partnership.needLevels(),
      this.partnership.agencies(),
      this.partnership.teams(),
      this.partnership.quadrants(),
    ]);
    return {
      levels: levels
        .filter((level) => level.councilId === councilId)
        .sort((a, b) => a.level - b.level)
        .map((level) => ({
          value: level.id,
          text: `${level.level}: ${level.name}`,
          hint: `${level.description}${level.examples ? ` For example: ${level.examples}` : ''}`,
        })),
      agencies: agencies
        .filter((agency) => agency.kind !== 'council_service')
        .map((agency) => ({ value: agency.id, text: `${agency.name} (${agency.kindName})` })),
      teams: teams
        .filter((team) => team.councilId === councilId && team.quadrantId !== null)
        .map((team) => ({ value: team.id, text: team.name })),
      quadrants: quadrants
        .filter((quadrant) => quadrant.councilId === councilId)
        .map((quadrant) => ({ value: quadrant.id, text: quadrant.name })),
    };
  }
}
