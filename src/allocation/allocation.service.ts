/**
 * Allocation: a team manager sees the early help allocated to their team and allocates a worker,
 * seeing each worker's current caseload. In a council whose model is a weekly multi-agency panel
 * (Peterborough's MASG, seed 001), the panel first allocates the family to a team from its list;
 * quadrant multi-agency forums (seed 000 "Collective decision-making") hear the families the Hub
 * sends them and record what they decided.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import type { ChronologyService } from '../chronology/chronology.service.js';
import { actorFor, type FamiliesService } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import type { Outbox } from '../front-door/contacts.service.js';
import { ukDate } from '../front-door/working-time.js';
import * as repo from './allocation.repository.js';

export class AllocationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly families: FamiliesService,
    private readonly chronology: ChronologyService,
    private readonly partnership: PartnershipService,
    private readonly outbox: Outbox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async teamsFor(db: Kysely<Database> | Parameters<typeof repo.teamsOfManager>[0], user: CurrentUser) {
    if (user.role === 'head_of_service') return repo.quadrantTeamsOfCouncil(db, user.localAuthorityId);
    return repo.teamsOfManager(db, user.id, user.teamId);
  }

  /** The manager's teams: work waiting for a worker, and each worker's caseload. */
  async overview(user: CurrentUser) {
    return this.db.transaction().execute(async (trx) => {
      const teams = await this.teamsFor(trx, user);
      const teamIds = teams.map((team) => team.id);
      const [waiting, workers] = await Promise.all([
        repo.episodesOfTeams(trx, teamIds, 'awaiting_allocation'),
        repo.workersWithCaseloads(trx, teamIds),
      ]);
      await this.audit.record(trx, actorFor(user), {
        action: 'allocation list viewed',
        recordType: 'team',
        recordId: null,
        detail: { teams: teamIds, waiting: waiting.length },
      });
      return {
        teams: teams.map((team) => ({
          ...team,
          waiting: waiting.filter((episode) => episode.team_id === team.id),
          workers: workers
            .filter((worker) => worker.team_id === team.id)
            .map((worker) => ({ ...worker, caseload: Number(worker.caseload ?? 0) })),
        })),
      };
    });
  }

  /** How many families wait for a worker in the manager's teams, for the home page. */
  async waitingCount(user: CurrentUser): Promise<number> {
    const teams = await this.teamsFor(this.db, user);
    return (
      await repo.episodesOfTeams(
        this.db,
        teams.map((team) => team.id),
        'awaiting_allocation',
      )
    ).length;
  }

  async episode(user: CurrentUser, episodeId: string) {
    if (!isUuid(episodeId)) throw new NotFoundError('Episode');
    return this.db.transaction().execute(async (trx) => {
      const episode = await repo.findEpisode(trx, episodeId);
      const teams = await this.teamsFor(trx, user);
      if (!episode || !episode.team_id || !teams.some((team) => team.id === episode.team_id)) throw new NotFoundError('Episode');
      const [workers, decision] = await Promise.all([
        repo.workersWithCaseloads(trx, [episode.team_id]),
        episode.contact_id ? repo.currentDecisionOfContact(trx, episode.contact_id) : undefined,
      ]);
      await this.audit.record(trx, actorFor(user), {
        action: 'episode viewed for allocation',
        recordType: 'episode',
        recordId: episodeId,
        detail: { familyId: episode.family_id },
      });
      return {
        episode,
        decision,
        workers: workers.map((worker) => ({
          value: worker.id,
          text: worker.display_name,
          hint: `${worker.job_title ?? 'Worker'}: ${Number(worker.caseload ?? 0)} ${Number(worker.caseload ?? 0) === 1 ? 'family' : 'families'} open now`,
        })),
      };
    });
  }

  /** Allocates a worker: the episode opens, the worker is involved with the family, and told. */
  async allocate(user: CurrentUser, episodeId: string, workerId: string, version: number): Promise<void> {
    if (!isUuid(episodeId)) throw new NotFoundError('Episode');
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      const episode = await repo.findEpisode(trx, episodeId);
      const teams = await this.teamsFor(trx, user);
      if (!episode || !episode.team_id || !teams.some((team) => team.id === episode.team_id)) throw new NotFoundError('Episode');
      const workers = await repo.workersWithCaseloads(trx, [episode.team_id]);
      const worker = workers.find((item) => item.id === workerId);
      if (!worker) throw new ValidationError({ workerId: 'Select a worker in the team' });
      if (!(await repo.allocateWorker(trx, episodeId, workerId, user.id, version, now)))
        throw new ConflictError('Someone else has allocated this family since you opened it');
      await this.families.ensureInvolvementIn(trx, episode.family_id, {
        agencyId: worker.agency_id,
        professionalUserId: worker.id,
        professionalRole: 'early_help_worker',
      });
      await this.chronology.record(trx, {
        familyId: episode.family_id,
        occurredOn: ukDate(now),
        summary: `Early help allocated to ${worker.display_name}, ${episode.team_name ?? 'the team'}`,
        sourceAgencyId: user.agencyId,
        significance: 'significant',
        category: 'support',
        recordedByUserId: user.id,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'worker allocated',
        recordType: 'episode',
        recordId: episodeId,
        detail: { familyId: episode.family_id, workerId, caseloadBefore: Number(worker.caseload ?? 0) },
      });
      const email = await repo.workerEmail(trx, workerId);
      if (email)
        await this.outbox.queue(trx, {
          template: 'allocated_to_worker',
          emailAddress: email.email,
          reference: episode.family_reference,
          path: `/families/${episode.family_id}`,
          recordType: 'episode',
          recordId: episodeId,
        });
    });
  }

  // ——— The panel's and the forums' lists ———

  async panels(user: CurrentUser) {
    const [council, teams] = await Promise.all([this.partnership.council(user.localAuthorityId), this.partnership.teams()]);
    return this.db.transaction().execute(async (trx) => {
      const [waiting, heard] = await Promise.all([
        repo.panelCases(trx, user.localAuthorityId, 'waiting'),
        repo.panelCases(trx, user.localAuthorityId, 'heard'),
      ]);
      await this.audit.record(trx, actorFor(user), { action: 'panel lists viewed', recordType: 'panel', recordId: user.localAuthorityId });
      return {
        council,
        allocationPanel: waiting.filter((item) => item.kind === 'allocation_panel'),
        forum: waiting.filter((item) => item.kind === 'quadrant_forum'),
        heard: heard.slice(0, 50),
        teams: teams
          .filter((team) => team.councilId === user.localAuthorityId && team.quadrantId !== null)
          .map((team) => ({ value: team.id, text: team.name })),
      };
    });
  }

  /**
   * Records what the panel or forum decided about a family on its list. For the allocation panel,
   * the team it allocated to: the episode then waits for that team's manager to allocate a worker.
   */
  async hear(user: CurrentUser, caseId: string, input: { outcome: string; teamId: string }, version: number): Promise<void> {
    if (!isUuid(caseId)) throw new NotFoundError('Panel case');
    const now = this.now();
    const teams = await this.partnership.teams();
    await this.db.transaction().execute(async (trx) => {
      const item = await repo.findPanelCase(trx, caseId);
      if (!item || item.local_authority_id !== user.localAuthorityId) throw new NotFoundError('Panel case');
      const errors: FieldErrors = {};
      const outcome = input.outcome.trim();
      if (outcome === '') errors.outcome = 'Enter what the panel decided';
      else if (outcome.length > 5000) errors.outcome = 'This must be 5,000 characters or fewer';
      let teamName: string | undefined;
      if (item.kind === 'allocation_panel') {
        const team = teams.find((t) => t.id === input.teamId && t.councilId === item.local_authority_id && t.quadrantId !== null);
        if (!team) errors.teamId = 'Select the team the panel allocated the family to';
        teamName = team?.name;
      }
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const teamId = item.kind === 'allocation_panel' ? input.teamId : null;
      if (!(await repo.hearPanelCase(trx, caseId, { outcome, team_id: teamId, heard_by_user_id: user.id, heard_at: now }, version)))
        throw new ConflictError('Someone else has recorded this panel’s decision since you opened it');
      if (teamId && item.episode_id) {
        await repo.setEpisodeTeam(trx, item.episode_id, teamId, now);
        const manager = await repo.managerEmailOfTeam(trx, teamId);
        if (manager)
          await this.outbox.queue(trx, {
            template: 'allocated_to_team',
            emailAddress: manager.email,
            reference: item.contact_reference,
            path: '/allocation',
            recordType: 'episode',
            recordId: item.episode_id,
          });
      }
      await this.chronology.record(trx, {
        familyId: item.family_id,
        occurredOn: ukDate(now),
        summary:
          item.kind === 'allocation_panel'
            ? `The multi-agency panel allocated the family to ${teamName ?? 'a team'}: ${outcome}`
            : `The quadrant multi-agency forum discussed the family: ${outcome}`,
        sourceAgencyId: user.agencyId,
        significance: 'significant',
        category: 'support',
        recordedByUserId: user.id,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'panel decision recorded',
        recordType: 'panel case',
        recordId: caseId,
        detail: { kind: item.kind, teamId },
      });
    });
  }
}
