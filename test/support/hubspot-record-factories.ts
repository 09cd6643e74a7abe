import type { HubSpotRecord } from '../../src/hubspot/hubspot-record.js';

type Properties = Record<string, string | null>;

let sequence = 100;
const nextId = (): string => String(++sequence);

/**
 * A partner company as HubSpot returns it (every value a string): a reseller that has done nothing
 * yet. Override properties with HubSpot strings: `aCompanyRecord({ pe_sales_modules_completed: '3' })`.
 */
export function aCompanyRecord(properties: Properties = {}, id: string = nextId()): HubSpotRecord {
  return {
    id,
    properties: {
      name: 'Acme Partners',
      hubspot_owner_id: '9001',
      pe_is_partner: 'true',
      pe_partner_type: 'reseller',
      pe_foundation_complete: 'false',
      pe_sales_modules_completed: '0',
      pe_technical_modules_completed: '0',
      pe_advanced_modules_completed: '0',
      pe_last_enablement_activity: '',
      pe_target_tier: '',
      pe_timezone: '',
      ...properties,
    },
  };
}

/** A partner contact as HubSpot returns it: a salesperson with no certifications or tracks. */
export function aContactRecord(properties: Properties = {}, id: string = nextId()): HubSpotRecord {
  return {
    id,
    properties: {
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: `ada.${id}@partner.example`,
      pe_partner_role: 'sales',
      ...properties,
    },
  };
}
