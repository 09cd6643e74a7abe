import type { HubSpotClient } from '../hubspot/hubspot-client.js';

/** The deal properties a registration's state is rebuilt from (registration-state-of-deal.ts). */
const REGISTRATION_DEAL_PROPERTIES = [
  'dealname', 'pe_partner_company_id', 'pe_registration_status', 'pe_registration_submitted_at', 'pe_registration_decided_at',
  'pe_registration_expires_on', 'pe_registration_rejection_reason', 'pe_registration_due_at',
];

/** A registration deal as read: its properties and the ids of its associated companies and contacts. */
export interface RegistrationDeal {
  properties: Record<string, string | null>;
  companyIds: string[];
  contactIds: string[];
}

/**
 * Reads a registration deal with its companies and contacts in one call (the decision and the
 * protection steps both start here).
 */
export async function readRegistrationDeal(client: HubSpotClient, portalId: string, dealId: string): Promise<RegistrationDeal> {
  const deal = await client.call({ portalId, operation: 'deals.read' }, (sdk) =>
    sdk.crm.deals.basicApi.getById(dealId, REGISTRATION_DEAL_PROPERTIES, undefined, ['companies', 'contacts']),
  );
  return {
    properties: deal.properties,
    companyIds: (deal.associations?.companies?.results ?? []).map((link) => link.id),
    contactIds: (deal.associations?.contacts?.results ?? []).map((link) => link.id),
  };
}

/**
 * The customer companies of a registration deal: its companies but the registering partner, once
 * each, in id order (the first is the one the index names as the registration's customer).
 */
export function customerCompanyIds(deal: RegistrationDeal, partnerId: string): string[] {
  return deal.companyIds
    .filter((id, index, all) => id !== partnerId && all.indexOf(id) === index)
    .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}
