/**
 * The partnership's structure and each council's own way of working. The only place that
 * decides whether a council, quadrant, district, team or agency may be saved.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { AuditActor, AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isEmailAddress, isUkTelephone, isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { FormField } from '../platform/http/form-spec.js';
import {
  AGENCY_KINDS,
  AGENCY_KINDS_WITH_LINK_PROFESSIONAL,
  ALLOCATION_MODELS,
  choiceText,
  isChoice,
  PROGRESS_TOOLS,
  SPECIALIST_AREAS,
  TEAM_KINDS,
  type Choice,
} from './partnership.model.js';
import * as repo from './partnership.repository.js';

export type Input = Record<string, string>;

export interface Council {
  id: string;
  code: string;
  name: string;
  progressTool: string;
  progressToolName: string;
  allocationModel: string;
  allocationModelName: string;
  panelName: string | null;
  decisionTargetWorkingDays: number;
  version: number;
}

export interface Quadrant {
  id: string;
  councilId: string;
  councilName: string;
  name: string;
  specialistAreaName: string;
  headOfServiceUserId: string | null;
  headOfServiceName: string | null;
}

export interface District {
  id: string;
  quadrantId: string;
  quadrantName: string;
  councilId: string;
  name: string;
}

export interface Team {
  id: string;
  councilId: string;
  councilName: string;
  quadrantId: string | null;
  quadrantName: string | null;
  districtName: string | null;
  kind: string;
  kindName: string;
  name: string;
  managerUserId: string | null;
  managerName: string | null;
  memberCount: number;
}

export interface Agency {
  id: string;
  name: string;
  kind: string;
  kindName: string;
  councilId: string | null;
  councilName: string | null;
  districtName: string | null;
  email: string | null;
  phone: string | null;
  hasLinkProfessional: boolean;
  linkProfessionalUserId: string | null;
  linkProfessionalName: string | null;
  linkProfessionalEmail: string | null;
}

/** One level of a council's threshold framework (seed 003 "Model of Staged Intervention"). */
export interface NeedLevel {
  id: string;
  councilId: string;
  level: number;
  name: string;
  description: string;
  examples: string | null;
}

export interface CouncilOverview extends Council {
  quadrants: (Quadrant & { districts: District[]; teams: Team[] })[];
  councilWideTeams: Team[];
  needLevels: NeedLevel[];
}

export interface EditableForm {
  fields: FormField[];
  values: Input;
  version?: number;
}

/** The people who may lead a quadrant, manage a team, or be a school's link early help professional. */
const HEAD_OF_SERVICE_ROLES = ['head_of_service'];
const TEAM_MANAGER_ROLES = ['team_manager', 'head_of_service'];
const LINK_PROFESSIONAL_ROLES = ['early_help_practitioner', 'team_manager'];

function toCouncil(row: Awaited<ReturnType<typeof repo.listCouncils>>[number]): Council {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    progressTool: row.progress_tool,
    progressToolName: choiceText(PROGRESS_TOOLS, row.progress_tool),
    allocationModel: row.allocation_model,
    allocationModelName: choiceText(ALLOCATION_MODELS, row.allocation_model),
    panelName: row.panel_name,
    decisionTargetWorkingDays: row.decision_target_working_days,
    version: row.version,
  };
}

function required(errors: FieldErrors, input: Input, field: string, message: string): string {
  const value = (input[field] ?? '').trim();
  if (value === '') errors[field] = message;
  return value;
}

function maxLength(errors: FieldErrors, value: string, field: string, limit: number, what: string): void {
  if (value.length > limit && errors[field] === undefined) errors[field] = `${what} must be ${limit} characters or fewer`;
}

function version(input: Input): number {
  const value = Number(input.version);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    if (before[key] !== value) changed[key] = { from: before[key] ?? null, to: value };
  }
  return changed;
}

function staffOptions(rows: { id: string; display_name: string }[]): Choice[] {
  return rows.map((row) => ({ value: row.id, text: row.display_name }));
}

export class PartnershipService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
  ) {}

  // ——— Reading the partnership ———

  async councils(): Promise<Council[]> {
    return (await repo.listCouncils(this.db)).map(toCouncil);
  }

  async council(id: string): Promise<Council> {
    const row = isUuid(id) ? await repo.findCouncil(this.db, id) : undefined;
    if (!row) throw new NotFoundError('Council');
    return toCouncil(row);
  }

  async quadrants(): Promise<Quadrant[]> {
    return (await repo.listQuadrants(this.db)).map((row) => ({
      id: row.id,
      councilId: row.local_authority_id,
      councilName: row.council_name,
      name: row.name,
      specialistAreaName: choiceText(SPECIALIST_AREAS, row.specialist_area),
      headOfServiceUserId: row.head_of_service_user_id,
      headOfServiceName: row.head_of_service_name,
    }));
  }

  async districts(): Promise<District[]> {
    return (await repo.listDistricts(this.db)).map((row) => ({
      id: row.id,
      quadrantId: row.quadrant_id,
      quadrantName: row.quadrant_name,
      councilId: row.local_authority_id,
      name: row.name,
    }));
  }

  async teams(): Promise<Team[]> {
    return (await repo.listTeams(this.db)).map((row) => ({
      id: row.id,
      councilId: row.local_authority_id,
      councilName: row.council_name,
      quadrantId: row.quadrant_id,
      quadrantName: row.quadrant_name,
      districtName: row.district_name,
      kind: row.kind,
      kindName: choiceText(TEAM_KINDS, row.kind),
      name: row.name,
      managerUserId: row.manager_user_id,
      managerName: row.manager_name,
      memberCount: Number(row.member_count ?? 0),
    }));
  }

  async team(id: string): Promise<Team> {
    const team = isUuid(id) ? (await this.teams()).find((candidate) => candidate.id === id) : undefined;
    if (!team) throw new NotFoundError('Team');
    return team;
  }

  async agencies(filter: repo.AgencyFilter = {}): Promise<Agency[]> {
    return (await repo.listAgencies(this.db, filter)).map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      kindName: choiceText(AGENCY_KINDS, row.kind),
      councilId: row.local_authority_id,
      councilName: row.council_name,
      districtName: row.district_name,
      email: row.email,
      phone: row.phone,
      hasLinkProfessional: AGENCY_KINDS_WITH_LINK_PROFESSIONAL.includes(row.kind),
      linkProfessionalUserId: row.link_professional_user_id,
      linkProfessionalName: row.link_professional_name,
      linkProfessionalEmail: row.link_professional_email,
    }));
  }

  async agency(id: string): Promise<Agency> {
    const agency = isUuid(id) ? (await this.agencies()).find((candidate) => candidate.id === id) : undefined;
    if (!agency) throw new NotFoundError('Agency');
    return agency;
  }

  /** Both councils with their quadrants, districts and teams, as the partnership page shows them. */
  async overview(): Promise<CouncilOverview[]> {
    const [councils, quadrants, districts, teams, needLevels] = await Promise.all([
      this.councils(),
      this.quadrants(),
      this.districts(),
      this.teams(),
      this.needLevels(),
    ]);
    return councils.map((council) => ({
      ...council,
      quadrants: quadrants
        .filter((quadrant) => quadrant.councilId === council.id)
        .map((quadrant) => ({
          ...quadrant,
          districts: districts.filter((district) => district.quadrantId === quadrant.id),
          teams: teams.filter((team) => team.quadrantId === quadrant.id),
        })),
      councilWideTeams: teams.filter((team) => team.councilId === council.id && team.quadrantId === null),
      needLevels: needLevels.filter((level) => level.councilId === council.id),
    }));
  }

  /** Every council's levels of need, lowest first. */
  async needLevels(): Promise<NeedLevel[]> {
    return (await repo.listNeedLevels(this.db)).map((row) => ({
      id: row.id,
      councilId: row.local_authority_id,
      level: row.level,
      name: row.name,
      description: row.description,
      examples: row.examples,
    }));
  }

  async needLevelForm(levelId?: string, input?: Input): Promise<EditableForm> {
    const existing = levelId && isUuid(levelId) ? await repo.findNeedLevel(this.db, levelId) : undefined;
    if (levelId && !existing) throw new NotFoundError('Level of need');
    const councils = await this.councils();
    return {
      fields: [
        {
          name: 'councilId',
          label: 'Council',
          kind: 'select',
          options: councils.map((c) => ({ value: c.id, text: c.name })),
          emptyOption: 'Select a council',
        },
        {
          name: 'level',
          label: 'Level',
          kind: 'number',
          hint: 'A whole number from 1 to 9; 1 is the lowest need',
          widthClass: 'govuk-input--width-2',
        },
        { name: 'name', label: 'Name', kind: 'text', hint: 'For example, Targeted support' },
        { name: 'description', label: 'What this level means', kind: 'textarea' },
        {
          name: 'examples',
          label: 'Examples (optional)',
          kind: 'textarea',
          hint: 'Situations that usually sit at this level, to help practitioners decide',
        },
      ],
      values: input ?? {
        councilId: existing?.local_authority_id ?? '',
        level: existing ? String(existing.level) : '',
        name: existing?.name ?? '',
        description: existing?.description ?? '',
        examples: existing?.examples ?? '',
      },
      ...(existing ? { version: existing.version } : {}),
    };
  }

  private async validateNeedLevel(db: Executor, input: Input, exceptId?: string) {
    const errors: FieldErrors = {};
    const councilId = required(errors, input, 'councilId', 'Select the council whose framework this level belongs to');
    if (councilId !== '' && !(isUuid(councilId) && (await repo.findCouncil(db, councilId))))
      errors.councilId = 'Select a council from the list';
    const levelText = (input.level ?? '').trim();
    if (levelText === '') errors.level = 'Enter the level as a number';
    else if (!/^[1-9]$/.test(levelText)) errors.level = 'The level must be a whole number from 1 to 9';
    const name = required(errors, input, 'name', 'Enter the level’s name');
    maxLength(errors, name, 'name', 80, 'Name');
    if (name !== '' && name.length < 2) errors.name = 'Name must be 2 characters or more';
    const description = required(errors, input, 'description', 'Describe what this level means');
    maxLength(errors, description, 'description', 1000, 'The description');
    const examples = (input.examples ?? '').trim();
    maxLength(errors, examples, 'examples', 1000, 'Examples');
    if (!errors.councilId && !errors.level && (await repo.levelTaken(db, councilId, Number(levelText), exceptId)))
      errors.level = 'This council already has a level with this number';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return { local_authority_id: councilId, level: Number(levelText), name, description, examples: examples === '' ? null : examples };
  }

  saveNeedLevel(actor: AuditActor, id: string | null, input: Input): Promise<string> {
    return this.save(actor, id, input, {
      table: 'need_levels',
      recordType: 'level of need',
      what: 'Level of need',
      find: repo.findNeedLevel,
      validate: (db, exceptId) => this.validateNeedLevel(db, input, exceptId),
      created: 'level of need created',
      changed: 'level of need changed',
    });
  }

  // ——— Councils ———

  async councilForm(councilId?: string, input?: Input): Promise<EditableForm> {
    const council = councilId ? await this.council(councilId) : undefined;
    return {
      fields: [
        { name: 'name', label: 'Name', kind: 'text', autocomplete: 'off' },
        {
          name: 'code',
          label: 'Short code',
          kind: 'text',
          hint: '2 to 12 capital letters or numbers, for example CAMBS',
          widthClass: 'govuk-input--width-10',
        },
        { name: 'progressTool', label: 'Tool for measuring a family’s progress', kind: 'radios', options: PROGRESS_TOOLS },
        { name: 'allocationModel', label: 'How families are allocated for targeted support', kind: 'radios', options: ALLOCATION_MODELS },
        {
          name: 'panelName',
          label: 'Name of the allocation panel',
          kind: 'text',
          hint: 'Needed when a weekly multi-agency panel allocates, for example MASG',
        },
        {
          name: 'decisionTargetWorkingDays',
          label: 'Early Help Hub decision target, in working days',
          kind: 'number',
          hint: 'How soon the Hub should decide what happens next with a new contact: a whole number from 1 to 30',
          widthClass: 'govuk-input--width-3',
        },
      ],
      values: input ?? {
        name: council?.name ?? '',
        code: council?.code ?? '',
        progressTool: council?.progressTool ?? '',
        allocationModel: council?.allocationModel ?? '',
        panelName: council?.panelName ?? '',
        decisionTargetWorkingDays: council ? String(council.decisionTargetWorkingDays) : '',
      },
      ...(council ? { version: council.version } : {}),
    };
  }

  private async validateCouncil(db: Executor, input: Input, exceptId?: string) {
    const errors: FieldErrors = {};
    const name = required(errors, input, 'name', 'Enter the council’s name');
    maxLength(errors, name, 'name', 120, 'Name');
    const code = required(errors, input, 'code', 'Enter a short code for the council').toUpperCase();
    if (code !== '' && !/^[A-Z0-9]{2,12}$/.test(code)) errors.code = 'Short code must be 2 to 12 capital letters or numbers, like CAMBS';
    const progressTool = input.progressTool ?? '';
    if (!isChoice(PROGRESS_TOOLS, progressTool)) errors.progressTool = 'Select the tool the council uses to measure progress';
    const allocationModel = input.allocationModel ?? '';
    if (!isChoice(ALLOCATION_MODELS, allocationModel)) errors.allocationModel = 'Select how the council allocates targeted support';
    const panelName = (input.panelName ?? '').trim();
    if (allocationModel === 'multi_agency_panel' && panelName === '')
      errors.panelName = 'Enter the name of the panel that allocates, for example MASG';
    maxLength(errors, panelName, 'panelName', 80, 'Panel name');
    const target = (input.decisionTargetWorkingDays ?? '').trim();
    if (target === '') errors.decisionTargetWorkingDays = 'Enter the decision target in working days';
    else if (!/^\d+$/.test(target) || Number(target) < 1 || Number(target) > 30)
      errors.decisionTargetWorkingDays = 'Decision target must be a whole number of working days from 1 to 30';
    if (name !== '' && !errors.name && (await repo.nameTaken(db, 'local_authorities', name, {}, exceptId)))
      errors.name = 'There is already a council with this name';
    if (
      !errors.code &&
      (await db
        .selectFrom('local_authorities')
        .select('id')
        .where('code', '=', code)
        .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId ?? ''))
        .executeTakeFirst())
    )
      errors.code = 'Another council already uses this short code';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return {
      name,
      code,
      progress_tool: progressTool as 'map' | 'outcomes_star',
      allocation_model: allocationModel as 'team_manager' | 'multi_agency_panel',
      panel_name: panelName === '' ? null : panelName,
      decision_target_working_days: Number(target),
    };
  }

  saveCouncil(actor: AuditActor, id: string | null, input: Input): Promise<string> {
    return this.save(actor, id, input, {
      table: 'local_authorities',
      recordType: 'council',
      what: 'Council',
      find: repo.findCouncil,
      validate: (db, exceptId) => this.validateCouncil(db, input, exceptId),
      created: 'council created',
      changed: 'council settings changed',
    });
  }

  // ——— Quadrants ———

  async quadrantForm(quadrantId?: string, input?: Input): Promise<EditableForm> {
    const existing = quadrantId ? await repo.findQuadrant(this.db, quadrantId) : undefined;
    const councils = await this.councils();
    const heads = await repo.listStaff(this.db, HEAD_OF_SERVICE_ROLES, existing?.local_authority_id);
    return {
      fields: [
        {
          name: 'councilId',
          label: 'Council',
          kind: 'select',
          options: councils.map((c) => ({ value: c.id, text: c.name })),
          emptyOption: 'Select a council',
        },
        { name: 'name', label: 'Name', kind: 'text', hint: 'For example, Cambridgeshire South' },
        {
          name: 'specialistArea',
          label: 'Specialist area the head of service leads across the partnership',
          kind: 'select',
          options: SPECIALIST_AREAS,
          emptyOption: 'None',
        },
        {
          name: 'headOfServiceUserId',
          label: 'Head of service',
          kind: 'select',
          options: staffOptions(heads),
          emptyOption: 'Not yet appointed',
          hint: 'People with the head of service role in the quadrant’s council',
        },
      ],
      values: input ?? {
        councilId: existing?.local_authority_id ?? '',
        name: existing?.name ?? '',
        specialistArea: existing?.specialist_area ?? '',
        headOfServiceUserId: existing?.head_of_service_user_id ?? '',
      },
      ...(existing ? { version: existing.version } : {}),
    };
  }

  private async validateQuadrant(db: Executor, input: Input, exceptId?: string) {
    const errors: FieldErrors = {};
    const councilId = required(errors, input, 'councilId', 'Select the council the quadrant belongs to');
    if (councilId !== '' && !(isUuid(councilId) && (await repo.findCouncil(db, councilId))))
      errors.councilId = 'Select a council from the list';
    const name = required(errors, input, 'name', 'Enter the quadrant’s name');
    maxLength(errors, name, 'name', 120, 'Name');
    const specialistArea = input.specialistArea ?? '';
    if (specialistArea !== '' && !isChoice(SPECIALIST_AREAS, specialistArea))
      errors.specialistArea = 'Select a specialist area from the list';
    const head = input.headOfServiceUserId ?? '';
    if (head !== '' && !errors.councilId) {
      const heads = await repo.listStaff(db, HEAD_OF_SERVICE_ROLES, councilId);
      if (!heads.some((person) => person.id === head))
        errors.headOfServiceUserId = 'Select a head of service who works for the quadrant’s council';
    }
    if (!errors.councilId && !errors.name && (await repo.nameTaken(db, 'quadrants', name, { local_authority_id: councilId }, exceptId)))
      errors.name = 'This council already has a quadrant with this name';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return {
      local_authority_id: councilId,
      name,
      specialist_area: specialistArea === '' ? null : specialistArea,
      head_of_service_user_id: head === '' ? null : head,
    };
  }

  saveQuadrant(actor: AuditActor, id: string | null, input: Input): Promise<string> {
    return this.save(actor, id, input, {
      table: 'quadrants',
      recordType: 'quadrant',
      what: 'Quadrant',
      find: repo.findQuadrant,
      validate: (db, exceptId) => this.validateQuadrant(db, input, exceptId),
      created: 'quadrant created',
      changed: 'quadrant changed',
    });
  }

  // ——— Districts ———

  async districtForm(districtId?: string, input?: Input): Promise<EditableForm> {
    const existing = districtId ? await repo.findDistrict(this.db, districtId) : undefined;
    const quadrants = await this.quadrants();
    return {
      fields: [
        {
          name: 'quadrantId',
          label: 'Quadrant',
          kind: 'select',
          options: quadrants.map((q) => ({ value: q.id, text: `${q.name} (${q.councilName})` })),
          emptyOption: 'Select a quadrant',
        },
        { name: 'name', label: 'Name', kind: 'text', hint: 'For example, Fenland' },
      ],
      values: input ?? { quadrantId: existing?.quadrant_id ?? '', name: existing?.name ?? '' },
      ...(existing ? { version: existing.version } : {}),
    };
  }

  private async validateDistrict(db: Executor, input: Input, exceptId?: string) {
    const errors: FieldErrors = {};
    const quadrantId = required(errors, input, 'quadrantId', 'Select the quadrant the district is in');
    if (quadrantId !== '' && !(isUuid(quadrantId) && (await repo.findQuadrant(db, quadrantId))))
      errors.quadrantId = 'Select a quadrant from the list';
    const name = required(errors, input, 'name', 'Enter the district’s name');
    maxLength(errors, name, 'name', 120, 'Name');
    if (!errors.quadrantId && !errors.name && (await repo.nameTaken(db, 'districts', name, { quadrant_id: quadrantId }, exceptId)))
      errors.name = 'This quadrant already has a district with this name';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return { quadrant_id: quadrantId, name };
  }

  saveDistrict(actor: AuditActor, id: string | null, input: Input): Promise<string> {
    return this.save(actor, id, input, {
      table: 'districts',
      recordType: 'district',
      what: 'District',
      find: repo.findDistrict,
      validate: (db, exceptId) => this.validateDistrict(db, input, exceptId),
      created: 'district created',
      changed: 'district changed',
    });
  }

  // ——— Teams ———

  async teamForm(teamId?: string, input?: Input): Promise<EditableForm> {
    const existing = teamId ? await repo.findTeam(this.db, teamId) : undefined;
    const [councils, quadrants, districts] = await Promise.all([this.councils(), this.quadrants(), this.districts()]);
    const managers = await repo.listStaff(this.db, TEAM_MANAGER_ROLES, existing?.local_authority_id);
    return {
      fields: [
        {
          name: 'councilId',
          label: 'Council',
          kind: 'select',
          options: councils.map((c) => ({ value: c.id, text: c.name })),
          emptyOption: 'Select a council',
        },
        { name: 'name', label: 'Name', kind: 'text', hint: 'For example, Fenland 0-11 Targeted Children’s Support' },
        { name: 'kind', label: 'Kind of team', kind: 'select', options: TEAM_KINDS, emptyOption: 'Select the kind of team' },
        {
          name: 'quadrantId',
          label: 'Quadrant',
          kind: 'select',
          options: quadrants.map((q) => ({ value: q.id, text: `${q.name} (${q.councilName})` })),
          emptyOption: 'Works across the whole council',
          hint: 'Leave as "Works across the whole council" for teams such as the Early Help Hub',
        },
        {
          name: 'districtId',
          label: 'District',
          kind: 'select',
          options: districts.map((d) => ({ value: d.id, text: `${d.name} (${d.quadrantName})` })),
          emptyOption: 'Works across the whole quadrant',
        },
        {
          name: 'managerUserId',
          label: 'Team manager',
          kind: 'select',
          options: staffOptions(managers),
          emptyOption: 'No manager yet',
          hint: 'People with the team manager or head of service role',
        },
      ],
      values: input ?? {
        councilId: existing?.local_authority_id ?? '',
        name: existing?.name ?? '',
        kind: existing?.kind ?? '',
        quadrantId: existing?.quadrant_id ?? '',
        districtId: existing?.district_id ?? '',
        managerUserId: existing?.manager_user_id ?? '',
      },
      ...(existing ? { version: existing.version } : {}),
    };
  }

  private async validateTeam(db: Executor, input: Input, exceptId?: string) {
    const errors: FieldErrors = {};
    const councilId = required(errors, input, 'councilId', 'Select the council the team belongs to');
    if (councilId !== '' && !(isUuid(councilId) && (await repo.findCouncil(db, councilId))))
      errors.councilId = 'Select a council from the list';
    const name = required(errors, input, 'name', 'Enter the team’s name');
    maxLength(errors, name, 'name', 120, 'Name');
    const kind = input.kind ?? '';
    if (!isChoice(TEAM_KINDS, kind)) errors.kind = 'Select the kind of team';
    const quadrantId = input.quadrantId ?? '';
    if (quadrantId !== '' && !errors.councilId) {
      const quadrant = isUuid(quadrantId) ? await repo.findQuadrant(db, quadrantId) : undefined;
      if (!quadrant || quadrant.local_authority_id !== councilId)
        errors.quadrantId = 'Select a quadrant of the team’s council, or the whole council';
    }
    const districtId = input.districtId ?? '';
    if (districtId !== '') {
      const district = isUuid(districtId) ? await repo.findDistrict(db, districtId) : undefined;
      if (quadrantId === '') errors.districtId = 'Select the team’s quadrant before its district';
      else if (!district || district.quadrant_id !== quadrantId) errors.districtId = 'Select a district in the team’s quadrant';
    }
    const manager = input.managerUserId ?? '';
    if (manager !== '' && !errors.councilId) {
      const managers = await repo.listStaff(db, TEAM_MANAGER_ROLES, councilId);
      if (!managers.some((person) => person.id === manager))
        errors.managerUserId = 'Select a team manager who works for the team’s council';
    }
    if (!errors.councilId && !errors.name && (await repo.nameTaken(db, 'teams', name, { local_authority_id: councilId }, exceptId)))
      errors.name = 'This council already has a team with this name';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return {
      local_authority_id: councilId,
      name,
      kind,
      quadrant_id: quadrantId === '' ? null : quadrantId,
      district_id: districtId === '' ? null : districtId,
      manager_user_id: manager === '' ? null : manager,
    };
  }

  saveTeam(actor: AuditActor, id: string | null, input: Input): Promise<string> {
    return this.save(actor, id, input, {
      table: 'teams',
      recordType: 'team',
      what: 'Team',
      find: repo.findTeam,
      validate: (db, exceptId) => this.validateTeam(db, input, exceptId),
      created: 'team created',
      changed: 'team changed',
    });
  }

  // ——— Agencies ———

  async agencyForm(agencyId?: string, input?: Input): Promise<EditableForm> {
    const existing = agencyId ? await repo.findAgency(this.db, agencyId) : undefined;
    const [councils, districts] = await Promise.all([this.councils(), this.districts()]);
    const links = await repo.listStaff(this.db, LINK_PROFESSIONAL_ROLES, existing?.local_authority_id ?? undefined);
    return {
      fields: [
        { name: 'name', label: 'Name', kind: 'text' },
        { name: 'kind', label: 'Kind of agency', kind: 'select', options: AGENCY_KINDS, emptyOption: 'Select the kind of agency' },
        {
          name: 'councilId',
          label: 'Council area',
          kind: 'select',
          options: councils.map((c) => ({ value: c.id, text: c.name })),
          emptyOption: 'Works across the whole partnership',
          hint: 'Police forces and NHS trusts usually work across the whole partnership',
        },
        {
          name: 'districtId',
          label: 'District',
          kind: 'select',
          options: districts.map((d) => ({ value: d.id, text: `${d.name} (${d.quadrantName})` })),
          emptyOption: 'Not in one district',
        },
        {
          name: 'email',
          label: 'Contact email address',
          kind: 'email',
          hint: 'A shared inbox, not a person’s own address',
          autocomplete: 'off',
        },
        { name: 'phone', label: 'Contact telephone number', kind: 'tel', widthClass: 'govuk-input--width-20', autocomplete: 'off' },
        {
          name: 'linkProfessionalUserId',
          label: 'Link early help professional',
          kind: 'select',
          options: staffOptions(links),
          emptyOption: 'None',
          hint: 'Every school, nursery and children’s centre has a link early help professional to contact for advice',
        },
      ],
      values: input ?? {
        name: existing?.name ?? '',
        kind: existing?.kind ?? '',
        councilId: existing?.local_authority_id ?? '',
        districtId: existing?.district_id ?? '',
        email: existing?.email ?? '',
        phone: existing?.phone ?? '',
        linkProfessionalUserId: existing?.link_professional_user_id ?? '',
      },
      ...(existing ? { version: existing.version } : {}),
    };
  }

  private async validateAgency(db: Executor, input: Input, exceptId?: string) {
    const errors: FieldErrors = {};
    const name = required(errors, input, 'name', 'Enter the agency’s name');
    maxLength(errors, name, 'name', 160, 'Name');
    const kind = input.kind ?? '';
    if (!isChoice(AGENCY_KINDS, kind)) errors.kind = 'Select the kind of agency';
    const councilId = input.councilId ?? '';
    if (councilId !== '' && !(isUuid(councilId) && (await repo.findCouncil(db, councilId))))
      errors.councilId = 'Select a council from the list';
    const districtId = input.districtId ?? '';
    if (districtId !== '') {
      const district = isUuid(districtId) ? await repo.findDistrict(db, districtId) : undefined;
      if (councilId === '') errors.districtId = 'Select the agency’s council area before its district';
      else if (!district || district.local_authority_id !== councilId) errors.districtId = 'Select a district in the agency’s council area';
    }
    const email = (input.email ?? '').trim();
    if (email !== '' && !isEmailAddress(email))
      errors.email = 'Enter an email address in the correct format, like earlyhelp@school.example.org';
    const phone = (input.phone ?? '').trim();
    if (phone !== '' && !isUkTelephone(phone)) errors.phone = 'Enter a UK telephone number, like 01632 960 001';
    const link = input.linkProfessionalUserId ?? '';
    if (link !== '') {
      if (!AGENCY_KINDS_WITH_LINK_PROFESSIONAL.includes(kind))
        errors.linkProfessionalUserId = 'Only schools, nurseries and children’s centres have a link early help professional';
      else {
        const links = await repo.listStaff(db, LINK_PROFESSIONAL_ROLES, councilId === '' ? undefined : councilId);
        if (!links.some((person) => person.id === link))
          errors.linkProfessionalUserId = 'Select an early help practitioner or team manager of the agency’s council';
      }
    }
    if (!errors.name && (await repo.nameTaken(db, 'agencies', name, {}, exceptId)))
      errors.name = 'There is already an agency with this name';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return {
      name,
      kind,
      local_authority_id: councilId === '' ? null : councilId,
      district_id: districtId === '' ? null : districtId,
      email: email === '' ? null : email,
      phone: phone === '' ? null : phone,
      link_professional_user_id: link === '' ? null : link,
    };
  }

  saveAgency(actor: AuditActor, id: string | null, input: Input): Promise<string> {
    return this.save(actor, id, input, {
      table: 'agencies',
      recordType: 'agency',
      what: 'Agency',
      find: repo.findAgency,
      validate: (db, exceptId) => this.validateAgency(db, input, exceptId),
      created: 'agency created',
      changed: 'agency changed',
    });
  }

  /** Creates or changes one part of the partnership, with its audit row, in one transaction. */
  private save(
    actor: AuditActor,
    id: string | null,
    input: Input,
    spec: {
      table: 'local_authorities' | 'quadrants' | 'districts' | 'teams' | 'agencies' | 'need_levels';
      recordType: string;
      what: string;
      find: (db: Executor, id: string) => Promise<Record<string, unknown> | undefined>;
      validate: (db: Executor, exceptId?: string) => Promise<Record<string, unknown>>;
      created: string;
      changed: string;
    },
  ): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      if (id === null) {
        const values = await spec.validate(trx);
        const { id: newId } = await repo.insertRow(trx, spec.table, values);
        await this.audit.record(trx, actor, { action: spec.created, recordType: spec.recordType, recordId: newId, detail: values });
        return newId;
      }
      const before = isUuid(id) ? await spec.find(trx, id) : undefined;
      if (!before) throw new NotFoundError(spec.what);
      const values = await spec.validate(trx, id);
      if (!(await repo.updateRowAtVersion(trx, spec.table, id, version(input), values))) throw new ConflictError();
      await this.audit.record(trx, actor, {
        action: spec.changed,
        recordType: spec.recordType,
        recordId: id,
        detail: changes(before, values),
      });
      return id;
    });
  }
}
