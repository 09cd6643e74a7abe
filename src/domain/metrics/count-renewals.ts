import { addDays } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';

/** One held certification's expiry, as a day snapshot keeps it. */
export interface CertificationExpiry {
  contactId: string;
  certificationId: string;
  expiresOn: CalendarDate;
}

/**
 * Renewals decided between the previous snapshot (taken on `previousDay`) and today's (on `day`),
 * by comparing expiries (docs/metrics.md "Enablement"): a certification whose expiry moved later
 * before its grace period ended was renewed; one whose grace period ended in between without
 * moving lapsed. Both are due; only the first is renewed. Without a previous snapshot nothing is
 * known to have been due.
 */
export function countRenewals(
  previous: readonly CertificationExpiry[] | null,
  previousDay: CalendarDate | null,
  current: readonly CertificationExpiry[],
  day: CalendarDate,
  gracePeriodDays: number,
): { due: number; renewed: number } {
  const counts = { due: 0, renewed: 0 };
  if (previous === null || previousDay === null) return counts;
  const now = new Map(current.map((entry) => [`${entry.contactId}:${entry.certificationId}`, entry.expiresOn]));
  for (const entry of previous) {
    const graceEnds = addDays(entry.expiresOn, gracePeriodDays);
    const expiresOn = now.get(`${entry.contactId}:${entry.certificationId}`);
    if (expiresOn !== undefined && expiresOn > entry.expiresOn) {
      if (day <= graceEnds) {
        counts.due += 1;
        counts.renewed += 1;
      }
    } else if (graceEnds >= previousDay && graceEnds < day) {
      counts.due += 1;
    }
  }
  return counts;
}
