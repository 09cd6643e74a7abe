import { dayNumberOf, isCalendarDate } from './calendar-date.js';
import type { CalendarDate, ContactSnapshot } from './types.js';

/**
 * One warning per (contact, certification) whose earned date is after `asOf`: such a
 * certification does not exist yet, so it counts for nothing today, and a date in the future is
 * most likely a typing mistake someone should fix (docs/rules.md, "Certification expiry").
 * Certifications outside `certificationIds` (the program's) are left to the reader's warnings.
 */
export function describeFutureCertifications(
  contacts: readonly ContactSnapshot[],
  certificationIds: readonly string[],
  asOf: CalendarDate,
): string[] {
  const today = dayNumberOf(asOf);
  const warnings: string[] = [];
  for (const contact of contacts) {
    for (const certificationId of certificationIds) {
      const earnedOn = contact.certificationsEarnedOn[certificationId];
      if (earnedOn === undefined || earnedOn === null || !isCalendarDate(earnedOn)) continue;
      if (dayNumberOf(earnedOn) <= today) continue;
      warnings.push(
        `contact ${contact.contactId}: certification ${certificationId} earned on ${earnedOn}, after today (${asOf}); not counted until then`,
      );
    }
  }
  return warnings;
}
