/**
 * The Early Help Hub's advice line (seed 000 "dedicated advice line for Lead Professionals"): a log
 * of each call — who called, about which family if any, the question, the advice given, and any
 * follow-up, which stays on the list until it is done. A call about a family is added to the
 * family's chronology.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { ChronologyService } from '../chronology/chronology.service.js';
import { actorFor } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { ukDate, ukInstant } from '../front-door/working-time.js';
import * as repo from './advice-line.repository.js';

export const PAGE_SIZE = 25;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface CallInput {
  callerName: string;
  callerAgencyId: string;
  callerRole: string;
  /** 'YYYY-MM-DD', or a marker that the date typed was not a real date. */
  calledOn: string;
  calledAtTime: string;
  familyReference: string;
  question: string;
  advice: string;
  followUp: string;
  /** 'YYYY-MM-DD', empty, or a marker that the date typed was not a real date. */
  followUpBy: string;
}

export type FollowUpState = 'none' | 'due' | 'overdue' | 'done';

export function followUpState(
  row: { follow_up: string | null; follow_up_by: string | null; follow_up_done_at: Date | null },
  today: string,
): FollowUpState {
  if (!row.follow_up) return 'none';
  if (row.follow_up_done_at) return 'done';
  return row.follow_up_by !== null && row.follow_up_by < today ? 'overdue' : 'due';
}

/** Follow-ups due on or before `today` ('YYYY-MM-DD') and not yet done, in a council: for a Hub officer's home page. */
export function followUpsDue(db: Executor, councilId: string, today: string): Promise<number> {
  return repo.countFollowUpsDue(db, councilId, today);
}

export class AdviceLineService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly chronology: ChronologyService,
    private readonly partnership: PartnershipService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async calls(user: CurrentUser, outstandingOnly: boolean, page: number) {
    const today = ukDate(this.now());
    return this.db.transaction().execute(async (trx) => {
      const [total, rows, due] = await Promise.all([
        repo.countCalls(trx, user.localAuthorityId, outstandingOnly),
        repo.listCalls(trx, user.localAuthorityId, outstandingOnly, PAGE_SIZE, (page - 1) * PAGE_SIZE),
        repo.countFollowUpsDue(trx, user.localAuthorityId, today),
      ]);
      await this.audit.record(trx, actorFor(user), {
        action: 'advice line calls viewed',
        recordType: 'advice call',
        recordId: null,
        detail: { outstandingOnly, page },
      });
      return {
        total,
        page,
        pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        followUpsDue: due,
        rows: rows.map((row) => ({ ...row, followUpState: followUpState(row, today) })),
      };
    });
  }

  /** Follow-ups due today or overdue, for a Hub officer's home page. */
  async followUpsDue(councilId: string): Promise<number> {
    return followUpsDue(this.db, councilId, ukDate(this.now()));
  }

  async log(user: CurrentUser, input: CallInput): Promise<string> {
    const errors: FieldErrors = {};
    const now = this.now();
    const today = ukDate(now);
    const callerName = input.callerName.trim();
    if (callerName === '') errors.callerName = 'Enter the name of the person who called';
    else if (callerName.length > 200) errors.callerName = 'The name must be 200 characters or fewer';
    const agencies = await this.partnership.agencies();
    if (input.callerAgencyId !== '' && !agencies.some((agency) => agency.id === input.callerAgencyId))
      errors.callerAgencyId = 'Select the caller’s agency from the list, or Not listed';
    if (input.callerRole.length > 200) errors.callerRole = 'The role must be 200 characters or fewer';
    let calledAt: Date | undefined;
    if (!ISO_DATE.test(input.calledOn))
      errors['calledOn-day'] =
        input.calledOn === '' ? 'Enter the date of the call' : 'The date of the call must be a real date, like 27 3 2026';
    const time = /^(\d{1,2})[:.](\d{2})$/.exec(input.calledAtTime.trim());
    const hour = Number(time?.[1] ?? -1);
    const minute = Number(time?.[2] ?? -1);
    const validTime = hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
    if (!validTime) errors.calledAtTime = 'Enter the time of the call in the 24-hour clock, like 14:30';
    if (ISO_DATE.test(input.calledOn) && validTime) {
      calledAt = new Date(ukInstant(input.calledOn, hour).getTime() + minute * 60_000);
      if (calledAt.getTime() > now.getTime() + 60_000) errors['calledOn-day'] = 'The call must be now or in the past';
    }
    let familyId: string | null = null;
    const reference = input.familyReference.trim().toUpperCase();
    if (reference !== '') {
      const family = await repo.familyByReference(this.db, reference);
      if (!family) errors.familyReference = 'There is no family with that reference. Check it, or leave it blank';
      else familyId = family.id;
    }
    const question = input.question.trim();
    if (question === '') errors.question = 'Enter what the caller asked';
    else if (question.length > 5000) errors.question = 'The question must be 5,000 characters or fewer';
    const advice = input.advice.trim();
    if (advice === '') errors.advice = 'Enter the advice you gave';
    else if (advice.length > 5000) errors.advice = 'The advice must be 5,000 characters or fewer';
    const followUp = input.followUp.trim();
    if (followUp.length > 2000) errors.followUp = 'The follow-up must be 2,000 characters or fewer';
    if (input.followUpBy !== '' && !ISO_DATE.test(input.followUpBy))
      errors['followUpBy-day'] = 'The follow-up date must be a real date, like 27 3 2026';
    else if (followUp !== '' && input.followUpBy === '') errors['followUpBy-day'] = 'Enter when the follow-up is due';
    else if (followUp === '' && input.followUpBy !== '') errors.followUp = 'Say what the follow-up is, or clear its date';
    else if (input.followUpBy !== '' && input.followUpBy < today)
      errors['followUpBy-day'] = 'The follow-up date must be today or in the future';
    if (Object.keys(errors).length > 0 || !calledAt) throw new ValidationError(errors);
    const at = calledAt;
    return this.db.transaction().execute(async (trx) => {
      const { id } = await repo.insertCall(trx, {
        local_authority_id: user.localAuthorityId,
        called_at: at,
        caller_user_id: null,
        caller_name: callerName,
        caller_agency_id: input.callerAgencyId === '' ? null : input.callerAgencyId,
        caller_role: input.callerRole.trim() === '' ? null : input.callerRole.trim(),
        family_id: familyId,
        question,
        advice,
        follow_up: followUp === '' ? null : followUp,
        follow_up_by: input.followUpBy === '' ? null : input.followUpBy,
        recorded_by_user_id: user.id,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'advice line call logged',
        recordType: 'advice call',
        recordId: id,
        detail: { familyId },
      });
      if (familyId) {
        const agencyName = agencies.find((agency) => agency.id === input.callerAgencyId)?.name;
        await this.chronology.record(trx, {
          familyId,
          occurredOn: ukDate(at),
          summary: `Advice line call from ${callerName}${agencyName ? `, ${agencyName}` : ''}`,
          sourceAgencyId: input.callerAgencyId === '' ? null : input.callerAgencyId,
          significance: 'routine',
          category: 'support',
          recordedByUserId: user.id,
        });
      }
      return id;
    });
  }

  async call(user: CurrentUser, id: string) {
    if (!isUuid(id)) throw new NotFoundError('Advice call');
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findCall(trx, id);
      if (!row || row.local_authority_id !== user.localAuthorityId) throw new NotFoundError('Advice call');
      await this.audit.record(trx, actorFor(user), { action: 'advice line call viewed', recordType: 'advice call', recordId: id });
      return { ...row, followUpState: followUpState(row, ukDate(this.now())) };
    });
  }

  async followUpDone(user: CurrentUser, id: string, version: number): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('Advice call');
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.findCall(trx, id);
      if (!row || row.local_authority_id !== user.localAuthorityId) throw new NotFoundError('Advice call');
      if (!(await repo.markFollowUpDone(trx, id, user.id, version, this.now())))
        throw new ConflictError('This follow-up has already been marked as done, or the call was changed');
      await this.audit.record(trx, actorFor(user), { action: 'advice line follow-up done', recordType: 'advice call', recordId: id });
    });
  }
}
