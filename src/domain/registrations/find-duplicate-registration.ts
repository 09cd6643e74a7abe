import type { CalendarDate } from '../types.js';
import { holdsActiveClaim } from './holds-active-claim.js';
import type { CustomerIdentity, ExistingRegistration } from './types.js';

function sameCustomer(customer: CustomerIdentity, registration: ExistingRegistration): boolean {
  if (customer.domain !== null || registration.customerDomain !== null) return customer.domain === registration.customerDomain;
  return customer.name !== null && customer.name === registration.customerName;
}

/**
 * The registration a partner already holds on this customer (pending, or approved and still
 * protected), which a new submission returns instead of creating another; null when there is none.
 * Customers are the same when their domains are; only when neither has a domain, when their
 * normalised names are. The earliest such registration wins.
 */
export function findDuplicateRegistration(
  partnerId: string,
  customer: CustomerIdentity,
  registrations: readonly ExistingRegistration[],
  today: CalendarDate,
): ExistingRegistration | null {
  let found: ExistingRegistration | null = null;
  for (const registration of registrations) {
    if (registration.partnerId !== partnerId || !holdsActiveClaim(registration, today)) continue;
    if (!sameCustomer(customer, registration)) continue;
    const earlier = found === null
      || registration.submittedAt < found.submittedAt
      || (registration.submittedAt === found.submittedAt && registration.registrationId < found.registrationId);
    if (earlier) found = registration;
  }
  return found;
}
