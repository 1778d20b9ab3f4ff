/**
 * The Database type: one interface per table, as Kysely sees it.
 * Row types stay inside repositories; services hand out their own view types.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface LocalAuthorityTable {
  id: Generated<string>;
  code: string;
  name: string;
  progress_tool: 'map' | 'outcomes_star';
  allocation_model: 'team_manager' | 'multi_agency_panel';
  panel_name: string | null;
  decision_target_working_days: number;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface QuadrantTable {
  id: Generated<string>;
  local_authority_id: string;
  name: string;
  specialist_area: string | null;
  head_of_service_user_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DistrictTable {
  id: Generated<string>;
  quadrant_id: string;
  name: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TeamTable {
  id: Generated<string>;
  local_authority_id: string;
  quadrant_id: string | null;
  district_id: string | null;
  kind: string;
  name: string;
  manager_user_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AgencyTable {
  id: Generated<string>;
  name: string;
  kind: string;
  local_authority_id: string | null;
  district_id: string | null;
  email: string | null;
  phone: string | null;
  link_professional_user_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: string;
  local_authority_id: string;
  agency_id: string;
  team_id: string | null;
  job_title: string | null;
  status: 'invited' | 'active' | 'deactivated';
  password_hash: string | null;
  invitation_token_hash: string | null;
  invitation_expires_at: Date | null;
  failed_sign_in_count: Generated<number>;
  locked_until: Date | null;
  last_signed_in_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_seen_at: Date;
  absolute_expires_at: Date;
}

export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: ColumnType<Date, never, never>;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  record_type: string;
  record_id: string | null;
  reason: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null, never>;
}

export interface Database {
  local_authorities: LocalAuthorityTable;
  quadrants: QuadrantTable;
  districts: DistrictTable;
  teams: TeamTable;
  agencies: AgencyTable;
  users: UserTable;
  sessions: SessionTable;
  audit_events: AuditEventTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
