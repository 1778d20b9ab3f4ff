/**
 * A family's chronology — significant events across agencies — and case notes, with the child's
 * own words and whether they were seen alone (seed 000 "young people being seen alone").
 * Other capabilities add their own events through `record`, inside their own transaction.
 * Reading either is only possible through the family record, which checks access and audits.
 */
import type { Executor } from '../platform/audit/audit.repository.js';
import { ValidationError } from '../platform/http/errors.js';
import type { FieldErrors } from '../platform/http/forms.js';
import { EVENT_CATEGORIES, NOTE_CATEGORIES, SIGNIFICANCE, textOf, type Significance } from './chronology.model.js';
import * as repo from './chronology.repository.js';

export interface ChronologyEvent {
  id: string;
  occurredOn: string;
  summary: string;
  significance: Significance;
  significanceText: string;
  category: string;
  categoryText: string;
  personId: string | null;
  personName: string | null;
  agencyName: string | null;
  recordedBy: string | null;
}

export interface CaseNote {
  id: string;
  occurredOn: string;
  category: string;
  categoryText: string;
  note: string;
  personId: string | null;
  personName: string | null;
  childSeen: boolean | null;
  seenAlone: boolean | null;
  childWords: string | null;
  recordedBy: string;
  agencyName: string;
  recordedAt: Date;
}

export interface NewEvent {
  familyId: string;
  personId?: string | null;
  occurredOn: string;
  summary: string;
  sourceAgencyId: string | null;
  significance: Significance;
  category: string;
  recordedByUserId: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ChronologyService {
  /** Adds an event to a family's chronology, inside the caller's transaction. */
  async record(db: Executor, event: NewEvent): Promise<string> {
    const { id } = await repo.insertEvent(db, {
      family_id: event.familyId,
      person_id: event.personId ?? null,
      occurred_on: event.occurredOn,
      summary: event.summary,
      source_agency_id: event.sourceAgencyId,
      significance: event.significance,
      category: event.category,
      recorded_by_user_id: event.recordedByUserId,
    });
    return id;
  }

  async events(db: Executor, familyId: string, filter: repo.EventFilter = {}): Promise<ChronologyEvent[]> {
    const rows = await repo.listEvents(db, familyId, filter);
    return rows.map((row) => ({
      id: row.id,
      occurredOn: row.occurred_on,
      summary: row.summary,
      significance: row.significance,
      significanceText: textOf(SIGNIFICANCE, row.significance),
      category: row.category,
      categoryText: textOf(EVENT_CATEGORIES, row.category),
      personId: row.person_id,
      personName: row.given_name ? `${row.given_name} ${row.family_name ?? ''}`.trim() : null,
      agencyName: row.agency_name,
      recordedBy: row.recorded_by,
    }));
  }

  async notes(db: Executor, familyId: string): Promise<CaseNote[]> {
    const rows = await repo.listNotes(db, familyId);
    return rows.map((row) => ({
      id: row.id,
      occurredOn: row.occurred_on,
      category: row.category,
      categoryText: textOf(NOTE_CATEGORIES, row.category),
      note: row.note,
      personId: row.person_id,
      personName: row.given_name ? `${row.given_name} ${row.family_name ?? ''}`.trim() : null,
      childSeen: row.child_seen,
      seenAlone: row.seen_alone,
      childWords: row.child_words,
      recordedBy: row.recorded_by,
      agencyName: row.agency_name,
      recordedAt: row.created_at,
    }));
  }

  /** Checks a new chronology event typed by a practitioner. */
  validateEvent(
    input: Record<string, string>,
    memberIds: string[],
    today: string,
  ): Omit<NewEvent, 'familyId' | 'sourceAgencyId' | 'recordedByUserId'> {
    const errors: FieldErrors = {};
    const occurredOn = input.occurredOn ?? '';
    if (!ISO_DATE.test(occurredOn)) errors['occurredOn-day'] = 'Enter the date it happened, like 27 3 2026';
    else if (occurredOn > today) errors['occurredOn-day'] = 'The date it happened must be today or in the past';
    const summary = (input.summary ?? '').trim();
    if (summary === '') errors.summary = 'Enter what happened';
    else if (summary.length > 2000) errors.summary = 'What happened must be 2,000 characters or fewer';
    const significance = input.significance ?? '';
    if (!SIGNIFICANCE.some((item) => item.value === significance)) errors.significance = 'Select how significant it is';
    const category = input.category ?? '';
    if (!EVENT_CATEGORIES.some((item) => item.value === category && item.value !== 'record'))
      errors.category = 'Select what kind of event it was';
    const personId = input.personId ?? '';
    if (personId !== '' && !memberIds.includes(personId)) errors.personId = 'Select a member of this family, or the whole family';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return { occurredOn, summary, significance: significance as Significance, category, personId: personId === '' ? null : personId };
  }

  /** Checks a new case note typed by a practitioner. */
  validateNote(
    input: Record<string, string>,
    memberIds: string[],
    today: string,
  ): Omit<repo.NoteInsert, 'family_id' | 'recorded_by_user_id' | 'agency_id'> {
    const errors: FieldErrors = {};
    const occurredOn = input.occurredOn ?? '';
    if (!ISO_DATE.test(occurredOn)) errors['occurredOn-day'] = 'Enter the date of the contact, like 27 3 2026';
    else if (occurredOn > today) errors['occurredOn-day'] = 'The date of the contact must be today or in the past';
    const category = input.category ?? '';
    if (!NOTE_CATEGORIES.some((item) => item.value === category)) errors.category = 'Select what kind of contact it was';
    const note = (input.note ?? '').trim();
    if (note === '') errors.note = 'Enter the note';
    else if (note.length > 10000) errors.note = 'The note must be 10,000 characters or fewer';
    const personId = input.personId ?? '';
    if (personId !== '' && !memberIds.includes(personId)) errors.personId = 'Select a member of this family, or the whole family';
    const childSeen = input.childSeen ?? '';
    if (!['yes', 'no', 'not_applicable'].includes(childSeen)) errors.childSeen = 'Select whether the child or young person was seen';
    const seenAlone = input.seenAlone ?? '';
    if (childSeen === 'yes' && !['yes', 'no'].includes(seenAlone)) errors.seenAlone = 'Select whether they were seen alone';
    const childWords = (input.childWords ?? '').trim();
    if (childWords.length > 4000) errors.childWords = 'Their words must be 4,000 characters or fewer';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return {
      occurred_on: occurredOn,
      category,
      note,
      person_id: personId === '' ? null : personId,
      child_seen: childSeen === 'not_applicable' ? null : childSeen === 'yes',
      seen_alone: childSeen === 'yes' ? seenAlone === 'yes' : null,
      child_words: childWords === '' ? null : childWords,
    };
  }

  addNote(db: Executor, values: repo.NoteInsert) {
    return repo.insertNote(db, values);
  }
}
