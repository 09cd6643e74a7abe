import { BATCH_LIMITS } from './batch-limits.js';
import type { HubSpotClient } from './hubspot-client.js';
import type { HubSpotRecord } from './hubspot-record.js';

/** Company properties the conflict-check index reads. */
const INDEX_COMPANY_PROPERTIES = ['name', 'domain', 'website', 'pe_is_partner'] as const;

/**
 * Deal properties the conflict-check index reads, and with them what the deal-facts mirror keeps
 * (docs/data.md, "Deal facts"): both are filled from the same reads.
 */
const INDEX_DEAL_PROPERTIES = [
  'pipeline', 'dealstage', 'closedate', 'hs_is_closed', 'hs_is_closed_won',
  'pe_partner_company_id', 'pe_registration_status', 'pe_registration_submitted_at', 'pe_registration_expires_on', 'pe_registration_decided_at',
  // For the direct-deal guard, which reads the same deals: the note names the deal, the task goes to its owner.
  'dealname', 'hubspot_owner_id', 'pe_protected_by_partner_id',
  'amount', 'amount_in_home_currency', 'deal_currency_code', 'pe_strategic', 'pe_product_line',
] as const;

/** A deal with the ids of its associated companies. */
export interface DealWithCompanies extends HubSpotRecord {
  companyIds: string[];
}

/** One page of a search, with the id to start the next page above (undefined on the last page). */
export interface RecordPage<T> {
  records: T[];
  next: string | undefined;
}

/**
 * Reads what the conflict-check index keeps: companies and deals by id with batch reads (100 per
 * request, deal→company associations 1,000 per request), and pages of all of them with the search
 * API for the nightly repair (200 per request, in the search bucket).
 */
export interface CustomerIndexReader {
  /** The companies HubSpot still has among `ids` (a deleted one is simply absent). */
  readCompanies(ids: readonly string[]): Promise<HubSpotRecord[]>;
  /** The deals HubSpot still has among `ids`, each with its associated company ids. */
  readDeals(ids: readonly string[]): Promise<DealWithCompanies[]>;
  /** One page of every company, in id order, above `after`. */
  searchCompanies(after?: string): Promise<RecordPage<HubSpotRecord>>;
  /** One page of every deal, in id order, above `after`, each with its associated company ids. */
  searchDeals(after?: string): Promise<RecordPage<DealWithCompanies>>;
}

interface BatchReadAnswer {
  results: Array<{ id: string; properties: Record<string, string | null> }>;
}

interface AssociationAnswer {
  results: Array<{ _from: { id: string }; to: Array<{ toObjectId: string | number }>; paging?: { next?: { after?: string } } }>;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

function toRecord(record: { id: string; properties: Record<string, string | null> }): HubSpotRecord {
  return { id: String(record.id), properties: { ...record.properties } };
}

export function createCustomerIndexReader(options: { client: HubSpotClient; portalId: string }): CustomerIndexReader {
  const { client, portalId } = options;

  async function batchRead(objectType: 'companies' | 'deals', ids: readonly string[], properties: readonly string[]): Promise<HubSpotRecord[]> {
    const records: HubSpotRecord[] = [];
    for (const inputs of chunk([...new Set(ids)], BATCH_LIMITS.objects)) {
      const body = { inputs: inputs.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] };
      const answer = await client.call({ portalId, operation: `${objectType}.batch.read` }, (sdk) =>
        (objectType === 'companies' ? sdk.crm.companies.batchApi.read(body) : sdk.crm.deals.batchApi.read(body)) as Promise<BatchReadAnswer>,
      );
      records.push(...answer.results.map(toRecord));
    }
    return records;
  }

  async function companiesOfDeals(dealIds: readonly string[]): Promise<Map<string, string[]>> {
    const associated = new Map<string, string[]>(dealIds.map((id) => [id, []]));
    let pending: Array<{ id: string; after?: string }> = dealIds.map((id) => ({ id }));
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (const inputs of chunk(pending, BATCH_LIMITS.associations)) {
        const answer = await client.call({ portalId, operation: 'associations.deals.companies.batch.read' }, (sdk) =>
          sdk.crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs }) as Promise<AssociationAnswer>,
        );
        for (const result of answer.results) {
          const fromId = String(result._from.id);
          associated.get(fromId)?.push(...result.to.map((link) => String(link.toObjectId)));
          const after = result.paging?.next?.after;
          if (after) next.push({ id: fromId, after });
        }
      }
      pending = next;
    }
    return associated;
  }

  async function withCompanies(deals: HubSpotRecord[]): Promise<DealWithCompanies[]> {
    if (deals.length === 0) return [];
    const companies = await companiesOfDeals(deals.map((deal) => deal.id));
    return deals.map((deal) => ({ ...deal, companyIds: [...new Set(companies.get(deal.id) ?? [])] }));
  }

  async function search(objectType: 'companies' | 'deals', properties: readonly string[], after?: string): Promise<RecordPage<HubSpotRecord>> {
    const request = {
      filterGroups: after ? [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: after }] }] : [],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: [...properties],
      limit: BATCH_LIMITS.searchPage,
    };
    const answer = await client.call({ portalId, operation: `${objectType}.search`, bucket: 'search' }, (sdk) =>
      (objectType === 'companies'
        ? sdk.crm.companies.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.companies.searchApi.doSearch>[0])
        : sdk.crm.deals.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.deals.searchApi.doSearch>[0])) as Promise<BatchReadAnswer>,
    );
    const records = answer.results.map(toRecord);
    // A full page may have more after it; the next search starts above its last id.
    return { records, next: records.length === BATCH_LIMITS.searchPage ? records.at(-1)!.id : undefined };
  }

  return {
    readCompanies: (ids) => batchRead('companies', ids, INDEX_COMPANY_PROPERTIES),
    async readDeals(ids) {
      return withCompanies(await batchRead('deals', ids, INDEX_DEAL_PROPERTIES));
    },
    searchCompanies: (after) => search('companies', INDEX_COMPANY_PROPERTIES, after),
    async searchDeals(after) {
      const page = await search('deals', INDEX_DEAL_PROPERTIES, after);
      return { records: await withCompanies(page.records), next: page.next };
    },
  };
}
