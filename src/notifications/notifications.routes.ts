/**
 * The notification outbox, for administrators.
 */
import type { FastifyInstance } from 'fastify';
import { queryText } from '../platform/http/forms.js';
import type { Navigation } from '../platform/views/navigation.js';
import { STATUSES, type NotificationService } from './notifications.service.js';

export function registerNotificationRoutes(
  app: FastifyInstance,
  { notifications, navigation }: { notifications: NotificationService; navigation: Navigation },
): void {
  navigation.add({ href: '/admin/notifications', text: 'Notifications', permission: 'notifications:view', order: 96 });

  app.get('/admin/notifications', { config: { permission: 'notifications:view' } }, async (request, reply) => {
    const user = request.currentUser;
    if (!user) throw new Error('signed in');
    const query = request.query as Record<string, unknown>;
    const page = Math.max(1, Number.parseInt(queryText(query, 'page'), 10) || 1);
    const outbox = await notifications.list(user, queryText(query, 'status'), page);
    return reply.view('notifications/views/outbox.njk', {
      pageTitle: 'Notifications',
      ...outbox,
      sending: notifications.sending,
      statuses: STATUSES.map((item) => ({ value: item.value, text: item.text })),
      pageLink: (to: number) =>
        `/admin/notifications?${new URLSearchParams({ ...(outbox.status ? { status: outbox.status } : {}), page: String(to) }).toString()}`,
    });
  });
}
