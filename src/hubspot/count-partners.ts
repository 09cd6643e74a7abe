import type { HubSpotClient } from './hubspot-client.js';

/**
 * How many partner companies (`pe_is_partner = true`) the portal has: one search asking for a
 * single result, whose `total` is the count. For the progress bar of `recalc --all`; it draws on
 * the search budget like every other search. The repository's partner search pages through ids
 * and does not report the total, hence this small call of its own.
 */
export async function countPartners(client: HubSpotClient, portalId: string): Promise<number> {
  const request = {
    filterGroups: [{ filters: [{ propertyName: 'pe_is_partner', operator: 'EQ', value: 'true' }] }],
    properties: ['hs_object_id'],
    limit: 1,
  };
  const answer = await client.call({ portalId, operation: 'companies.search.count', bucket: 'search' }, (sdk) =>
    sdk.crm.companies.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.companies.searchApi.doSearch>[0]),
  );
  return answer.total;
}
