/**
 * Who may do what in TellOnce, decided in this one place.
 *
 * Every route declares the permission it needs (see platform/http/routes.ts); a route that
 * declares none stops the application from starting. Access to a particular family's record
 * will also be decided here, from role, agency, involvement and consent.
 */
import { FAMILY_RECORD_ROLES } from './family-access.js';
import type { Role } from './roles.js';

export const PERMISSIONS = [
  /** Anyone, signed in or not: sign-in, static pages, assets, health. */
  'public',
  /** Any signed-in person. */
  'signed-in',
  'partnership:view',
  'partnership:manage',
  'users:manage',
  'audit:view',
  /** Find people and open family records (each record then decides by involvement and consent). */
  'families:work',
  /** Review likely duplicate people and merge them. */
  'people:merge',
  /** See who has opened restricted records by breaking the glass. */
  'break-glass:review',
  /** Ask the Early Help Hub for support, and follow one's own requests to their outcome. */
  'requests:make',
  /** Work the Early Help Hub: the queue, contacts, decisions and the advice line. */
  'hub:work',
  /** Allocate early help to teams and workers, and run the allocation panel's list. */
  'allocation:manage',
  /** See the multi-agency panel's and the quadrant forums' lists. */
  'panels:view',
  /** Receive safeguarding contacts and step-ups in children's social care. */
  'social-care:receive',
  /** Draw and judge quality dip samples of the Hub's decisions. */
  'hub:quality',
  /** The Hub's own figures: received, decided, within target. */
  'hub:figures',
  /** Read the notification outbox. */
  'notifications:view',
  /** Issue and revoke partner systems' API tokens. */
  'api-tokens:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Exclude<Permission, 'public' | 'signed-in'>, readonly Role[]> = {
  'partnership:view': [
    'partner_practitioner',
    'hub_officer',
    'early_help_practitioner',
    'team_manager',
    'head_of_service',
    'panel_coordinator',
    'panel_member',
    'social_care_practitioner',
    'performance_analyst',
    'administrator',
  ],
  'partnership:manage': ['administrator'],
  'users:manage': ['administrator'],
  'audit:view': ['administrator'],
  'families:work': [...FAMILY_RECORD_ROLES],
  'people:merge': ['hub_officer', 'team_manager', 'head_of_service'],
  'break-glass:review': ['team_manager', 'head_of_service'],
  'requests:make': [
    'partner_practitioner',
    'hub_officer',
    'early_help_practitioner',
    'team_manager',
    'head_of_service',
    'social_care_practitioner',
  ],
  'hub:work': ['hub_officer', 'head_of_service'],
  'allocation:manage': ['team_manager', 'head_of_service', 'panel_coordinator'],
  'panels:view': ['panel_coordinator', 'panel_member', 'head_of_service', 'team_manager'],
  'social-care:receive': ['social_care_practitioner'],
  'hub:quality': ['team_manager', 'head_of_service'],
  'hub:figures': ['hub_officer', 'team_manager', 'head_of_service', 'performance_analyst'],
  'notifications:view': ['administrator'],
  'api-tokens:manage': ['administrator'],
};

export interface Actor {
  id: string;
  role: Role;
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether someone (or nobody, when not signed in) holds a permission. Deny by default. */
export function can(actor: Actor | null, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (actor === null) return false;
  if (permission === 'signed-in') return true;
  return GRANTS[permission].includes(actor.role);
}

/** The permissions a role holds, for the navigation and the admin screens. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((permission) => can({ id: '', role }, permission));
}
