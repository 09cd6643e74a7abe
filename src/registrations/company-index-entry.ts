import { isFreeMailDomain } from '../domain/registrations/is-free-mail-domain.js';
import { normaliseCompanyName } from '../domain/registrations/normalise-company-name.js';
import { registrableDomain } from '../domain/registrations/registrable-domain.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import type { IndexedCompany } from './indexed-records.js';

/**
 * A HubSpot company as the conflict-check index keeps it, or null for a partner (partners are
 * not customers). The domain is the registrable domain of `domain`, else of `website`; a
 * free-mail domain never identifies a company (docs/registrations.md, "Who the customer is").
 */
export function companyIndexEntry(record: HubSpotRecord, extraFreeMailDomains: readonly string[] = []): IndexedCompany | null {
  const { properties } = record;
  if (properties.pe_is_partner === 'true') return null;
  let domain: string | null = null;
  for (const value of [properties.domain, properties.website]) {
    const candidate = value ? registrableDomain(value) : null;
    if (candidate !== null && !isFreeMailDomain(candidate, extraFreeMailDomains)) {
      domain = candidate;
      break;
    }
  }
  const name = properties.name?.trim() || null;
  return { companyId: record.id, name, normalisedName: name === null ? null : normaliseCompanyName(name), domain };
}
