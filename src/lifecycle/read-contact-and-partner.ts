import { createCompanyReader, createContactReader } from '../hubspot/read-hubspot-record.js';
import type { ContactSnapshot } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../hubspot/read-partner-snapshot.js';
import type { Program } from '../program/program-schema.js';

/** A contact, read now, with the partner company whose time zone its dates are read in. */
export interface ContactAndPartner {
  /** The contact as HubSpot returned it (for `writeOutputs`' "current" values). */
  record: HubSpotRecord;
  /** The contact parsed as the rules see it, dates in the partner's zone. */
  contact: ContactSnapshot;
  /** The partner company (the one asked for, else the first associated partner by id), or null. */
  company: HubSpotRecord | null;
  companyName: string | null;
  /** Every associated company that is a partner: all of them are recalculated after a change. */
  partnerCompanyIds: string[];
  /** The partner's IANA zone (the program default without a partner). */
  timeZone: string;
}

/** What {@link readContactAndPartner} reads with. */
export interface ContactReadDependencies {
  hubspot: HubSpotClient;
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
}

const NO_COMPANY: HubSpotRecord = { id: '', properties: {} };

/**
 * Reads a contact and its partner company: the contact (NOT_FOUND when HubSpot does not have it),
 * its associated companies, and those companies' inputs. When `companyId` is given (a card on that
 * company), the contact must be associated with it (FORBIDDEN otherwise).
 */
export async function readContactAndPartner(
  deps: ContactReadDependencies,
  portalId: string,
  contactId: string,
  options: { companyId?: string } = {},
): Promise<ContactAndPartner> {
  const record = await createContactReader({ client: deps.hubspot, portalId, program: deps.program })(contactId);
  if (!record) throw new AppError('NOT_FOUND', `HubSpot has no contact ${contactId} in portal ${portalId}.`);
  const companyIds = (await deps.repositoryFor(portalId).companiesForContacts([contactId])).get(contactId) ?? [];
  if (options.companyId !== undefined && !companyIds.includes(options.companyId)) {
    throw new AppError('FORBIDDEN', `Contact ${contactId} is not associated with company ${options.companyId}.`);
  }
  const readCompany = createCompanyReader({ client: deps.hubspot, portalId });
  const companies = (await Promise.all([...companyIds].sort(byNumericId).map((id) => readCompany(id)))).filter(
    (company): company is HubSpotRecord => company !== null,
  );
  const partners = companies.filter((company) => (company.properties.pe_is_partner ?? '').toLowerCase() === 'true');
  const company = (options.companyId ? companies.find((candidate) => candidate.id === options.companyId) : partners[0]) ?? null;
  const { snapshot } = readPartnerSnapshot(company ?? NO_COMPANY, [record], deps.program);
  return {
    record,
    contact: snapshot.contacts[0]!,
    company,
    companyName: snapshot.name,
    partnerCompanyIds: partners.map((partner) => partner.id),
    timeZone: snapshot.timeZone,
  };
}

function byNumericId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
