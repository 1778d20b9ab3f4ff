/**
 * The demo partnership: made-up but realistic councils, quadrants, teams, agencies and staff,
 * created on an empty database outside production so a newcomer can try every role.
 * Every name here is invented; e-mail addresses use the reserved .example domain and telephone
 * numbers Ofcom's range for drama.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { SYSTEM_ACTOR, type AuditService } from '../platform/audit/audit.service.js';
import { hashPassword } from '../platform/auth/password.js';
import type { Role } from '../platform/permissions/roles.js';

interface DemoCouncil {
  code: string;
  name: string;
  emailDomain: string;
  progressTool: 'map' | 'outcomes_star';
  allocationModel: 'team_manager' | 'multi_agency_panel';
  panelName: string | null;
  decisionTargetWorkingDays: number;
  quadrants: { name: string; specialistArea: string; districts: string[] }[];
}

const COUNCILS: DemoCouncil[] = [
  {
    code: 'CAMBS',
    name: 'Cambridgeshire',
    emailDomain: 'cambs.tellonce.example',
    progressTool: 'map',
    allocationModel: 'team_manager',
    panelName: null,
    decisionTargetWorkingDays: 3,
    quadrants: [
      { name: 'Fenland and East Cambridgeshire', specialistArea: 'strong_families', districts: ['Fenland', 'East Cambridgeshire'] },
      { name: 'Huntingdonshire', specialistArea: 'learning_and_participation', districts: ['Huntingdonshire'] },
      {
        name: 'Cambridge and South Cambridgeshire',
        specialistArea: 'physical_and_mental_health',
        districts: ['Cambridge City', 'South Cambridgeshire'],
      },
    ],
  },
  {
    code: 'PBORO',
    name: 'Peterborough',
    emailDomain: 'pboro.tellonce.example',
    progressTool: 'outcomes_star',
    allocationModel: 'multi_agency_panel',
    panelName: 'MASG',
    decisionTargetWorkingDays: 2,
    quadrants: [
      {
        name: 'Peterborough',
        specialistArea: 'exploitation',
        districts: ['Peterborough North', 'Peterborough Central', 'Peterborough South'],
      },
    ],
  },
];

const QUADRANT_TEAMS: { kind: string; suffix: string }[] = [
  { kind: 'child_and_family_centre', suffix: 'Child and Family Centre' },
  { kind: 'targeted_childrens_support', suffix: '0-11 Targeted Children’s Support' },
  { kind: 'targeted_youth_support', suffix: '11-19 Targeted Youth Support' },
  { kind: 'specialist_support', suffix: '10-19 Specialist Support' },
  { kind: 'transition', suffix: 'Transition' },
  { kind: 'leaving_care', suffix: 'Leaving Care' },
];

const COUNCIL_TEAMS: { kind: string; name: (council: string) => string }[] = [
  { kind: 'early_help_hub', name: (council) => `${council} Early Help Hub` },
  { kind: 'childrens_social_care', name: (council) => `${council} Children’s Social Care Assessment Team` },
  { kind: 'performance', name: (council) => `${council} Early Help Performance and Commissioning` },
];

/** The demo threshold framework, after the partnership's Model of Staged Intervention (seed 003). */
const NEED_LEVELS: { level: number; name: string; description: string; examples: string }[] = [
  {
    level: 1,
    name: 'Universal',
    description: 'Needs are met by universal services and the community: schools, GPs, health visitors, children’s centres.',
    examples: 'A parent wants advice on sleep or routines; a child new to the area needs to find a club.',
  },
  {
    level: 2,
    name: 'Early help',
    description: 'Additional needs that one agency, or a Lead Professional with the family, can meet with an early help plan.',
    examples: 'Falling attendance; behaviour that worries the school; a parent struggling after a separation.',
  },
  {
    level: 3,
    name: 'Targeted',
    description: 'Several needs that call for a Team Around the Family and targeted support from a quadrant team.',
    examples: 'Domestic abuse in the past; a parent’s mental ill health affecting the children; risk of exclusion.',
  },
  {
    level: 4,
    name: 'Specialist',
    description: 'A child may be at risk of significant harm or needs a statutory service: children’s social care leads.',
    examples: 'A child discloses harm; exploitation; a child with no safe adult to care for them.',
  },
];

/** Agencies by council code; null is partnership-wide. District names place them. */
const AGENCIES: { name: string; kind: string; council: string | null; district?: string }[] = [
  { name: 'Cambridgeshire Early Help Service', kind: 'council_service', council: 'CAMBS' },
  { name: 'Peterborough Early Help Service', kind: 'council_service', council: 'PBORO' },
  { name: 'Cambridgeshire Children’s Social Care', kind: 'council_service', council: 'CAMBS' },
  { name: 'Peterborough Children’s Social Care', kind: 'council_service', council: 'PBORO' },
  { name: 'Otterbrook Primary School', kind: 'school', council: 'CAMBS', district: 'Fenland' },
  { name: 'Sedgewater Academy', kind: 'school', council: 'CAMBS', district: 'East Cambridgeshire' },
  { name: 'Willowmere Church of England Primary School', kind: 'school', council: 'CAMBS', district: 'Huntingdonshire' },
  { name: 'Hazelford Community College', kind: 'school', council: 'CAMBS', district: 'Cambridge City' },
  { name: 'Larkspur Infant School', kind: 'school', council: 'CAMBS', district: 'South Cambridgeshire' },
  { name: 'Brambleton Primary School', kind: 'school', council: 'PBORO', district: 'Peterborough North' },
  { name: 'Kestrel Vale Academy', kind: 'school', council: 'PBORO', district: 'Peterborough Central' },
  { name: 'Nene Meadow Secondary School', kind: 'school', council: 'PBORO', district: 'Peterborough South' },
  { name: 'Little Acorns Day Nursery', kind: 'nursery', council: 'CAMBS', district: 'Fenland' },
  { name: 'Puddle Lane Pre-school', kind: 'nursery', council: 'CAMBS', district: 'Cambridge City' },
  { name: 'Riverbend Nursery', kind: 'nursery', council: 'PBORO', district: 'Peterborough Central' },
  { name: 'Marshfield Children’s Centre', kind: 'childrens_centre', council: 'CAMBS', district: 'Fenland' },
  { name: 'Oakhurst Children’s Centre', kind: 'childrens_centre', council: 'CAMBS', district: 'Huntingdonshire' },
  { name: 'Eastgate Children’s Centre', kind: 'childrens_centre', council: 'PBORO', district: 'Peterborough North' },
  { name: 'Reedmoor Surgery', kind: 'gp_practice', council: 'CAMBS', district: 'Fenland' },
  { name: 'Cherry Lane Medical Practice', kind: 'gp_practice', council: 'CAMBS', district: 'South Cambridgeshire' },
  { name: 'Millstream Health Centre', kind: 'gp_practice', council: 'PBORO', district: 'Peterborough South' },
  { name: 'Fen Edge Community Health NHS Trust', kind: 'nhs_trust', council: null },
  { name: 'Ouse Valley Mental Health NHS Trust', kind: 'nhs_trust', council: null },
  { name: 'Fenmarsh Police', kind: 'police', council: null },
  { name: 'Brightpath Family Support', kind: 'voluntary_group', council: 'CAMBS', district: 'Huntingdonshire' },
  { name: 'Kindred Young Carers', kind: 'voluntary_group', council: null },
  { name: 'Open Door Youth Club', kind: 'voluntary_group', council: 'PBORO', district: 'Peterborough Central' },
  { name: 'Stepping Stones Parenting', kind: 'voluntary_group', council: 'CAMBS', district: 'Cambridge City' },
  { name: 'Harbour Lights Domestic Abuse Support', kind: 'voluntary_group', council: null },
  { name: 'Fenland Food and Warmth Network', kind: 'voluntary_group', council: 'CAMBS', district: 'Fenland' },
];

interface DemoPerson {
  name: string;
  role: Role;
  jobTitle: string;
  agency: string | ((council: DemoCouncil) => string);
  /** A council-wide team by kind, or a quadrant team as "quadrant index:kind". */
  team?: string;
}

/** The same set of roles in each council, with different made-up people. */
const PEOPLE: Record<string, DemoPerson[]> = {
  CAMBS: [
    { name: 'Alex Fenwick', role: 'partner_practitioner', jobTitle: 'Designated safeguarding lead', agency: 'Otterbrook Primary School' },
    { name: 'Priya Marsh', role: 'partner_practitioner', jobTitle: 'Health visitor', agency: 'Fen Edge Community Health NHS Trust' },
    {
      name: 'Sam Okafor',
      role: 'hub_officer',
      jobTitle: 'Early Help Hub officer',
      agency: (c) => `${c.name} Early Help Service`,
      team: 'early_help_hub',
    },
    {
      name: 'Jordan Reedman',
      role: 'early_help_practitioner',
      jobTitle: 'Family worker',
      agency: (c) => `${c.name} Early Help Service`,
      team: '0:targeted_childrens_support',
    },
    {
      name: 'Tess Willoughby',
      role: 'early_help_practitioner',
      jobTitle: 'Young people’s worker',
      agency: (c) => `${c.name} Early Help Service`,
      team: '1:targeted_youth_support',
    },
    {
      name: 'Morgan Ashdown',
      role: 'team_manager',
      jobTitle: 'Team manager',
      agency: (c) => `${c.name} Early Help Service`,
      team: '0:targeted_childrens_support',
    },
    { name: 'Ruth Castellan', role: 'head_of_service', jobTitle: 'Head of service', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Dev Lanyon', role: 'head_of_service', jobTitle: 'Head of service', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Ife Brennan', role: 'head_of_service', jobTitle: 'Head of service', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Casey Holt', role: 'panel_coordinator', jobTitle: 'JASP coordinator', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Nadia Frost', role: 'panel_member', jobTitle: 'Named nurse for safeguarding', agency: 'Ouse Valley Mental Health NHS Trust' },
    {
      name: 'Owen Thackeray',
      role: 'social_care_practitioner',
      jobTitle: 'Social worker',
      agency: (c) => `${c.name} Children’s Social Care`,
      team: 'childrens_social_care',
    },
    {
      name: 'Lena Whitcombe',
      role: 'performance_analyst',
      jobTitle: 'Performance analyst',
      agency: (c) => `${c.name} Early Help Service`,
      team: 'performance',
    },
    { name: 'Robin Example-Parent', role: 'family_member', jobTitle: 'Parent', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Kit Administrator', role: 'administrator', jobTitle: 'TellOnce administrator', agency: (c) => `${c.name} Early Help Service` },
  ],
  PBORO: [
    { name: 'Jamie Brookfield', role: 'partner_practitioner', jobTitle: 'Pastoral lead', agency: 'Brambleton Primary School' },
    {
      name: 'Hana Osei',
      role: 'hub_officer',
      jobTitle: 'Early Help Hub officer',
      agency: (c) => `${c.name} Early Help Service`,
      team: 'early_help_hub',
    },
    {
      name: 'Rowan Pike',
      role: 'early_help_practitioner',
      jobTitle: 'Targeted youth support worker',
      agency: (c) => `${c.name} Early Help Service`,
      team: '0:targeted_youth_support',
    },
    {
      name: 'Chris Nettleton',
      role: 'team_manager',
      jobTitle: 'Team manager',
      agency: (c) => `${c.name} Early Help Service`,
      team: '0:targeted_youth_support',
    },
    { name: 'Amara Quill', role: 'head_of_service', jobTitle: 'Head of service', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Toby Lindqvist', role: 'panel_coordinator', jobTitle: 'MASG coordinator', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Sunita Rao', role: 'panel_member', jobTitle: 'Neighbourhood inspector', agency: 'Fenmarsh Police' },
    {
      name: 'Gemma Hartley',
      role: 'social_care_practitioner',
      jobTitle: 'Social worker',
      agency: (c) => `${c.name} Children’s Social Care`,
      team: 'childrens_social_care',
    },
    {
      name: 'Ade Winterbourne',
      role: 'performance_analyst',
      jobTitle: 'Commissioning officer',
      agency: (c) => `${c.name} Early Help Service`,
      team: 'performance',
    },
    { name: 'Jess Example-Carer', role: 'family_member', jobTitle: 'Kinship carer', agency: (c) => `${c.name} Early Help Service` },
    { name: 'Pat Administrator', role: 'administrator', jobTitle: 'TellOnce administrator', agency: (c) => `${c.name} Early Help Service` },
  ],
};

function emailOf(name: string, domain: string): string {
  return `${name
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '')}@${domain}`;
}

/** Creates the demo partnership if the database has no councils yet. Returns whether it did. */
export async function createDemoPartnershipIfEmpty(db: Kysely<Database>, audit: AuditService, demoPassword: string): Promise<boolean> {
  const existing = await db.selectFrom('local_authorities').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const everyone = Object.values(PEOPLE).flat();
  const hashes = await Promise.all(everyone.map(() => hashPassword(demoPassword)));
  let hashIndex = 0;

  await db.transaction().execute(async (trx) => {
    const councilIds = new Map<string, string>();
    const districtIds = new Map<string, string>();
    const quadrantIds = new Map<string, string[]>();
    for (const council of COUNCILS) {
      const { id } = await trx
        .insertInto('local_authorities')
        .values({
          code: council.code,
          name: council.name,
          progress_tool: council.progressTool,
          allocation_model: council.allocationModel,
          panel_name: council.panelName,
          decision_target_working_days: council.decisionTargetWorkingDays,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      councilIds.set(council.code, id);
      await trx
        .insertInto('need_levels')
        .values(NEED_LEVELS.map((level) => ({ local_authority_id: id, ...level })))
        .execute();
      const ids: string[] = [];
      for (const quadrant of council.quadrants) {
        const { id: quadrantId } = await trx
          .insertInto('quadrants')
          .values({ local_authority_id: id, name: quadrant.name, specialist_area: quadrant.specialistArea, head_of_service_user_id: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(quadrantId);
        for (const district of quadrant.districts) {
          const { id: districtId } = await trx
            .insertInto('districts')
            .values({ quadrant_id: quadrantId, name: district })
            .returning('id')
            .executeTakeFirstOrThrow();
          districtIds.set(district, districtId);
        }
      }
      quadrantIds.set(council.code, ids);
    }

    const teamIds = new Map<string, string>();
    for (const council of COUNCILS) {
      const councilId = councilIds.get(council.code) ?? '';
      for (const team of COUNCIL_TEAMS) {
        const { id } = await trx
          .insertInto('teams')
          .values({
            local_authority_id: councilId,
            quadrant_id: null,
            district_id: null,
            kind: team.kind,
            name: team.name(council.name),
            manager_user_id: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        teamIds.set(`${council.code}/${team.kind}`, id);
      }
      const quadrants = quadrantIds.get(council.code) ?? [];
      for (const [index, quadrant] of council.quadrants.entries()) {
        for (const team of QUADRANT_TEAMS) {
          const { id } = await trx
            .insertInto('teams')
            .values({
              local_authority_id: councilId,
              quadrant_id: quadrants[index] ?? null,
              district_id: null,
              kind: team.kind,
              name: `${quadrant.name} ${team.suffix}`,
              manager_user_id: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          teamIds.set(`${council.code}/${index}:${team.kind}`, id);
        }
      }
    }

    const agencyIds = new Map<string, string>();
    for (const [index, agency] of AGENCIES.entries()) {
      const council = COUNCILS.find((candidate) => candidate.code === agency.council);
      const { id } = await trx
        .insertInto('agencies')
        .values({
          name: agency.name,
          kind: agency.kind,
          local_authority_id: agency.council ? (councilIds.get(agency.council) ?? null) : null,
          district_id: agency.district ? (districtIds.get(agency.district) ?? null) : null,
          email: `enquiries@${agency.name
            .toLowerCase()
            .replace(/[^a-z]+/g, '-')
            .replace(/^-|-$/g, '')}.${council ? council.emailDomain : 'partnership.tellonce.example'}`,
          phone: `01632 960 ${String(100 + index).padStart(3, '0')}`,
          link_professional_user_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      agencyIds.set(agency.name, id);
    }

    const userIds = new Map<string, string>();
    for (const council of COUNCILS) {
      const councilId = councilIds.get(council.code) ?? '';
      const heads: string[] = [];
      for (const person of PEOPLE[council.code] ?? []) {
        const agencyName = typeof person.agency === 'string' ? person.agency : person.agency(council);
        const { id } = await trx
          .insertInto('users')
          .values({
            email: emailOf(person.name, council.emailDomain),
            display_name: person.name,
            role: person.role,
            job_title: person.jobTitle,
            local_authority_id: councilId,
            agency_id: agencyIds.get(agencyName) ?? '',
            team_id: person.team ? (teamIds.get(`${council.code}/${person.team}`) ?? null) : null,
            status: 'active',
            password_hash: hashes[hashIndex++] ?? null,
            invitation_token_hash: null,
            invitation_expires_at: null,
            locked_until: null,
            last_signed_in_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        userIds.set(`${council.code}/${person.name}`, id);
        if (person.role === 'head_of_service') heads.push(id);
        if (person.role === 'team_manager' && person.team) {
          await trx
            .updateTable('teams')
            .set({ manager_user_id: id })
            .where('id', '=', teamIds.get(`${council.code}/${person.team}`) ?? '')
            .execute();
        }
      }
      // One head of service for each quadrant.
      for (const [index, quadrantId] of (quadrantIds.get(council.code) ?? []).entries()) {
        const head = heads[index];
        if (head) await trx.updateTable('quadrants').set({ head_of_service_user_id: head }).where('id', '=', quadrantId).execute();
      }
      // Every school, nursery and children's centre gets a link early help professional.
      const linkProfessionals = (PEOPLE[council.code] ?? [])
        .filter((person) => person.role === 'early_help_practitioner')
        .map((person) => userIds.get(`${council.code}/${person.name}`) ?? '');
      const settings = AGENCIES.filter(
        (agency) => agency.council === council.code && ['school', 'nursery', 'childrens_centre'].includes(agency.kind),
      );
      for (const [index, setting] of settings.entries()) {
        const link = linkProfessionals[index % linkProfessionals.length];
        if (link)
          await trx
            .updateTable('agencies')
            .set({ link_professional_user_id: link })
            .where('id', '=', agencyIds.get(setting.name) ?? '')
            .execute();
      }
    }

    await audit.record(trx, SYSTEM_ACTOR, {
      action: 'demo partnership created',
      recordType: 'partnership',
      detail: { councils: COUNCILS.length, agencies: AGENCIES.length, users: everyone.length, teams: teamIds.size },
    });
  });
  return true;
}
