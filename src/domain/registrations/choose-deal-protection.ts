import type { CalendarDate } from '../types.js';
import { findProtectingRegistration } from './find-protecting-registration.js';
import type { ExistingRegistration } from './types.js';

/** A deal as the direct-deal guard sees it. */
export interface GuardedDeal {
  /** `pe_registration_status` is set: a registration, never guarded. */
  isRegistration: boolean;
  /** Closed won or lost: nothing left to protect against. */
  isClosed: boolean;
  /** `pe_partner_company_id`, when a partner sourced the deal. */
  partnerId: string | null;
  /** Ids of the deal's associated companies. */
  companyIds: readonly string[];
}

/** The registration that protects a deal's customer, and which of its companies is that customer. */
export interface DealProtection {
  registration: ExistingRegistration;
  companyId: string;
}

/**
 * Which approved, still protected registration a direct deal runs into (docs/registrations.md,
 * "Direct deals"): a registration's own deal and a closed deal are never guarded; each associated
 * company other than the deal's partner is a customer, judged by its registrable domain; across
 * several protected customers the earliest submitted registration names the partner. A deal the
 * protecting partner itself sourced runs into nothing. Null when no customer is protected.
 */
export function chooseDealProtection(
  deal: GuardedDeal,
  domainOfCompany: ReadonlyMap<string, string>,
  registrations: readonly ExistingRegistration[],
  today: CalendarDate,
): DealProtection | null {
  if (deal.isRegistration || deal.isClosed) return null;
  let chosen: DealProtection | null = null;
  for (const companyId of [...deal.companyIds].sort()) {
    if (companyId === deal.partnerId) continue;
    const registration = findProtectingRegistration(domainOfCompany.get(companyId) ?? null, registrations, today);
    if (registration === null || registration.partnerId === deal.partnerId) continue;
    const earlier = chosen === null
      || registration.submittedAt < chosen.registration.submittedAt
      || (registration.submittedAt === chosen.registration.submittedAt && registration.registrationId < chosen.registration.registrationId);
    if (earlier) chosen = { registration, companyId };
  }
  return chosen;
}
