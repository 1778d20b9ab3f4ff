/**
 * Early help episodes on a family's record (seed 000 "Early help assessments", "Team around the
 * family"): each episode from its start to closure, its Lead Professional — who can be anybody the
 * family trusts, in any agency the family has agreed may share their information — changed with a
 * handover note, and a practitioner's own families.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import type { FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { ChronologyService } from '../chronology/chronology.service.js';
import type { ConsentService } from '../consent/consent.service.js';
import { actorFor, todayIso, type FamiliesService } from '../families/families.service.js';
import type { Outbox } from '../front-door/contacts.service.js';
import * as repo from './episodes.repository.js';

export const EPISODE_KIND_TEXT: Record<string, string> = {
  lead_professional: 'Support from a Lead Professional',
  targeted: 'Targeted support by a quadrant team',
};

export const EPISODE_STATUS: Record<string, { text: string; colour: string }> = {
  awaiting_panel: { text: 'Waiting for the panel', colour: 'yellow' },
  awaiting_allocation: { text: 'Waiting for a worker', colour: 'yellow' },
  open: { text: 'Open', colour: 'green' },
  closed: { text: 'Closed', colour: 'grey' },
};

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T12:00:00Z`) - Date.parse(`${fromIso}T12:00:00Z`)) / 86_400_000);
}

export class EpisodesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly families: FamiliesService,
    private readonly consent: ConsentService,
    private readonly audit: AuditService,
    private readonly chronology: ChronologyService,
    private readonly outbox: Outbox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A family's episodes, newest first, with their Lead Professionals' handovers. */
  async episodes(db: Executor, familyId: string) {
    const rows = await repo.episodesOfFamily(db, familyId);
    const changes = await repo.changesOfEpisodes(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      ...row,
      kindText: EPISODE_KIND_TEXT[row.kind] ?? row.kind,
      statusText: EPISODE_STATUS[row.status]?.text ?? row.status,
      statusColour: EPISODE_STATUS[row.status]?.colour ?? 'grey',
      handovers: changes.filter((change) => change.episode_id === row.id),
    }));
  }

  /** Who may lead the family's early help: people in the agencies the family's consent in force covers. */
  async possibleLeadProfessionals(db: Executor, familyId: string) {
    const inForce = (await this.consent.history(db, familyId)).find((item) => item.inForce && item.coversEarlyHelp);
    return repo.possibleLeadProfessionals(db, inForce ? inForce.agencies.map((agency) => agency.id) : []);
  }

  /** Names the Lead Professional of an open episode; a change from someone else needs a handover note. */
  async changeLeadProfessional(
    user: CurrentUser,
    familyId: string,
    episodeId: string,
    input: { userId: string; handoverNote: string },
    version: number,
  ): Promise<void> {
    await this.families.change(user, familyId, async (trx: Transaction<Database>, family) => {
      const episode = (await repo.episodesOfFamily(trx, familyId)).find((row) => row.id === episodeId);
      if (!episode || episode.status === 'closed') throw new NotFoundError('Episode');
      const choices = await this.possibleLeadProfessionals(trx, familyId);
      const chosen = choices.find((choice) => choice.id === input.userId);
      const errors: FieldErrors = {};
      const note = input.handoverNote.trim();
      if (!chosen) errors.userId = 'Select the Lead Professional from the list';
      else if (chosen.id === episode.lead_professional_user_id) errors.userId = `${chosen.display_name} is already the Lead Professional`;
      if (episode.lead_professional_user_id && note === '') errors.handoverNote = 'Write a handover note for the new Lead Professional';
      if (note.length > 5000) errors.handoverNote = 'The handover note must be 5,000 characters or fewer';
      if (Object.keys(errors).length > 0 || !chosen) throw new ValidationError(errors);
      const now = this.now();
      if (!(await repo.setLeadProfessional(trx, episodeId, familyId, chosen.id, version, now)))
        throw new ConflictError('Someone else changed this episode since you opened it');
      await repo.insertChange(trx, {
        episode_id: episodeId,
        from_user_id: episode.lead_professional_user_id,
        to_user_id: chosen.id,
        handover_note: episode.lead_professional_user_id ? note : note === '' ? null : note,
        changed_by_user_id: user.id,
        changed_at: now,
      });
      await this.families.ensureInvolvementIn(trx, familyId, {
        agencyId: chosen.agency_id,
        professionalUserId: chosen.id,
        professionalRole: chosen.role === 'partner_practitioner' ? 'other' : 'early_help_worker',
      });
      await this.audit.record(trx, actorFor(user), {
        action: episode.lead_professional_user_id ? 'Lead Professional changed' : 'Lead Professional named',
        recordType: 'family',
        recordId: family.id,
        detail: { episodeId, from: episode.lead_professional_user_id, to: chosen.id },
      });
      await this.chronology.record(trx, {
        familyId,
        occurredOn: todayIso(now),
        summary: episode.lead_professional_user_id
          ? `Lead Professional changed from ${episode.lead_professional_name ?? 'the previous Lead Professional'} to ${chosen.display_name}, ${chosen.agency_name}, with a handover`
          : `${chosen.display_name}, ${chosen.agency_name}, is the family’s Lead Professional`,
        sourceAgencyId: user.agencyId,
        significance: 'significant',
        category: 'support',
        recordedByUserId: user.id,
      });
      await this.outbox.queue(trx, {
        template: 'allocated_to_worker',
        emailAddress: chosen.email,
        reference: family.reference,
        path: `/families/${familyId}/early-help`,
        recordType: 'episode',
        recordId: episodeId,
      });
    });
  }

  /** The practitioner's own families: open episodes they are the worker or Lead Professional for. */
  async myFamilies(user: CurrentUser) {
    const today = todayIso(this.now());
    const rows = await this.db.transaction().execute(async (trx) => {
      const found = await repo.caseload(trx, user.id);
      await this.audit.record(trx, actorFor(user), {
        action: 'own families viewed',
        recordType: 'caseload',
        recordId: user.id,
        detail: { families: found.length },
      });
      return found;
    });
    return rows.map((row) => ({
      ...row,
      kindText: EPISODE_KIND_TEXT[row.kind] ?? row.kind,
      statusText: EPISODE_STATUS[row.status]?.text ?? row.status,
      statusColour: EPISODE_STATUS[row.status]?.colour ?? 'grey',
      roles: [row.lead_professional_user_id === user.id ? 'Lead Professional' : null, row.worker_user_id === user.id ? 'Worker' : null]
        .filter(Boolean)
        .join(' and '),
      daysOpen: daysBetween(row.started_on, today),
      reviewOverdue: row.next_review_on !== null && row.next_review_on < today,
    }));
  }

  /**
   * A manager's teams at a glance: for each team and worker, families open and waiting, reviews
   * overdue and how long families have been open; and a page of the open families, longest first.
   */
  async teamCaseload(user: CurrentUser, filter: { teamId?: string; workerId?: string; overdueOnly: boolean; page: number }) {
    const today = todayIso(this.now());
    const pageSize = TEAM_CASELOAD_PAGE_SIZE;
    return this.db.transaction().execute(async (trx) => {
      const teams = await repo.teamsOfManager(trx, user);
      const shown = filter.teamId ? teams.filter((team) => team.id === filter.teamId) : teams;
      const teamIds = shown.map((team) => team.id);
      const counts = await repo.teamCaseloadCounts(trx, teamIds, today);
      const families = await repo.teamCaseload(trx, {
        teamIds,
        workerId: filter.workerId,
        overdueOnly: filter.overdueOnly,
        today,
        offset: (filter.page - 1) * pageSize,
        limit: pageSize + 1,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'team caseload viewed',
        recordType: 'team',
        recordId: filter.teamId ?? null,
        detail: { teams: teamIds, workerId: filter.workerId ?? null, overdueOnly: filter.overdueOnly, page: filter.page },
      });
      const figures = (row: (typeof counts)[number]) => ({
        open: Number(row.open),
        awaiting: Number(row.awaiting),
        overdue: Number(row.overdue),
        medianDays: row.median_days === null ? null : Math.round(Number(row.median_days)),
        longestDays: row.longest_days === null ? null : Number(row.longest_days),
      });
      return {
        teams: teams.map((team) => ({ id: team.id, name: team.name })),
        summaries: shown.map((team) => {
          const whole = counts.find((row) => row.team_id === team.id && !row.per_worker);
          return {
            ...team,
            ...(whole ? figures(whole) : { open: 0, awaiting: 0, overdue: 0, medianDays: null, longestDays: null }),
            workers: counts
              .filter((row) => row.team_id === team.id && row.per_worker && row.worker_user_id !== null)
              .map((row) => ({ id: row.worker_user_id as string, name: row.worker_name ?? '', ...figures(row) }))
              .sort((a, b) => a.name.localeCompare(b.name)),
          };
        }),
        families: families.slice(0, pageSize).map((row) => ({
          ...row,
          daysOpen: daysBetween(row.started_on, today),
          reviewOverdue: row.next_review_on !== null && row.next_review_on < today,
        })),
        page: filter.page,
        hasNext: families.length > pageSize,
      };
    });
  }
}

export const TEAM_CASELOAD_PAGE_SIZE = 50;
