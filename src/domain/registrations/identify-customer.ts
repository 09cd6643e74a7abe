import type { RegistrationSettings } from '../../program/registration-settings.js';
import { isFreeMailDomain } from './is-free-mail-domain.js';
import { normaliseCompanyName } from './normalise-company-name.js';
import { registrableDomain } from './registrable-domain.js';
import type { CustomerIdentity } from './types.js';

/** What a registration says about its customer, as the partner typed it. */
export interface CustomerDetails {
  companyName?: string | null;
  /** Website or domain of the customer company. */
  domain?: string | null;
  contactEmail?: string | null;
}

/**
 * The customer of a registration as the rules compare customers: the registrable domain of its
 * website, else of its contact's email address, never a free-mail domain; and its normalised
 * name. A free-mail domain the partner gave is kept aside so the approver can be told.
 */
export function identifyCustomer(details: CustomerDetails, conflict: RegistrationSettings['conflict']): CustomerIdentity {
  const name = details.companyName ? normaliseCompanyName(details.companyName) : null;
  let freeMailDomain: string | null = null;
  const candidates = [
    { source: 'website' as const, value: details.domain },
    { source: 'email' as const, value: details.contactEmail },
  ];
  for (const { source, value } of candidates) {
    const domain = value ? registrableDomain(value) : null;
    if (domain === null) continue;
    if (isFreeMailDomain(domain, conflict.extraFreeMailDomains)) {
      freeMailDomain ??= domain;
      continue;
    }
    return { domain, domainSource: source, name, freeMailDomain };
  }
  return { domain: null, domainSource: null, name, freeMailDomain };
}
