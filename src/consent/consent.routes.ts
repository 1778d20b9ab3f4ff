/**
 * A family's consent: the consent in force and its history, recording a new consent (or a
 * refusal), and withdrawing it. Access to the record follows consent, so after a change the person
 * who made it may no longer see the family: they are then taken to Find a person instead.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formValues } from '../families/families.routes.js';
import { RestrictedRecordError, type FamiliesService } from '../families/families.service.js';
import { familyIdOf, renderFamilyPage, showRestricted, signedIn } from '../families/family-record.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { isoToText, readDateInput } from '../people/people.service.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { errorSummary, list, type FieldErrors } from '../platform/http/forms.js';
import { CONSENT_METHODS, type ConsentService } from './consent.service.js';

interface Deps {
  families: FamiliesService;
  consent: ConsentService;
  partnership: PartnershipService;
  /** Not needed here: ConsentService writes the audit rows of consent's changes itself. */
  audit?: AuditService;
}

const work = { config: { permission: 'families:work' as const } };

/** Stands in for a date the person typed that is not a real date, so that the service refuses it too. */
const NOT_A_DATE = 'not-a-date';

function withErrors(errors: FieldErrors) {
  return {
    errors: errorSummary(errors),
    fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, { text: message }])),
  };
}

/** Shows the form's own date problems in place of the service's more general messages. */
async function withDateProblems(problems: FieldErrors, change: () => Promise<void>): Promise<void> {
  try {
    await change();
  } catch (error) {
    if (error instanceof ValidationError && Object.keys(problems).length > 0) throw new ValidationError({ ...error.errors, ...problems });
    throw error;
  }
}

export function registerConsentRoutes(app: FastifyInstance, { families, consent, partnership }: Deps): void {
  /**
   * Consent changes are saved like submitFamilyChange does (restricted page, or the form again with
   * status 400), but where to go next depends on the person's access afterwards.
   * After a change to consent: back to the consent page if the person can still see the record,
   * otherwise to Find a person, saying why the record has gone.
   */
  async function afterConsentChange(request: FastifyRequest, reply: FastifyReply, message: string) {
    const familyId = familyIdOf(request);
    const access = await families.accessFor(families.database, signedIn(request), familyId);
    if (access.decision === 'allowed') {
      reply.flash(message);
      return reply.redirect(`/families/${familyId}/consent`, 303);
    }
    reply.flash(`${message}. You no longer have access to this family’s record.`);
    return reply.redirect('/people', 303);
  }

  // ——— The consent page ———

  app.get('/families/:familyId/consent', work, async (request, reply) =>
    renderFamilyPage(families, request, reply, {
      page: 'consent',
      view: 'consent/views/consent.njk',
      title: 'Consent',
      read: async (trx, family) => {
        const consents = await consent.history(trx, family.id);
        const inForce = consents.find((item) => item.inForce);
        const latest = consents[0];
        return {
          inForce,
          withdrawn: !inForce && latest?.withdrawnOn ? latest : undefined,
          earlier: consents.filter((item) => !item.inForce),
        };
      },
    }),
  );

  // ——— Recording consent ———

  async function showConsentForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    sharedWith: string[],
    errors: FieldErrors = {},
  ) {
    const agencies = await partnership.agencies();
    return renderFamilyPage(families, request, reply, {
      page: 'consent',
      view: 'consent/views/consent-form.njk',
      title: 'Record consent',
      read: async (trx, family) => ({
        members: (await families.members(trx, family.id)).map((member) => ({
          value: member.id,
          text: member.name,
          ...(member.dateOfBirth ? { hint: `Born ${isoToText(member.dateOfBirth) ?? member.dateOfBirth}` } : {}),
        })),
        methodOptions: CONSENT_METHODS.map((item) => ({ value: item.value, text: item.text })),
        agencyOptions: agencies.map((agency) => ({
          value: agency.id,
          text: agency.name,
          hint: `${agency.kindName}, ${agency.councilName}`,
        })),
        values,
        sharedWith,
        ...withErrors(errors),
      }),
    });
  }

  app.get('/families/:familyId/consent/new', work, async (request, reply) =>
    showConsentForm(request, reply, {}, [signedIn(request).agencyId]),
  );

  app.post('/families/:familyId/consent', work, async (request, reply) => {
    const values = formValues(request.body);
    const sharedWith = list(request.body, 'sharedWith');
    const problems: FieldErrors = {};
    const givenOn = readDateInput(values, 'givenOn', 'The date consent was given');
    if (givenOn.problem) problems['givenOn-day'] = givenOn.problem;
    const reviewOn = readDateInput(values, 'reviewOn', 'The review date');
    if (reviewOn.problem) problems['reviewOn-day'] = reviewOn.problem;
    const input: Record<string, string | string[]> = {
      givenByPersonId: values.givenByPersonId ?? '',
      givenByYoungPerson: values.givenByYoungPerson ?? '',
      givenOn: givenOn.problem ? NOT_A_DATE : (givenOn.value ?? ''),
      method: values.method ?? '',
      coversEarlyHelp: values.coversEarlyHelp ?? '',
      sharedWith,
      reviewOn: reviewOn.problem ? NOT_A_DATE : (reviewOn.value ?? ''),
    };
    const message = values.coversEarlyHelp === 'no' ? 'Refusal of consent recorded' : 'Consent recorded';
    try {
      await withDateProblems(problems, () => consent.record(signedIn(request), familyIdOf(request), input));
    } catch (error) {
      if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showConsentForm(request, reply, values, sharedWith, error.errors);
    }
    return afterConsentChange(request, reply, message);
  });

  // ——— Withdrawing consent ———

  async function showWithdraw(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    const { consentId } = request.params as { consentId: string };
    return renderFamilyPage(families, request, reply, {
      page: 'consent',
      view: 'consent/views/withdraw.njk',
      title: 'Withdraw consent',
      read: async (trx, family) => {
        const inForce = (await consent.history(trx, family.id)).find((item) => item.id === consentId && item.inForce);
        if (!inForce) throw new NotFoundError('Consent');
        return { consent: inForce, values: { version: String(inForce.version), ...values }, ...withErrors(errors) };
      },
    });
  }

  app.get('/families/:familyId/consent/:consentId/withdraw', work, async (request, reply) => showWithdraw(request, reply, {}));

  app.post('/families/:familyId/consent/:consentId/withdraw', work, async (request, reply) => {
    const { consentId } = request.params as { consentId: string };
    const values = formValues(request.body);
    const version = /^\d+$/.test(values.version ?? '') ? Number(values.version) : -1;
    try {
      await consent.withdraw(signedIn(request), familyIdOf(request), consentId, version, values.reason ?? '');
    } catch (error) {
      if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showWithdraw(request, reply, values, error.errors);
    }
    return afterConsentChange(request, reply, 'Consent withdrawn');
  });
}
