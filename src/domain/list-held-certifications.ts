import type { Program } from '../program/program-schema.js';
import { dayNumberOf } from './calendar-date.js';
import { certificationExpiry } from './certification-expiry.js';
import { certificationStatus } from './certification-status.js';
import type { CalendarDate, ContactSnapshot, HeldCertification } from './types.js';

/**
 * Every (contact, certification) pair of a partner's contacts, in contact order and then program
 * order: two people holding the same certification are two pairs. Certifications outside the
 * program, without a real earned date or earned after `asOf` are left out (they do not exist, or
 * not yet: see {@link describeFutureCertifications} for the warning).
 *
 * @see describeFutureCertifications
 */
export function listHeldCertifications(
  contacts: readonly ContactSnapshot[],
  program: Program,
  asOf: CalendarDate,
): HeldCertification[] {
  const today = dayNumberOf(asOf);
  const certificationIds = Object.keys(program.certifications);
  const held: HeldCertification[] = [];
  for (const contact of contacts) {
    for (const certificationId of certificationIds) {
      const earnedOn = contact.certificationsEarnedOn[certificationId];
      if (earnedOn === undefined || earnedOn === null) continue;
      if (dayNumberOf(earnedOn) > today) continue;
      const expiresOn = certificationExpiry(certificationId, earnedOn, program);
      if (expiresOn === null) continue;
      const daysToExpiry = dayNumberOf(expiresOn) - today;
      held.push({
        contactId: contact.contactId,
        certificationId,
        earnedOn,
        expiresOn,
        daysToExpiry,
        status: certificationStatus(daysToExpiry, program),
      });
    }
  }
  return held;
}
