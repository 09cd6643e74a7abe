import type { CustomerIdentity } from '../domain/registrations/types.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import { companyIndexEntry } from './company-index-entry.js';
import type { ConflictIndexStore } from './conflict-index-store.js';

/** HubSpot-defined association type ids. */
const COMPANY_TO_CONTACT = 280;
const CONTACT_TO_COMPANY = 279;

export interface CustomerRecordsRequest {
  client: HubSpotClient;
  portalId: string;
  store: ConflictIndexStore;
  extraFreeMailDomains: readonly string[];
  customer: CustomerIdentity;
  /** The company the conflict-check index already has for the customer's domain, if any. */
  knownCompanyId: string | null;
  /** The customer company's name as the partner typed it (may be blank). */
  companyName: string;
  /** The customer contact's email address and name as the partner typed them (may be blank). */
  contactEmail: string;
  contactName: string;
  at: Date;
}

/** The customer's records in HubSpot, for the registration deal to be associated with. */
export interface CustomerRecords {
  /** Null only when the partner gave neither a company name nor a usable domain. */
  companyId: string | null;
  /** Null when no contact email was given. */
  contactId: string | null;
  /** What was created (for the caller's log and the tests). */
  createdCompany: boolean;
  createdContact: boolean;
}

function splitName(name: string): { firstname: string; lastname: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) return { firstname: parts[0] ?? '', lastname: '' };
  return { firstname: parts.slice(0, -1).join(' '), lastname: parts.at(-1)! };
}

/**
 * The customer company and contact a registration names, found or created with the fewest HubSpot
 * calls (docs/registrations.md, "What a registration becomes"):
 *
 * - the contact, when an email is given: one batch upsert by email, which finds the contact HubSpot
 *   has under that address or creates it (never a second contact for the same address);
 * - the company, when the index has none for the customer's registrable domain (or there is no
 *   domain): one create with the name and the domain (a free-mail domain never becomes one, since
 *   the customer's identity never holds one), associated inline with the contact; it goes into the
 *   conflict-check index at once, so the next submission for that customer finds it without
 *   HubSpot;
 * - a new contact of a company HubSpot already had: one association call, contact to company. An
 *   existing contact is left as it is (it may already belong to that company, or to another one).
 */
export async function resolveCustomerRecords(request: CustomerRecordsRequest): Promise<CustomerRecords> {
  const { client, portalId, store, customer, knownCompanyId, at } = request;
  const email = request.contactEmail.trim().toLowerCase();
  let contactId: string | null = null;
  let createdContact = false;
  if (email !== '') {
    const name = splitName(request.contactName);
    const properties: Record<string, string> = {};
    if (name.firstname !== '') properties.firstname = name.firstname;
    if (name.lastname !== '') properties.lastname = name.lastname;
    const answer = await client.call({ portalId, operation: 'contacts.upsert' }, (sdk) =>
      sdk.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'email', id: email, properties }] }),
    );
    const contact = answer.results[0];
    if (!contact) throw new Error(`HubSpot's contact upsert for the registration's customer contact answered no record`);
    contactId = contact.id;
    createdContact = contact._new;
  }

  if (knownCompanyId !== null) {
    if (contactId !== null && createdContact) {
      const id = contactId;
      await client.call({ portalId, operation: 'associations.contacts.companies.create' }, (sdk) =>
        sdk.crm.associations.v4.batchApi.create('contacts', 'companies', {
          inputs: [{ _from: { id }, to: { id: knownCompanyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: CONTACT_TO_COMPANY }] }],
        } as never),
      );
    }
    return { companyId: knownCompanyId, contactId, createdCompany: false, createdContact };
  }

  const name = request.companyName.trim() || customer.domain || '';
  if (name === '') return { companyId: null, contactId, createdCompany: false, createdContact };
  const properties: Record<string, string> = { name };
  if (customer.domain !== null) properties.domain = customer.domain;
  const associations = contactId === null ? [] : [
    { to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: COMPANY_TO_CONTACT }] },
  ];
  const company = await client.call({ portalId, operation: 'companies.create' }, (sdk) =>
    sdk.crm.companies.basicApi.create({ properties, associations: associations as never }),
  );
  const entry = companyIndexEntry({ id: company.id, properties }, request.extraFreeMailDomains);
  if (entry) await store.upsertCompanies(portalId, [entry], at);
  return { companyId: company.id, contactId, createdCompany: true, createdContact };
}
