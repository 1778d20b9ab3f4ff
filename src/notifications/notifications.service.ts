/**
 * One notification service for all of TellOnce: every message goes into an outbox in the database,
 * in the same transaction as the change it is about, so that nothing is sent for a change that was
 * rolled back and nothing is lost for one that was saved. When GOV.UK Notify is configured, a timer
 * sends queued messages through its official client (one generic email template with ((subject))
 * and ((body)) placeholders); otherwise messages are kept in the outbox, where administrators can
 * read them. Messages carry only a reference and a link (notifications.templates.ts).
 */
import type { Kysely } from 'kysely';
import { NotifyClient } from 'notifications-node-client';
import type { Database } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { isEmailAddress } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor } from '../families/families.service.js';
import { isTemplateKey, render, TEMPLATES, type TemplateKey } from './notifications.templates.js';
import * as repo from './notifications.repository.js';

export type { TemplateKey };

export interface NotifySettings {
  apiKey: string | undefined;
  emailTemplateId: string | undefined;
  /** Like https://tellonce.example.org, with no slash at the end: links in messages start with it. */
  publicBaseUrl: string;
}

/** The part of GOV.UK Notify's client TellOnce uses, so that tests can stand in for it. */
export interface NotifyClientLike {
  sendEmail(
    templateId: string,
    emailAddress: string,
    options: { personalisation: Record<string, string>; reference: string },
  ): Promise<{ data?: { id?: string } }>;
}

export interface OutboxMessage {
  template: TemplateKey;
  emailAddress: string;
  reference: string;
  /** A path on TellOnce, like /requests/…; the link is the public address plus this path. */
  path: string;
  recordType: string;
  recordId: string | null;
}

/** Attempts after which a message is given up as failed. */
export const MAX_ATTEMPTS = 5;
export const PAGE_SIZE = 50;
export const STATUSES = [
  { value: 'queued', text: 'Waiting to send', colour: 'yellow' },
  { value: 'sent', text: 'Sent', colour: 'green' },
  { value: 'failed', text: 'Failed', colour: 'red' },
  { value: 'kept', text: 'Kept here (Notify not configured)', colour: 'grey' },
];

/** The provider's error as words, without echoing the message or address back into the log. */
function errorText(error: unknown): string {
  const response = (error as { response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } } }).response;
  const first = response?.data?.errors?.[0];
  if (first) return `${response?.status ?? ''} ${first.error ?? ''}: ${first.message ?? ''}`.trim().slice(0, 500);
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

export class NotificationService {
  private timer: NodeJS.Timeout | undefined;
  private readonly client: NotifyClientLike | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly settings: NotifySettings,
    private readonly now: () => Date = () => new Date(),
    client?: NotifyClientLike,
  ) {
    this.client = client ?? (settings.apiKey ? new NotifyClient(settings.apiKey) : undefined);
  }

  /** Whether messages are sent through GOV.UK Notify, rather than kept in the outbox. */
  get sending(): boolean {
    return this.client !== undefined && this.settings.emailTemplateId !== undefined;
  }

  /** Puts a message in the outbox, inside the caller's transaction. */
  async queue(trx: Executor, message: OutboxMessage): Promise<void> {
    // Checked again here for callers that are not type-checked.
    if (!isTemplateKey(message.template)) throw new Error(`There is no message template called ${String(message.template)}`);
    if (!isEmailAddress(message.emailAddress)) throw new Error('A notification needs a valid email address');
    if (!message.path.startsWith('/') || message.path.startsWith('//')) throw new Error('A notification’s link must be a path on TellOnce');
    await repo.insertNotification(trx, {
      template: message.template,
      email_address: message.emailAddress,
      reference: message.reference,
      link: `${this.settings.publicBaseUrl}${message.path}`,
      record_type: message.recordType,
      record_id: message.recordId,
      status: this.sending ? 'queued' : 'kept',
    });
  }

  /** Sends queued messages through GOV.UK Notify. Returns how many were sent and how many failed. */
  async sendQueued(limit = 50): Promise<{ sent: number; failed: number }> {
    const client = this.client;
    const templateId = this.settings.emailTemplateId;
    if (!client || !templateId) return { sent: 0, failed: 0 };
    let sent = 0;
    let failed = 0;
    await this.db.transaction().execute(async (trx) => {
      for (const row of await repo.lockQueued(trx, limit)) {
        if (!isTemplateKey(row.template)) {
          await repo.markFailedAttempt(trx, row.id, `Unknown template ${row.template}`, true);
          failed++;
          continue;
        }
        const { subject, body } = render(row.template, row.reference, row.link);
        try {
          const response = await client.sendEmail(templateId, row.email_address, { personalisation: { subject, body }, reference: row.id });
          await repo.markSent(trx, row.id, response.data?.id ?? null, this.now());
          sent++;
        } catch (error) {
          await repo.markFailedAttempt(trx, row.id, errorText(error), row.attempts + 1 >= MAX_ATTEMPTS);
          failed++;
        }
      }
    });
    return { sent, failed };
  }

  /** Sends every 30 seconds while TellOnce runs, when Notify is configured. */
  start(onError: (error: unknown) => void): void {
    if (!this.sending || this.timer) return;
    this.timer = setInterval(() => {
      this.sendQueued().catch(onError);
    }, 30_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The outbox for administrators, newest first. Audited. */
  async list(user: CurrentUser, status: string, page: number) {
    const filter = STATUSES.some((item) => item.value === status) ? status : null;
    return this.db.transaction().execute(async (trx) => {
      const [total, rows] = await Promise.all([
        repo.countNotifications(trx, filter),
        repo.listNotifications(trx, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE),
      ]);
      await this.audit.record(trx, actorFor(user), {
        action: 'notification outbox viewed',
        recordType: 'notifications',
        recordId: null,
        detail: { status: filter, page },
      });
      return {
        total,
        page,
        pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        status: filter ?? '',
        rows: rows.map((row) => {
          const state = STATUSES.find((item) => item.value === row.status);
          return {
            ...row,
            templateName: isTemplateKey(row.template) ? TEMPLATES[row.template].name : row.template,
            statusText: state?.text ?? row.status,
            statusColour: state?.colour ?? 'grey',
            message: isTemplateKey(row.template) ? render(row.template, row.reference, row.link) : undefined,
          };
        }),
      };
    });
  }
}
