import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies/index.js';
import { describe, expect, it } from 'vitest';
import { apiError } from '../../support/sandbox-api-error.js';
import { useSandbox } from '../../support/sandbox-fixture.js';

// Search has its own limit of 5 per second; most tests here lift it so that they do not race it.
const { sandbox, client } = useSandbox({ seed: 'demo', searchRateLimit: false });

const partnersFilter = { filters: [{ propertyName: 'pe_is_partner', operator: FilterOperatorEnum.Eq, value: 'true' }] };

describe('company search', () => {
  it('finds partners with EQ and answers 200 with the total', async () => {
    const result = await client().crm.companies.searchApi.doSearch({ filterGroups: [partnersFilter], properties: ['name', 'pe_is_partner'], limit: 100, after: '0', sorts: [] });
    expect(result.total).toBe(sandbox().seed.partners.length);
    expect(result.results.every((r) => r.properties.pe_is_partner === 'true')).toBe(true);
  });

  it('finds records that have a property with HAS_PROPERTY', async () => {
    const result = await client().crm.companies.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'pe_timezone', operator: FilterOperatorEnum.HasProperty }] }],
      properties: ['pe_timezone'],
      limit: 200,
      after: '0',
      sorts: [],
    });
    expect(result.total).toBeGreaterThan(0);
    expect(result.results.every((r) => (r.properties.pe_timezone ?? '') !== '')).toBe(true);
  });

  it('ORs filter groups', async () => {
    const zone = (value: string) => ({ filters: [{ propertyName: 'pe_timezone', operator: FilterOperatorEnum.Eq, value }] });
    const berlin = await client().crm.companies.searchApi.doSearch({ filterGroups: [zone('Europe/Berlin')], properties: [], limit: 100, after: '0', sorts: [] });
    const tokyo = await client().crm.companies.searchApi.doSearch({ filterGroups: [zone('Asia/Tokyo')], properties: [], limit: 100, after: '0', sorts: [] });
    const either = await client().crm.companies.searchApi.doSearch({ filterGroups: [zone('Europe/Berlin'), zone('Asia/Tokyo')], properties: [], limit: 100, after: '0', sorts: [] });
    expect(either.total).toBe(berlin.total + tokyo.total);
  });

  it('pages with after until every partner was seen once', async () => {
    const seen: string[] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const page = await client().crm.companies.searchApi.doSearch({ filterGroups: [partnersFilter], properties: ['name'], limit: 7, after, sorts: [] });
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    }
    expect(new Set(seen).size).toBe(sandbox().seed.partners.length);
    expect(seen).toHaveLength(sandbox().seed.partners.length);
  });

  it('refuses a limit above 200 with 400', async () => {
    const failure = await apiError(client().crm.companies.searchApi.doSearch({ filterGroups: [partnersFilter], properties: [], limit: 201, after: '0', sorts: [] }));
    expect(failure.code).toBe(400);
  });

  it('refuses to page beyond 10,000 results with 400', async () => {
    const failure = await apiError(client().crm.companies.searchApi.doSearch({ filterGroups: [partnersFilter], properties: [], limit: 100, after: '9950', sorts: [] }));
    expect(failure.code).toBe(400);
  });
});

describe('search rate limit', () => {
  it('answers 429 with policyName SECONDLY beyond 5 searches a second', async () => {
    sandbox().faults.setSearchRateLimit({ max: 5, intervalMs: 60_000 });
    try {
      const search = () => client().crm.companies.searchApi.doSearch({ filterGroups: [partnersFilter], properties: [], limit: 1, after: '0', sorts: [] });
      for (let i = 0; i < 5; i += 1) await search();
      const failure = await apiError(search());
      expect(failure.code).toBe(429);
      expect(failure.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    } finally {
      sandbox().faults.setSearchRateLimit(false);
    }
  });
});
