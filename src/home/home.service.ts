/**
 * Each person's home page: where they sit in the partnership and what they do next,
 * from real records only.
 */
import type { CurrentUser } from '../platform/http/types.js';
import { can } from '../platform/permissions/permissions.js';
import { ROLE_DESCRIPTIONS, ROLE_NAMES } from '../platform/permissions/roles.js';
import type { Agency, Council, PartnershipService, Quadrant, Team } from '../partnership/partnership.service.js';
import type { StaffMember, UsersService } from '../users/users.service.js';

export interface HomePage {
  roleName: string;
  roleDescription: string;
  council: Council | undefined;
  agency: Agency | undefined;
  team: Team | undefined;
  /** Team manager: the teams they manage, with the people in them. */
  managedTeams: { team: Team; members: StaffMember[] }[];
  /** Head of service: the quadrants they lead, with their teams. */
  ledQuadrants: { quadrant: Quadrant; teams: Team[] }[];
  /** Early help practitioner: the schools, nurseries and children's centres they are the link for. */
  linkFor: Agency[];
  /** Work waiting for this person's role: the Hub's queue, follow-ups, families to allocate, safeguarding contacts. */
  waiting: { text: string; href: string; urgent: boolean }[];
  /** Administrator: accounts that need attention. */
  accountsNeedingAttention: { invited: StaffMember[]; locked: StaffMember[] } | undefined;
}

/** Counts of waiting work, from the capabilities that own it. */
export interface WaitingWork {
  hub(councilId: string): Promise<{ waiting: number; overdue: number }>;
  adviceFollowUps(councilId: string): Promise<number>;
  familiesToAllocate(user: CurrentUser): Promise<number>;
  safeguardingToReceive(councilId: string): Promise<number>;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export class HomeService {
  constructor(
    private readonly partnership: PartnershipService,
    private readonly users: UsersService,
    private readonly work?: WaitingWork,
  ) {}

  private async waiting(user: CurrentUser): Promise<HomePage['waiting']> {
    const work = this.work;
    if (!work) return [];
    const items: HomePage['waiting'] = [];
    if (can(user, 'hub:work')) {
      const [hub, followUps] = await Promise.all([work.hub(user.localAuthorityId), work.adviceFollowUps(user.localAuthorityId)]);
      items.push({
        text: `${plural(hub.waiting, 'request for support is', 'requests for support are')} waiting for a decision${hub.overdue > 0 ? `, ${hub.overdue} past the target` : ''}`,
        href: '/hub',
        urgent: hub.overdue > 0,
      });
      if (followUps > 0)
        items.push({
          text: `${plural(followUps, 'advice line follow-up is', 'advice line follow-ups are')} due`,
          href: '/advice-line?followUp=outstanding',
          urgent: true,
        });
    }
    if (can(user, 'allocation:manage')) {
      const families = await work.familiesToAllocate(user);
      if (families > 0)
        items.push({ text: `${plural(families, 'family is', 'families are')} waiting for a worker`, href: '/allocation', urgent: false });
    }
    if (can(user, 'social-care:receive')) {
      const contacts = await work.safeguardingToReceive(user.localAuthorityId);
      items.push({
        text: `${plural(contacts, 'safeguarding contact or step-up is', 'safeguarding contacts and step-ups are')} waiting to be received`,
        href: '/social-care',
        urgent: contacts > 0,
      });
    }
    return items;
  }

  async for(user: CurrentUser, now: Date = new Date()): Promise<HomePage> {
    const [councils, agencies, teams] = await Promise.all([
      this.partnership.councils(),
      this.partnership.agencies(),
      this.partnership.teams(),
    ]);
    const page: HomePage = {
      roleName: ROLE_NAMES[user.role],
      roleDescription: ROLE_DESCRIPTIONS[user.role],
      council: councils.find((council) => council.id === user.localAuthorityId),
      agency: agencies.find((agency) => agency.id === user.agencyId),
      team: teams.find((team) => team.id === user.teamId),
      managedTeams: [],
      ledQuadrants: [],
      linkFor: agencies.filter((agency) => agency.linkProfessionalUserId === user.id),
      accountsNeedingAttention: undefined,
      waiting: await this.waiting(user),
    };
    const managed = teams.filter((team) => team.managerUserId === user.id);
    if (managed.length > 0) {
      const staff = await this.users.list({ councilId: user.localAuthorityId, status: 'active' });
      page.managedTeams = managed.map((team) => ({ team, members: staff.filter((member) => member.teamId === team.id) }));
    }
    if (user.role === 'head_of_service') {
      const quadrants = await this.partnership.quadrants();
      page.ledQuadrants = quadrants
        .filter((quadrant) => quadrant.headOfServiceUserId === user.id)
        .map((quadrant) => ({ quadrant, teams: teams.filter((team) => team.quadrantId === quadrant.id) }));
    }
    if (user.role === 'administrator') {
      const staff = await this.users.list({ councilId: user.localAuthorityId });
      page.accountsNeedingAttention = {
        invited: staff.filter((member) => member.status === 'invited'),
        locked: staff.filter((member) => member.status === 'active' && member.lockedUntil !== null && member.lockedUntil > now),
      };
    }
    return page;
  }
}
