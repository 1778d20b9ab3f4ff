/**
 * The Early Help Hub's own figures over a chosen period: received, decided, decided within target,
 * by council, source, reason and outcome, on the page and as a CSV download.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ValidationError } from '../platform/http/errors.js';
import type { FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { NEXT_STEPS, REASONS, SOURCES, type Choice } from '../front-door/front-door.model.js';
import { ukDate, ukInstant } from '../front-door/working-time.js';
import * as repo from './hub-figures.repository.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_YEARS = 5;

export interface FigureRow {
  group: string;
  received: number | null;
  decided: number;
  withinTarget: number;
  withinTargetPercent: string;
}

export interface Figures {
  from: string;
  to: string;
  councilId: string | null;
  councilName: string;
  received: number;
  safeguarding: number;
  decided: number;
  withinTarget: number;
  withinTargetPercent: string;
  sections: { key: string; title: string; rows: FigureRow[]; note?: string }[];
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The same day so many years later, as text: compared as text, 29 February falls between the 28th and 1 March. */
function yearsLater(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
}

/** Guards a CSV cell against being read as a formula by a spreadsheet, and quotes it (RFC 4180). */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export class HubFiguresService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly partnership: PartnershipService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The default period: the last 30 days, to today. */
  defaultPeriod(): { from: string; to: string } {
    const today = ukDate(this.now());
    return { from: addDays(today, -29), to: today };
  }

  async figures(user: CurrentUser, input: { from: string; to: string; council: string }): Promise<Figures> {
    const councils = await this.partnership.councils();
    const errors: FieldErrors = {};
    if (!ISO_DATE.test(input.from)) errors['from-day'] = 'Enter the first day as a real date, like 1 10 2026';
    if (!ISO_DATE.test(input.to)) errors['to-day'] = 'Enter the last day as a real date, like 31 10 2026';
    if (!errors['from-day'] && !errors['to-day']) {
      if (input.to < input.from) errors['to-day'] = 'The last day must be the same as or after the first day';
      else if (input.to >= yearsLater(input.from, MAX_YEARS)) errors['to-day'] = `The period can be up to ${MAX_YEARS} years long`;
    }
    const council = councils.find((item) => item.id === input.council);
    if (input.council !== '' && input.council !== 'all' && !council) errors.council = 'Select a council, or all councils';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const period: repo.Period = { from: ukInstant(input.from, 0), to: ukInstant(addDays(input.to, 1), 0), councilId: council?.id ?? null };
    const councilNames: Choice[] = councils.map((item) => ({ value: item.id, text: item.name }));
    return this.db.transaction().execute(async (trx) => {
      const received = await repo.receivedCounts(trx, period);
      const decided = await repo.decidedCounts(trx, period);
      const table = (choices: Choice[], inRows: repo.GroupCount[] | null, outRows: repo.GroupCount[]) => {
        const groupsSeen = new Set([...(inRows ?? []).map((row) => row.group), ...outRows.map((row) => row.group)]);
        const ordered = [
          ...choices.filter((choice) => groupsSeen.has(choice.value)),
          ...[...groupsSeen].filter((g) => !choices.some((c) => c.value === g)).map((g) => ({ value: g, text: g })),
        ];
        return ordered.map((choice): FigureRow => {
          const out = outRows.find((row) => row.group === choice.value);
          return {
            group: choice.text,
            received: inRows ? (inRows.find((row) => row.group === choice.value)?.count ?? 0) : null,
            decided: out?.count ?? 0,
            withinTarget: out?.withinTarget ?? 0,
            withinTargetPercent: percent(out?.withinTarget ?? 0, out?.count ?? 0),
          };
        });
      };
      await this.audit.record(trx, actorFor(user), {
        action: 'hub figures viewed',
        recordType: 'hub figures',
        recordId: period.councilId,
        detail: { from: input.from, to: input.to },
      });
      return {
        from: input.from,
        to: input.to,
        councilId: period.councilId,
        councilName: council?.name ?? 'All councils',
        received: received.received,
        safeguarding: received.safeguarding,
        decided: decided.decided,
        withinTarget: decided.withinTarget,
        withinTargetPercent: percent(decided.withinTarget, decided.decided),
        sections: [
          { key: 'council', title: 'By council', rows: table(councilNames, received.by.council, decided.by.council) },
          { key: 'source', title: 'By source', rows: table(SOURCES, received.by.source, decided.by.source) },
          {
            key: 'reason',
            title: 'By reason for support',
            rows: table(REASONS, received.by.reason, decided.by.reason),
            note: 'A request with more than one reason counts under each, so these add up to more than the total.',
          },
          {
            key: 'outcome',
            title: 'By outcome',
            rows: table(NEXT_STEPS, null, decided.by.outcome),
            note: 'The outcome is the decision that stands, after any correction. Whether it was within target is the first decision’s.',
          },
        ],
      };
    });
  }

  /** The same figures as CSV: section, group, received, decided, decided within target. */
  toCsv(figures: Figures): string {
    const lines = [['section', 'group', 'received', 'decided', 'decided_within_target']];
    lines.push(['Total', figures.councilName, String(figures.received), String(figures.decided), String(figures.withinTarget)]);
    lines.push(['Total', 'Safeguarding contacts', String(figures.safeguarding), '', '']);
    for (const section of figures.sections)
      for (const row of section.rows)
        lines.push([
          section.title,
          row.group,
          row.received === null ? '' : String(row.received),
          String(row.decided),
          String(row.withinTarget),
        ]);
    return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
  }
}
