/**
 * Quality dip sampling of the Early Help Hub's decisions (seed 000 "frequent audit dip sample
 * process around all contacts"): a manager draws a random sample, a set percentage of a period's
 * decisions, judges each (agree, or would have decided differently, and the learning), and sees the
 * agreement rate.
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor } from '../families/families.service.js';
import { nextStepText, reasonText } from '../front-door/front-door.model.js';
import { ukDate, ukInstant } from '../front-door/working-time.js';
import * as repo from './hub-quality.repository.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** How many of n decisions a sample of pct% holds: rounded up, and at least one when there are any. */
export function sampleSize(n: number, percentage: number): number {
  if (n === 0) return 0;
  return Math.min(n, Math.max(1, Math.ceil((n * percentage) / 100)));
}

/** A uniformly random choice of k of the items (a partial Fisher–Yates shuffle with a cryptographic source). */
export function randomChoice<T>(items: readonly T[], k: number, random: (max: number) => number = randomInt): T[] {
  const pool = [...items];
  const count = Math.min(k, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + random(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, count);
}

function rate(agreed: number, judged: number): string | null {
  return judged === 0 ? null : `${Math.round((agreed / judged) * 100)}%`;
}

function nextDay(iso: string): string {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export class HubQualityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async samples(user: CurrentUser) {
    const since = new Date(this.now().getTime() - 365 * 86_400_000);
    return this.db.transaction().execute(async (trx) => {
      const [rows, overall] = await Promise.all([
        repo.listSamples(trx, user.localAuthorityId),
        repo.agreementSince(trx, user.localAuthorityId, since),
      ]);
      await this.audit.record(trx, actorFor(user), { action: 'quality samples viewed', recordType: 'quality sample', recordId: null });
      return {
        samples: rows.map((row) => ({
          ...row,
          items: Number(row.items ?? 0),
          judged: Number(row.judged ?? 0),
          agreementRate: rate(Number(row.agreed ?? 0), Number(row.judged ?? 0)),
        })),
        overall: { ...overall, rate: rate(overall.agreed, overall.judged) },
      };
    });
  }

  /** Draws a sample of the council's decisions in a period (dates inclusive, UK time). */
  async draw(user: CurrentUser, input: { from: string; to: string; percentage: string }): Promise<string> {
    const errors: FieldErrors = {};
    const today = ukDate(this.now());
    if (!ISO_DATE.test(input.from))
      errors['from-day'] = input.from === '' ? 'Enter the first day of the period' : 'The first day must be a real date, like 1 10 2026';
    if (!ISO_DATE.test(input.to))
      errors['to-day'] = input.to === '' ? 'Enter the last day of the period' : 'The last day must be a real date, like 31 10 2026';
    if (!errors['from-day'] && !errors['to-day']) {
      if (input.to < input.from) errors['to-day'] = 'The last day must be the same as or after the first day';
      else if (input.to > today) errors['to-day'] = 'The last day must be today or in the past';
    }
    const percentage = /^\d{1,3}$/.test(input.percentage.trim()) ? Number(input.percentage.trim()) : NaN;
    if (!(percentage >= 1 && percentage <= 100)) errors.percentage = 'Enter a whole number percentage from 1 to 100';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return this.db.transaction().execute(async (trx) => {
      const decisions = await repo.currentDecisionIds(
        trx,
        user.localAuthorityId,
        ukInstant(input.from, 0),
        ukInstant(nextDay(input.to), 0),
      );
      if (decisions.length === 0)
        throw new ValidationError({ 'from-day': 'The Hub made no decisions in this period. Choose another period' });
      const chosen = randomChoice(
        decisions.map((row) => row.id),
        sampleSize(decisions.length, percentage),
      );
      const { id } = await repo.insertSample(trx, {
        local_authority_id: user.localAuthorityId,
        period_from: input.from,
        period_to: input.to,
        percentage,
        drawn_by_user_id: user.id,
        drawn_at: this.now(),
      });
      await repo.insertItems(trx, id, chosen);
      await this.audit.record(trx, actorFor(user), {
        action: 'quality sample drawn',
        recordType: 'quality sample',
        recordId: id,
        detail: { from: input.from, to: input.to, percentage, decisions: decisions.length, sampled: chosen.length },
      });
      return id;
    });
  }

  private async ownSample(trx: Parameters<typeof repo.findSample>[0], user: CurrentUser, sampleId: string) {
    if (!isUuid(sampleId)) throw new NotFoundError('Quality sample');
    const sample = await repo.findSample(trx, sampleId);
    if (!sample || sample.local_authority_id !== user.localAuthorityId) throw new NotFoundError('Quality sample');
    return sample;
  }

  async sample(user: CurrentUser, sampleId: string) {
    return this.db.transaction().execute(async (trx) => {
      const sample = await this.ownSample(trx, user, sampleId);
      const items = await repo.sampleItems(trx, sampleId);
      await this.audit.record(trx, actorFor(user), { action: 'quality sample viewed', recordType: 'quality sample', recordId: sampleId });
      const judged = items.filter((item) => item.judgement !== null);
      return {
        sample,
        items: items.map((item) => ({
          ...item,
          nextStepText: nextStepText(item.next_step),
          reasonsText: item.contact_reasons.map(reasonText).join(', '),
        })),
        judged: judged.length,
        agreementRate: rate(judged.filter((item) => item.judgement === 'agree').length, judged.length),
      };
    });
  }

  async item(user: CurrentUser, sampleId: string, itemId: string) {
    const view = await this.sample(user, sampleId);
    const item = view.items.find((candidate) => candidate.id === itemId);
    if (!item) throw new NotFoundError('Sampled decision');
    return { sample: view.sample, item, ownDecision: item.decided_by_user_id === user.id };
  }

  async judge(
    user: CurrentUser,
    sampleId: string,
    itemId: string,
    input: { judgement: string; learning: string },
    version: number,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.ownSample(trx, user, sampleId);
      const item = (await repo.sampleItems(trx, sampleId)).find((candidate) => candidate.id === itemId);
      if (!item) throw new NotFoundError('Sampled decision');
      const errors: FieldErrors = {};
      if (item.decided_by_user_id === user.id) errors.judgement = 'You made this decision. Another manager must judge it';
      else if (input.judgement !== 'agree' && input.judgement !== 'disagree')
        errors.judgement = 'Select whether you agree with the decision';
      const learning = input.learning.trim();
      if (input.judgement === 'disagree' && learning === '') errors.learning = 'Say what you would have decided, and what can be learned';
      if (learning.length > 5000) errors.learning = 'This must be 5,000 characters or fewer';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const judgement = input.judgement as 'agree' | 'disagree';
      if (
        !(await repo.judge(
          trx,
          itemId,
          { judgement, learning: learning === '' ? null : learning, judged_by_user_id: user.id, judged_at: this.now() },
          version,
        ))
      )
        throw new ConflictError('Someone else has judged this decision since you opened it');
      await this.audit.record(trx, actorFor(user), {
        action: 'quality sample decision judged',
        recordType: 'quality sample',
        recordId: sampleId,
        detail: { itemId, decisionId: item.decision_id, judgement },
      });
    });
  }
}
