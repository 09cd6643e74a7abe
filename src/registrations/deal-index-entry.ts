import type { RegistrationStatus } from '../domain/registrations/types.js';
import type { DealWithCompanies } from '../hubspot/customer-index-reader.js';
import type { IndexedDealRecord } from './indexed-records.js';

const STATUSES = new Set<RegistrationStatus>(['submitted', 'approved', 'rejected', 'expired', 'won', 'lost']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** `YYYY-MM-DD` of a HubSpot date or datetime value (a datetime's UTC date), else null. */
function dayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return new Date(Number(value)).toISOString().slice(0, 10);
  if (!ISO_DATE.test(value)) return null;
  return value.length === 10 ? value : new Date(value).toISOString().slice(0, 10);
}

function instantOf(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(/^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * What a HubSpot deal becomes in the conflict-check index: one row per associated company while it
 * is open or won (a lost deal is never a reason, docs/registrations.md "Conflict check"), and the
 * registration it carries when `pe_registration_status` is set. The partner's own company is not a
 * customer of the deal; the other associated companies are (partners among them never match,
 * because the index keeps no partner companies). A registration's customer is the lowest such id.
 */
export function dealIndexEntry(deal: DealWithCompanies): IndexedDealRecord {
  const { properties } = deal;
  const partnerId = properties.pe_partner_company_id?.trim() || null;
  const status = properties.pe_registration_status?.trim() as RegistrationStatus | undefined;
  const isRegistration = status !== undefined && STATUSES.has(status);
  const customers = deal.companyIds.filter((id) => id !== partnerId).sort((a, b) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0));
  const won = properties.hs_is_closed_won === 'true';
  const lost = !won && properties.hs_is_closed === 'true';
  const state = won ? 'won' as const : 'open' as const;
  const closedOn = won ? dayOf(properties.closedate) : null;
  return {
    dealId: deal.id,
    deals: lost ? [] : customers.map((companyId) => ({ dealId: deal.id, companyId, isRegistration, state, closedOn })),
    registration: isRegistration && partnerId !== null
      ? {
          dealId: deal.id,
          partnerId,
          companyId: customers[0] ?? null,
          status: status!,
          submittedAt: instantOf(properties.pe_registration_submitted_at),
          expiresOn: dayOf(properties.pe_registration_expires_on),
          decidedAt: instantOf(properties.pe_registration_decided_at),
        }
      : null,
  };
}
