import { performance } from 'node:perf_hooks';
import type { HubSpotClient } from '../../src/hubspot/hubspot-client.js';

/** What the search-per-submission design is given: the same fields the product takes. */
export interface SearchingSubmission {
  partnerCompanyId: string;
  submitterContactId: string;
  customerDomain: string;
  customerCompanyName: string;
  customerContactEmail: string;
  dealName: string;
}

export interface SearchingContext {
  client: HubSpotClient;
  portalId: string;
  /** The registrations pipeline, its Submitted stage and the partner label (read once, like the product). */
  pipelineId: string;
  submittedStageId: string;
  labelTypeId: number | undefined;
}

export interface SearchingAnswer {
  outcome: 'refused' | 'registered';
  conflict: 'none' | 'conflict';
  /** Milliseconds spent in the conflict check (the searches). */
  checkMs: number;
}

type SearchRequest = { filterGroups: Array<{ filters: Array<Record<string, unknown>> }>; properties: string[]; limit: number };

/**
 * The baseline a bench compares the product's submission with (never product code): a deal
 * registration whose conflict check searches HubSpot on every submission — the customer's
 * companies by domain, then that company's open direct deals and its live registrations — and
 * which, for a customer HubSpot does not know, creates the company so that the next partner's
 * search finds the claim. The permission read, the customer contact's upsert by email and the
 * deal create (associations inline) are the product's.
 */
export async function submitBySearching(context: SearchingContext, submission: SearchingSubmission): Promise<SearchingAnswer> {
  const { client, portalId } = context;
  const partner = await client.call({ portalId, operation: 'companies.read' }, (sdk) =>
    sdk.crm.companies.basicApi.getById(submission.partnerCompanyId, ['name', 'pe_is_partner', 'pe_permissions']),
  );
  const permissions = (partner.properties.pe_permissions ?? '').split(';');
  if (partner.properties.pe_is_partner !== 'true' || !permissions.includes('register_deals')) return { outcome: 'refused', conflict: 'none', checkMs: 0 };

  const search = (objectType: 'companies' | 'deals', request: SearchRequest) =>
    client.call({ portalId, operation: `${objectType}.search`, bucket: 'search' }, (sdk) =>
      (objectType === 'companies' ? sdk.crm.companies.searchApi : sdk.crm.deals.searchApi).doSearch(request as never),
    );
  const begun = performance.now();
  const companies = await search('companies', {
    filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: submission.customerDomain }] }],
    properties: ['name', 'domain'],
    limit: 10,
  });
  const companyId = companies.results.map((company) => company.id).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
  let conflict: SearchingAnswer['conflict'] = 'none';
  if (companyId !== undefined) {
    const direct = await search('deals', {
      filterGroups: [{ filters: [
        { propertyName: 'associations.company', operator: 'EQ', value: companyId },
        { propertyName: 'pe_partner_company_id', operator: 'NOT_HAS_PROPERTY' },
        { propertyName: 'hs_is_closed', operator: 'NEQ', value: 'true' },
      ] }],
      properties: ['dealname', 'dealstage'],
      limit: 100,
    });
    const registrations = await search('deals', {
      filterGroups: [{ filters: [
        { propertyName: 'associations.company', operator: 'EQ', value: companyId },
        { propertyName: 'pe_registration_status', operator: 'IN', values: ['submitted', 'approved'] },
      ] }],
      properties: ['pe_partner_company_id', 'pe_registration_status', 'pe_registration_expires_on'],
      limit: 100,
    });
    const otherPartners = registrations.results.filter((deal) => deal.properties.pe_partner_company_id !== submission.partnerCompanyId);
    if (direct.results.length > 0 || otherPartners.length > 0) conflict = 'conflict';
  }
  const checkMs = performance.now() - begun;

  // The customer contact as the product finds or creates it: one upsert by email; a new contact
  // goes into the customer company (inline when the company is created, else one association call).
  const upserted = await client.call({ portalId, operation: 'contacts.upsert' }, (sdk) =>
    sdk.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'email', id: submission.customerContactEmail, properties: {} }] }),
  );
  const contact = upserted.results[0]!;
  const customerId = companyId ?? (await client.call({ portalId, operation: 'companies.create' }, (sdk) =>
    sdk.crm.companies.basicApi.create({
      properties: { name: submission.customerCompanyName, domain: submission.customerDomain },
      associations: [{ to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 280 }] }] as never,
    }),
  )).id;
  if (companyId !== undefined && contact._new) {
    await client.call({ portalId, operation: 'associations.contacts.companies.create' }, (sdk) =>
      sdk.crm.associations.v4.batchApi.create('contacts', 'companies', {
        inputs: [{ _from: { id: contact.id }, to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }],
      } as never),
    );
  }
  const partnerTypes: Array<{ associationCategory: string; associationTypeId: number }> = [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 }];
  if (context.labelTypeId !== undefined) partnerTypes.push({ associationCategory: 'USER_DEFINED', associationTypeId: context.labelTypeId });
  await client.call({ portalId, operation: 'deals.create' }, (sdk) =>
    sdk.crm.deals.basicApi.create({
      properties: {
        dealname: submission.dealName,
        pipeline: context.pipelineId,
        dealstage: context.submittedStageId,
        pe_partner_company_id: submission.partnerCompanyId,
        pe_registration_status: 'submitted',
        pe_registration_conflict: conflict,
      },
      associations: [
        { to: { id: submission.partnerCompanyId }, types: partnerTypes },
        { to: { id: submission.submitterContactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
        { to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
        { to: { id: customerId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }, { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 }] },
      ] as never,
    }),
  );
  return { outcome: 'registered', conflict, checkMs };
}
