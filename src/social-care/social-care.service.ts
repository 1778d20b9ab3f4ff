/**
 * Children's social care's side of the front door: every safeguarding contact (a child at risk of
 * significant harm, or a family that has not agreed to early help) and every step-up the Hub
 * decides arrives here, is read, and is marked as received; the referrer is then told.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, NotFoundError } from '../platform/http/errors.js';
import { isUuid } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor } from '../families/families.service.js';
import type { ContactsService, Outbox } from '../front-door/contacts.service.js';
import { nextStepText, reasonText } from '../front-door/front-door.model.js';
import * as repo from './social-care.repository.js';

const BECAUSE = {
  significant_harm: 'A child may be at risk of significant harm',
  no_consent: 'The family has not agreed to early help',
} as const;

export class SocialCareService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly outbox: Outbox,
    private readonly contacts: ContactsService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async inbox(user: CurrentUser) {
    return this.db.transaction().execute(async (trx) => {
      const [waiting, received] = await Promise.all([
        repo.inbox(trx, user.localAuthorityId, false),
        repo.inbox(trx, user.localAuthorityId, true),
      ]);
      await this.audit.record(trx, actorFor(user), {
        action: 'social care inbox viewed',
        recordType: 'social care inbox',
        recordId: user.localAuthorityId,
      });
      const describe = (row: (typeof waiting)[number]) => ({
        ...row,
        why:
          row.route === 'safeguarding'
            ? row.safeguarding_because
              ? BECAUSE[row.safeguarding_because]
              : 'Safeguarding contact'
            : 'Stepped up by the Early Help Hub',
        from:
          row.channel === 'family'
            ? 'The family'
            : `${row.referrer_name}${row.referrer_agency_name ? `, ${row.referrer_agency_name}` : ''}`,
      });
      return { waiting: waiting.map(describe), received: received.slice(0, 50).map(describe) };
    });
  }

  /** How many safeguarding contacts and step-ups are waiting to be received, for the home page. */
  async waitingCount(councilId: string): Promise<number> {
    return (await repo.inbox(this.db, councilId, false)).length;
  }

  private async contactForSocialCare(
    trx: Kysely<Database> | Parameters<ContactsService['contactRow']>[0],
    user: CurrentUser,
    contactId: string,
  ) {
    if (!isUuid(contactId)) throw new NotFoundError('Contact');
    const contact = await this.contacts.contactRow(trx, contactId);
    if (!contact || contact.local_authority_id !== user.localAuthorityId) throw new NotFoundError('Contact');
    const decisions = await this.contacts.decisionsOf(trx, contact.id);
    const current = decisions.at(-1);
    if (contact.route !== 'safeguarding' && current?.next_step !== 'step_up') throw new NotFoundError('Contact');
    return { contact, current };
  }

  async contact(user: CurrentUser, contactId: string) {
    return this.db.transaction().execute(async (trx) => {
      const { contact, current } = await this.contactForSocialCare(trx, user, contactId);
      const children = await this.contacts.childrenOf(trx, [contact.id]);
      await this.audit.record(trx, actorFor(user), { action: 'safeguarding contact viewed', recordType: 'contact', recordId: contact.id });
      return {
        contact,
        children,
        why:
          contact.route === 'safeguarding' && contact.safeguarding_because
            ? BECAUSE[contact.safeguarding_because]
            : 'Stepped up by the Early Help Hub',
        reasons: contact.reasons.map((reason) => (reason === 'other' && contact.other_reason ? contact.other_reason : reasonText(reason))),
        stepUp: current?.next_step === 'step_up' ? { ...current, nextStepText: nextStepText(current.next_step) } : undefined,
      };
    });
  }

  async markReceived(user: CurrentUser, contactId: string, version: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { contact } = await this.contactForSocialCare(trx, user, contactId);
      if (!(await repo.markReceived(trx, contact.id, user.id, version, this.now())))
        throw new ConflictError('Someone else has marked this as received since you opened it');
      await this.audit.record(trx, actorFor(user), {
        action: 'safeguarding contact received by social care',
        recordType: 'contact',
        recordId: contact.id,
      });
      if (contact.referrer_email && contact.channel !== 'family')
        await this.outbox.queue(trx, {
          template: 'received_by_social_care',
          emailAddress: contact.referrer_email,
          reference: contact.reference,
          path: `/requests/${contact.id}`,
          recordType: 'contact',
          recordId: contact.id,
        });
    });
  }
}
