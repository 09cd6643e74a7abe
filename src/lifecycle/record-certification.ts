import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import { daysBetween, isCalendarDate, todayIn } from '../domain/calendar-date.js';
import { certificationExpiry } from '../domain/certification-expiry.js';
import { certificationStatus, isValidStatus } from '../domain/certification-status.js';
import { listHeldCertifications } from '../domain/list-held-certifications.js';
import type { CalendarDate, CertificationStatus } from '../domain/types.js';
import { AppError } from '../errors.js';
import { certificationEarnedOnProperty, certificationExpiresOnProperty } from '../hubspot/property-names.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import { readContactAndPartner, type ContactReadDependencies } from './read-contact-and-partner.js';

/** What recording a certification needs. */
export interface RecordCertificationDependencies extends ContactReadDependencies {
  recalculation: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  audit: AuditTrail;
  logger: Logger;
  /** Epoch ms now. Default `Date.now`. */
  now?: () => number;
}

/** A certification someone earned, as a workflow action, a card or the API reports it. */
export interface RecordCertificationInput {
  portalId: string;
  contactId: string;
  /** A certification id of the program (`sales_fundamentals`). */
  certificationId: string;
  /** The day it was earned, `YYYY-MM-DD`, not after today in the partner's zone. */
  earnedOn: string;
  actor: AuditActor;
}

export interface RecordCertificationResult {
  contactId: string;
  certificationId: string;
  earnedOn: CalendarDate;
  expiresOn: CalendarDate;
  /** The certification's status today, in the partner's zone. */
  status: CertificationStatus;
  daysToExpiry: number;
  /** The contact's valid certifications, counting this one. */
  validCertifications: number;
  /** False when HubSpot already held this date: nothing was written or audited. */
  changed: boolean;
  /** Partner companies queued for recalculation. */
  recalculating: string[];
}

function validate(input: RecordCertificationInput, certificationIds: string[]): void {
  if (!certificationIds.includes(input.certificationId)) {
    throw new AppError('INVALID_INPUT', `"${input.certificationId}" is not a certification of the program; it has ${certificationIds.join(', ')}.`);
  }
  if (!isCalendarDate(input.earnedOn)) {
    throw new AppError('INVALID_INPUT', `earnedOn "${input.earnedOn}" is not a date: use YYYY-MM-DD, e.g. 2026-03-01.`);
  }
}

/**
 * Records that a contact earned a certification: writes `pe_cert_<id>_earned_on` (and its
 * `_expires_on`, which the recalculation would write the same), queues the contact's partners for
 * recalculation (score, tier, gaps, reminders follow from there) and records it in the audit
 * trail. Recording the date HubSpot already holds changes nothing.
 */
export async function recordCertification(deps: RecordCertificationDependencies, input: RecordCertificationInput): Promise<RecordCertificationResult> {
  const { program } = deps;
  validate(input, Object.keys(program.certifications));
  const now = (deps.now ?? Date.now)();
  const found = await readContactAndPartner(deps, input.portalId, input.contactId);
  const today = todayIn(found.timeZone, now);
  if (input.earnedOn > today) {
    throw new AppError('INVALID_INPUT', `earnedOn ${input.earnedOn} is after today (${today} in ${found.timeZone}): a certification cannot be earned in the future.`);
  }
  const expiresOn = certificationExpiry(input.certificationId, input.earnedOn, program)!;
  const earnedProperty = certificationEarnedOnProperty(input.certificationId);
  const expiresProperty = certificationExpiresOnProperty(input.certificationId);
  const before = {
    earnedOn: found.contact.certificationsEarnedOn[input.certificationId] ?? null,
    expiresOn: found.record.properties[expiresProperty] || null,
  };
  const written = await deps.repositoryFor(input.portalId).writeOutputs([
    { objectType: 'contacts', id: input.contactId, current: found.record.properties, desired: { [earnedProperty]: input.earnedOn, [expiresProperty]: expiresOn } },
  ]);
  const failure = written.failed[0];
  if (failure) throw new AppError('HUBSPOT_REJECTED', `HubSpot refused ${earnedProperty} on contact ${input.contactId}: ${failure.reason}`);
  const changed = written.written.length > 0;

  if (found.partnerCompanyIds.length > 0) await deps.recalculation.enqueueCompanies(input.portalId, found.partnerCompanyIds);
  if (changed) {
    await deps.audit.record({
      portalId: input.portalId,
      companyId: found.company?.id || undefined,
      contactId: input.contactId,
      actor: input.actor,
      action: 'certification.recorded',
      before,
      after: { certificationId: input.certificationId, earnedOn: input.earnedOn, expiresOn },
      at: now,
    });
  }
  deps.logger.info({ portalId: input.portalId, contactId: input.contactId, certificationId: input.certificationId, changed }, 'certification recorded');

  const contact = { ...found.contact, certificationsEarnedOn: { ...found.contact.certificationsEarnedOn, [input.certificationId]: input.earnedOn } };
  const held = listHeldCertifications([contact], program, today);
  const daysToExpiry = daysBetween(today, expiresOn);
  return {
    contactId: input.contactId,
    certificationId: input.certificationId,
    earnedOn: input.earnedOn,
    expiresOn,
    status: certificationStatus(daysToExpiry, program),
    daysToExpiry,
    validCertifications: held.filter((certification) => isValidStatus(certification.status)).length,
    changed,
    recalculating: found.partnerCompanyIds,
  };
}
