import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startTestProduct, type TestProduct } from './product-harness.js';

/*
 * The conflict-check index kept by the running product: filled at the first start, then kept
 * from the sandbox's signed webhooks through the route, the conflict-index queue and its worker,
 * and repaired after the reconciliation's partner sweep.
 */

let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct(inject('redisUrl'));
}, 60_000);

afterAll(async () => {
  await product?.stop();
});

beforeEach(() => {
  product.mode.sandbox.requests.reset();
});

const dealIdsOn = async (domain: string) => {
  const { services } = product.mode;
  const records = await services.conflictIndex.readCustomer(services.portalId, domain, null);
  return records.deals.map((deal) => deal.dealId);
};

describe('the conflict-check index in the running product', () => {
  it('is filled by a repair at the first start, from an empty database', async () => {
    const { sandbox, services } = product.mode;
    expect(await services.conflictIndex.isEmpty(services.portalId)).toBe(false);
    const customer = sandbox.seed.customers[0]!;
    const records = await services.conflictIndex.readCustomer(services.portalId, customer.domain, null);
    expect(records.companies.map((company) => company.companyId)).toContain(customer.id);
    const seededDeals = sandbox.store.associatedIds('companies', customer.id, 'deals');
    expect(seededDeals.length).toBeGreaterThan(0);
    expect((await dealIdsOn(customer.domain)).sort()).toEqual(expect.arrayContaining(seededDeals));
  });

  it('takes a deal created and changed in HubSpot from the webhook, without recalculating partners', async () => {
    const { sandbox, services } = product.mode;
    const customerId = sandbox.ui.createCompany({ name: 'Wiring Test Customer', domain: 'wiring-test.example' });
    await product.settle();
    expect((await services.conflictIndex.readCustomer(services.portalId, 'wiring-test.example', null)).companies.map((c) => c.companyId)).toEqual([customerId]);
    product.mode.sandbox.requests.reset();

    const dealId = sandbox.ui.createRecord('deals', { dealname: 'Direct deal', pipeline: 'default', dealstage: 'appointmentscheduled' });
    sandbox.ui.associateRecords('deals', dealId, 'companies', customerId);
    await product.settle();

    expect(await dealIdsOn('wiring-test.example')).toEqual([dealId]);
    const indexed = await services.conflictIndex.readCustomer(services.portalId, 'wiring-test.example', null);
    expect(indexed.deals[0]).toMatchObject({ dealId, state: 'open' });
    // Deal events reach the index only: no partner was read or written for them.
    expect(product.calls('/crm/v3/objects/companies/batch/update')).toBe(0);
    expect(product.recordsWritten('companies')).toBe(0);
    expect(product.calls('/crm/v3/objects/deals/batch/read')).toBeGreaterThan(0);

    sandbox.ui.updateRecord('deals', dealId, { dealstage: 'closedlost' });
    await product.settle();
    const after = await services.conflictIndex.readCustomer(services.portalId, 'wiring-test.example', null);
    expect(after.deals.find((deal) => deal.dealId === dealId)?.state ?? 'gone').not.toBe('open');

    sandbox.ui.deleteRecord('deals', dealId);
    await product.settle();
    expect(await dealIdsOn('wiring-test.example')).toEqual([]);
  });

  it('retries an update that failed, so an acknowledged event is not lost', async () => {
    const { sandbox } = product.mode;
    const customerId = sandbox.ui.createCompany({ name: 'Flaky Customer', domain: 'flaky.example' });
    await product.settle();
    // Two job attempts' worth of failing reads (the client tries each call three times).
    sandbox.faults.failNext(6, { status: 500, match: { path: '/crm/v3/objects/deals/batch/read' } });
    const dealId = sandbox.ui.createRecord('deals', { dealname: 'Flaky deal', pipeline: 'default', dealstage: 'appointmentscheduled' });
    sandbox.ui.associateRecords('deals', dealId, 'companies', customerId);
    await product.settle();

    expect(sandbox.webhooks.delivered.filter((delivery) => delivery.events.some((event) => String(event.objectId) === dealId)).map((d) => d.status)).toEqual([200]);
    expect(product.calls('/crm/v3/objects/deals/batch/read') - product.mode.sandbox.requests.count({ path: '/crm/v3/objects/deals/batch/read', status: 200 })).toBe(6);
    expect(product.logs.filter((line) => line.msg === 'conflict-check index job failed')).toHaveLength(2);
    expect(await dealIdsOn('flaky.example')).toEqual([dealId]);
  });

  it('moves a company’s deals to its new domain when the domain changes in HubSpot', async () => {
    const { sandbox } = product.mode;
    const customerId = sandbox.ui.createCompany({ name: 'Moving Customer', domain: 'before-move.example' });
    const dealId = sandbox.ui.createRecord('deals', { dealname: 'Moving deal', pipeline: 'default', dealstage: 'qualifiedtobuy' });
    sandbox.ui.associateRecords('deals', dealId, 'companies', customerId);
    await product.settle();
    expect(await dealIdsOn('before-move.example')).toEqual([dealId]);

    sandbox.ui.updateCompany(customerId, { domain: 'after-move.example' });
    await product.settle();

    expect(await dealIdsOn('before-move.example')).toEqual([]);
    expect(await dealIdsOn('after-move.example')).toEqual([dealId]);
  });

  it('is repaired after the reconciliation sweep: a record the webhooks never told of is found', async () => {
    const { sandbox, services } = product.mode;
    const customerId = sandbox.ui.createCompany({ name: 'Silent Customer', domain: 'silent.example' });
    await product.settle();
    // Lost from the index (as if its events had never arrived): only a repair brings it back.
    await services.conflictIndex.removeCompanies(services.portalId, [customerId]);
    expect((await services.conflictIndex.readCustomer(services.portalId, 'silent.example', null)).companies).toEqual([]);

    await services.reconciliationQueue.runNow(services.portalId);
    await product.settle();

    expect((await services.conflictIndex.readCustomer(services.portalId, 'silent.example', null)).companies.map((c) => c.companyId)).toEqual([customerId]);
    expect(product.calls('/crm/v3/objects/companies/search')).toBeGreaterThan(0);
  });
});
