import type { CalendarDate } from '../types.js';
import type { ExistingRegistration } from './types.js';

/**
 * The approved, still protected registration on a customer domain, for the direct-deal guard
 * (docs/registrations.md, "Direct deals"): a deal created or associated outside the
 * registrations on that customer is marked with its partner. A pending registration protects
 * nothing yet. When several partners hold one (approved despite a conflict), the earliest
 * approved protection wins, judged by submission. Null when the customer is not protected.
 */
export function findProtectingRegistration(
  customerDomain: string | null,
  registrations: readonly ExistingRegistration[],
  today: CalendarDate,
): ExistingRegistration | null {
  if (customerDomain === null) return null;
  let found: ExistingRegistration | null = null;
  for (const registration of registrations) {
    if (registration.status !== 'approved' || registration.customerDomain !== customerDomain) continue;
    if (registration.expiresOn !== null && registration.expiresOn < today) continue;
    const earlier = found === null
      || registration.submittedAt < found.submittedAt
      || (registration.submittedAt === found.submittedAt && registration.registrationId < found.registrationId);
    if (earlier) found = registration;
  }
  return found;
}
