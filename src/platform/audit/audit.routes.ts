/**
 * The administrators' audit log screen: search by user, record and date.
 */
import type { FastifyInstance } from 'fastify';
import { parseDayMonthYear } from '../dates.js';
import { errorSummary, isUuid, queryText, type FieldErrors } from '../http/forms.js';
import type { Navigation } from '../views/navigation.js';
import type { UsersService } from '../../users/users.service.js';
import { actorOf } from './actor.js';
import type { AuditService } from './audit.service.js';

interface Deps {
  audit: AuditService;
  users: UsersService;
  navigation: Navigation;
}

const PAGE_SIZE = 50;

function dateFromQuery(query: unknown, prefix: string) {
  return { day: queryText(query, `${prefix}-day`), month: queryText(query, `${prefix}-month`), year: queryText(query, `${prefix}-year`) };
}

export function registerAuditRoutes(app: FastifyInstance, { audit, users, navigation }: Deps): void {
  navigation.add({ href: '/admin/audit', text: 'Audit log', permission: 'audit:view', order: 95 });

  app.get('/admin/audit', { config: { permission: 'audit:view' } }, async (request, reply) => {
    const query = request.query;
    const values = {
      user: queryText(query, 'user'),
      recordType: queryText(query, 'recordType'),
      recordId: queryText(query, 'recordId').slice(0, 100),
      from: dateFromQuery(query, 'from'),
      to: dateFromQuery(query, 'to'),
    };
    const errors: FieldErrors = {};
    const readDate = (value: { day: string; month: string; year: string }, field: string, label: string) => {
      if (value.day === '' && value.month === '' && value.year === '') return undefined;
      const date = parseDayMonthYear(value.day, value.month, value.year);
      if (!date) errors[`${field}-day`] = `${label} must be a real date, like 27 3 2026`;
      return date ?? undefined;
    };
    const from = readDate(values.from, 'from', 'Date from');
    const toDay = readDate(values.to, 'to', 'Date to');
    if (from && toDay && toDay < from) errors['to-day'] = 'Date to must be the same as or after date from';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(queryText(query, 'page') || '1', 10) || 1));
    const [staff, recordTypes] = await Promise.all([users.list(), audit.recordTypes()]);
    const result =
      Object.keys(errors).length > 0
        ? { events: [], total: 0 }
        : await audit.search(
            actorOf(request),
            {
              actorUserId: isUuid(values.user) ? values.user : undefined,
              recordType: recordTypes.includes(values.recordType) ? values.recordType : undefined,
              recordId: values.recordId || undefined,
              from,
              to: toDay ? new Date(toDay.getTime() + 86_400_000) : undefined,
            },
            page,
            PAGE_SIZE,
          );
    if (Object.keys(errors).length > 0) reply.code(400);
    const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const params = new URLSearchParams(
      Object.entries(request.query as Record<string, string>).filter(([key, value]) => key !== 'page' && typeof value === 'string'),
    );
    const pageHref = (n: number) => `/admin/audit?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`;
    return reply.view('platform/audit/views/audit.njk', {
      pageTitle: 'Audit log',
      values,
      errors: errorSummary(errors),
      fromError: errors['from-day'] ? { text: errors['from-day'] } : false,
      toError: errors['to-day'] ? { text: errors['to-day'] } : false,
      events: result.events,
      total: result.total,
      page,
      lastPage,
      previousHref: page > 1 ? pageHref(page - 1) : undefined,
      nextHref: page < lastPage ? pageHref(page + 1) : undefined,
      userOptions: staff.map((member) => ({ value: member.id, text: `${member.displayName} (${member.email})` })),
      recordTypeOptions: recordTypes.map((type) => ({ value: type, text: type })),
    });
  });
}
