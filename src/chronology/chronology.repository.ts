/**
 * All SQL for a family's chronology of significant events and its case notes.
 */
import type { Executor } from '../platform/audit/audit.repository.js';
import type { Significance } from './chronology.model.js';

export interface EventInsert {
  family_id: string;
  person_id: string | null;
  occurred_on: string;
  summary: string;
  source_agency_id: string | null;
  significance: Significance;
  category: string;
  recorded_by_user_id: string | null;
}

export function insertEvent(db: Executor, values: EventInsert) {
  return db.insertInto('chronology_events').values(values).returning('id').executeTakeFirstOrThrow();
}

export interface EventFilter {
  personId?: string | undefined;
  agencyId?: string | undefined;
  significance?: string | undefined;
  category?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function listEvents(db: Executor, familyId: string, filter: EventFilter) {
  let query = db
    .selectFrom('chronology_events as e')
    .leftJoin('people as p', 'p.id', 'e.person_id')
    .leftJoin('agencies as a', 'a.id', 'e.source_agency_id')
    .leftJoin('users as u', 'u.id', 'e.recorded_by_user_id')
    .select([
      'e.id',
      'e.person_id',
      'e.occurred_on',
      'e.summary',
      'e.significance',
      'e.category',
      'e.created_at',
      'p.given_name',
      'p.family_name',
      'a.name as agency_name',
      'u.display_name as recorded_by',
    ])
    .where('e.family_id', '=', familyId);
  if (filter.personId) query = query.where('e.person_id', '=', filter.personId);
  if (filter.agencyId) query = query.where('e.source_agency_id', '=', filter.agencyId);
  if (filter.significance) query = query.where('e.significance', '=', filter.significance as Significance);
  if (filter.category) query = query.where('e.category', '=', filter.category);
  if (filter.from) query = query.where('e.occurred_on', '>=', filter.from);
  if (filter.to) query = query.where('e.occurred_on', '<=', filter.to);
  return query.orderBy('e.occurred_on', 'desc').orderBy('e.created_at', 'desc').limit(500).execute();
}

export interface NoteInsert {
  family_id: string;
  person_id: string | null;
  category: string;
  occurred_on: string;
  note: string;
  child_seen: boolean | null;
  seen_alone: boolean | null;
  child_words: string | null;
  recorded_by_user_id: string;
  agency_id: string;
}

export function insertNote(db: Executor, values: NoteInsert) {
  return db.insertInto('case_notes').values(values).returning('id').executeTakeFirstOrThrow();
}

export function listNotes(db: Executor, familyId: string) {
  return db
    .selectFrom('case_notes as n')
    .leftJoin('people as p', 'p.id', 'n.person_id')
    .innerJoin('users as u', 'u.id', 'n.recorded_by_user_id')
    .innerJoin('agencies as a', 'a.id', 'n.agency_id')
    .select([
      'n.id',
      'n.person_id',
      'n.category',
      'n.occurred_on',
      'n.note',
      'n.child_seen',
      'n.seen_alone',
      'n.child_words',
      'n.created_at',
      'p.given_name',
      'p.family_name',
      'u.display_name as recorded_by',
      'a.name as agency_name',
    ])
    .where('n.family_id', '=', familyId)
    .orderBy('n.occurred_on', 'desc')
    .orderBy('n.created_at', 'desc')
    .limit(500)
    .execute();
}
