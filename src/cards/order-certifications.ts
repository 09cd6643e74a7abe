import type { CertificationStatus, HeldCertification } from '../domain/types.js';

// A certification in its grace period is about to stop counting; an expired one already has.
const STATUS_URGENCY: Record<CertificationStatus, number> = { grace: 0, expiring: 1, active: 2, expired: 3 };

/**
 * Most urgent expiry first: grace, then expiring, then active — each soonest expiry first — and
 * expired last, most recently expired first. Ties keep a fixed order (contact, then certification).
 */
export function orderCertifications<T extends Pick<HeldCertification, 'status' | 'daysToExpiry' | 'contactId' | 'certificationId'>>(
  certifications: readonly T[],
): T[] {
  return [...certifications].sort(
    (a, b) =>
      STATUS_URGENCY[a.status] - STATUS_URGENCY[b.status] ||
      (a.status === 'expired' ? b.daysToExpiry - a.daysToExpiry : a.daysToExpiry - b.daysToExpiry) ||
      a.contactId.localeCompare(b.contactId) ||
      a.certificationId.localeCompare(b.certificationId),
  );
}
