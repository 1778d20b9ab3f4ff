import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../platform/audit/audit.service.js';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { MAX_ATTEMPTS, NotificationService, type NotifyClientLike, type OutboxMessage } from './notifications.service.js';
import { render, TEMPLATES } from './notifications.templates.js';

let t: TestApp;

const message = (reference: string): OutboxMessage => ({
  template: 'decision_made',
  emailAddress: 'referrer@example.com',
  reference,
  path: '/requests/00000000-0000-4000-8000-000000000001',
  recordType: 'contact',
  recordId: null,
});

function service(client?: NotifyClientLike, templateId: string | undefined = 'notify-template-id') {
  return new NotificationService(
    t.database.db,
    new AuditService(t.database.db),
    { apiKey: client ? 'key' : undefined, emailTemplateId: client ? templateId : undefined, publicBaseUrl: 'https://tellonce.example.org' },
    () => new Date(),
    client,
  );
}

async function rowOf(reference: string) {
  return t.database.db.selectFrom('notifications').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('messages', () => {
  it('carry only a reference and a link', () => {
    for (const key of Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[]) {
      const { subject, body } = render(key, 'RFS-1234', 'https://tellonce.example.org/requests/x');
      expect(subject).toContain('RFS-1234');
      expect(body).toContain('https://tellonce.example.org/requests/x');
    }
    expect(render('decision_made', 'RFS-1234', 'https://tellonce.example.org/r').body).toBe(
      'The Early Help Hub has made a decision on request for support RFS-1234. Sign in to TellOnce to see the outcome: https://tellonce.example.org/r',
    );
  });
});

describe('the outbox', () => {
  it('keeps messages when GOV.UK Notify is not configured, for administrators to read', async () => {
    const outbox = service();
    await outbox.queue(t.database.db, message('RFS-KEPT'));
    const row = await rowOf('RFS-KEPT');
    expect(row.status).toBe('kept');
    expect(row.link).toBe('https://tellonce.example.org/requests/00000000-0000-4000-8000-000000000001');
    expect(await outbox.sendQueued()).toEqual({ sent: 0, failed: 0 });

    const admin = new TestClient(t.app);
    await admin.signIn(await demoEmail(t.services, 'administrator'));
    const page = await admin.get('/admin/notifications?status=kept');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('GOV.UK Notify is not configured');
    expect(page.body).toContain('RFS-KEPT');
    expect(page.body).toContain(TEMPLATES.decision_made.name);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'notification outbox viewed')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('is only for administrators', async () => {
    const hub = new TestClient(t.app);
    await hub.signIn(await demoEmail(t.services, 'hub_officer'));
    expect((await hub.get('/admin/notifications')).statusCode).toBe(403);
  });

  it('refuses a message that is not to an email address or does not link into TellOnce', async () => {
    const outbox = service();
    await expect(outbox.queue(t.database.db, { ...message('RFS-X'), emailAddress: 'not-an-email' })).rejects.toThrow('valid email address');
    await expect(outbox.queue(t.database.db, { ...message('RFS-X'), path: 'https://elsewhere.example' })).rejects.toThrow(
      'path on TellOnce',
    );
    await expect(outbox.queue(t.database.db, { ...message('RFS-X'), template: 'made_up' as OutboxMessage['template'] })).rejects.toThrow(
      'no message template',
    );
  });

  it('sends queued messages through GOV.UK Notify with the template, subject, body and the message’s id as reference', async () => {
    const sent: { templateId: string; email: string; options: { personalisation: Record<string, string>; reference: string } }[] = [];
    const client: NotifyClientLike = {
      sendEmail: (templateId, email, options) => {
        sent.push({ templateId, email, options });
        return Promise.resolve({ data: { id: 'notify-id-1' } });
      },
    };
    const outbox = service(client);
    await outbox.queue(t.database.db, message('RFS-SEND'));
    expect((await rowOf('RFS-SEND')).status).toBe('queued');
    const result = await outbox.sendQueued();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const row = await rowOf('RFS-SEND');
    expect(row.status).toBe('sent');
    expect(row.provider_id).toBe('notify-id-1');
    const mine = sent.find((item) => item.options.reference === row.id);
    expect(mine?.templateId).toBe('notify-template-id');
    expect(mine?.email).toBe('referrer@example.com');
    expect(mine?.options.personalisation).toEqual(render('decision_made', 'RFS-SEND', row.link));
  });

  it('records a failure, tries again, and gives up after five attempts', async () => {
    let calls = 0;
    const client: NotifyClientLike = {
      sendEmail: () => {
        calls++;
        return Promise.reject(
          Object.assign(new Error('Request failed'), {
            response: { status: 400, data: { errors: [{ error: 'BadRequestError', message: 'Can’t send to this recipient' }] } },
          }),
        );
      },
    };
    const outbox = service(client);
    await t.database.db.updateTable('notifications').set({ status: 'sent' }).where('status', '=', 'queued').execute();
    await outbox.queue(t.database.db, message('RFS-FAIL'));
    await outbox.sendQueued();
    let row = await rowOf('RFS-FAIL');
    expect(row.status).toBe('queued');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe('400 BadRequestError: Can’t send to this recipient');
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) await outbox.sendQueued();
    row = await rowOf('RFS-FAIL');
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    await outbox.sendQueued();
    expect(calls).toBe(MAX_ATTEMPTS);
  });

  it('is written in the same transaction as the change it is about', async () => {
    const outbox = service();
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await outbox.queue(trx, message('RFS-ROLLED-BACK'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await t.database.db.selectFrom('notifications').select('id').where('reference', '=', 'RFS-ROLLED-BACK').execute()).toHaveLength(
      0,
    );
  });
});
