import fc from 'fast-check';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { DealFactsMirror } from '../../../src/governance/deal-facts-mirror.js';
import { firstWinsByCustomer } from '../../../src/domain/governance/first-wins-by-customer.js';
import { DealFactsStore, type MirroredDealFact } from '../../../src/governance/deal-facts-store.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { readIndexEvents } from '../../../src/registrations/read-index-events.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY, sandboxClient } from '../../support/sandbox-fixture.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

/** The deal events the app subscribes to (creation, deletion, association, its deal inputs, stage). */
const SUBSCRIPTIONS = [
  ...['creation', 'deletion', 'associationChange'].map((kind) => ({ subscriptionType: `object.${kind}`, objectType: 'deal' })),
  ...['pe_partner_company_id', 'pe_strategic', 'dealstage', 'pipeline', 'amount'].map((propertyName) => ({ subscriptionType: 'object.propertyChange', objectType: 'deal', propertyName })),
];

function aDeal(overrides: Partial<MirroredDealFact> = {}): MirroredDealFact {
  return {
    dealId: '101',
    partnerCompanyId: '9001',
    customerCompanyId: '5001',
    amountInHomeCurrency: 1_234_50,
    amount: 1_234_50,
    isClosed: true,
    isWon: true,
    closedAt: Date.UTC(2026, 9, 1),
    strategic: false,
    currency: 'USD',
    productLine: null,
    pipelineId: 'default',
    ...overrides,
  };
}

/** Won partner-sourced amounts per partner, in cents, from an independent reading of HubSpot strings. */
function wonRevenueFromSearch(results: Array<{ properties: Record<string, string | null> }>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const { properties } of results) {
    const partner = properties.pe_partner_company_id;
    if (!partner || properties.hs_is_closed_won !== 'true') continue;
    const [whole = '0', fraction = ''] = (properties.amount_in_home_currency || properties.amount || '0').split('.');
    totals[partner] = (totals[partner] ?? 0) + Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  }
  return totals;
}

const redis = new Redis(inject('redisUrl'));
afterAll(async () => {
  await redis.quit();
});

describe.each(DATABASE_BACKENDS)('deal facts on $name', ({ name, create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let store: DealFactsStore;

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    store = new DealFactsStore(db);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  describe('the store', () => {
    const portal = `store-${name}`;

    it('keeps what it was given, replaces a deal on upsert and forgets a removed one', async () => {
      const strategic = aDeal({ dealId: '102', strategic: true, productLine: 'platform', closedAt: null, isClosed: false, isWon: false });
      await store.upsert(portal, [aDeal(), strategic, aDeal({ dealId: '103', partnerCompanyId: null, customerCompanyId: '5002' })]);
      expect(await store.readPartnerDeals(portal, '9001')).toEqual([aDeal(), strategic]);

      await store.upsert(portal, [aDeal({ amountInHomeCurrency: 99, partnerCompanyId: '9002' })]);
      expect(await store.readPartnerDeals(portal, '9001')).toEqual([strategic]);
      expect(await store.readPartnerDeals(portal, '9002')).toEqual([aDeal({ amountInHomeCurrency: 99, partnerCompanyId: '9002' })]);

      await store.remove(portal, ['102']);
      expect((await store.listDealIds(portal)).sort()).toEqual(['101', '103']);
      expect(await store.readDeals(portal, ['101', '102'])).toEqual([aDeal({ amountInHomeCurrency: 99, partnerCompanyId: '9002' })]);
    });

    it("reads every customer's wins, whoever sourced them, and nothing of other portals", async () => {
      const other = `${portal}-other`;
      await store.upsert(other, [aDeal({ dealId: '201', customerCompanyId: '5001' })]);
      const wins = await store.readWinsOfCustomers(portal, ['5001', '5002']);
      expect(wins.map((deal) => [deal.dealId, deal.partnerCompanyId])).toEqual([['101', '9002'], ['103', null]]);
    });

    const anyDeals = fc.uniqueArray(
      fc.record({
        dealId: fc.integer({ min: 1, max: 400 }).map(String),
        partnerCompanyId: fc.constantFrom('9001', '9002', '9003', null),
        customerCompanyId: fc.constantFrom('5001', '5002', '5003', '5004', null),
        amountInHomeCurrency: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
        isClosed: fc.boolean(),
        isWon: fc.boolean(),
        // Whole days, so that ties on the same instant happen and the lower deal id must win them.
        closedAt: fc.option(fc.integer({ min: 0, max: 24 }).map((day) => Date.UTC(2026, 0, 1) + day * 86_400_000), { nil: null }),
        strategic: fc.boolean(),
      }),
      { selector: (deal) => deal.dealId, maxLength: 25 },
    ).map((deals) => deals.map((deal) => aDeal({ ...deal, amount: null, isClosed: deal.isClosed || deal.isWon })));
    let run = 0;

    it("reads a batch of partners' deals in one go, each customer's first win by anyone marked as the rules tell it", async () => {
      const closedSince = new Date(Date.UTC(2026, 0, 15));
      await fc.assert(
        fc.asyncProperty(anyDeals, async (deals) => {
          run += 1;
          const batch = `${portal}-batch-${run}`;
          await store.upsert(batch, deals);
          const { dealsByPartner, firstWins } = await store.readDealsOfPartners(batch, ['9001', '9002'], closedSince);

          const expected = (partner: string) =>
            deals
              .filter((deal) => deal.partnerCompanyId === partner && ((!deal.isClosed && !deal.isWon) || (deal.closedAt !== null && deal.closedAt >= closedSince.getTime())))
              .map(({ currency: _currency, productLine: _productLine, pipelineId: _pipelineId, ...fact }) => fact);
          const byId = (a: { dealId: string }, b: { dealId: string }) => Number(a.dealId) - Number(b.dealId);
          expect([...dealsByPartner.keys()]).toEqual(['9001', '9002']);
          expect([...dealsByPartner.get('9001')!].sort(byId)).toEqual(expected('9001').sort(byId));
          expect([...dealsByPartner.get('9002')!].sort(byId)).toEqual(expected('9002').sort(byId));
          // Every returned deal that is its customer's first win over the whole portal is marked, and no other.
          const firstOfAll = firstWinsByCustomer(deals);
          const returned = [...dealsByPartner.values()].flat();
          const marked = new Map(returned.filter((deal) => deal.customerCompanyId !== null && firstOfAll.get(deal.customerCompanyId) === deal.dealId).map((deal) => [deal.customerCompanyId!, deal.dealId]));
          expect(firstWins).toEqual(marked);
        }),
        { numRuns: 30 },
      );
    });
  });

  describe('the mirror of the sandbox', () => {
    let sandbox: Sandbox;
    let updater: ConflictIndexUpdater;
    let eventsSeen = 0;
    const queued: string[][] = [];
    const portal = () => String(sandbox.portalId);
    const feedNewEvents = async () => {
      await sandbox.webhooks.flush();
      const fresh = sandbox.webhooks.events.slice(eventsSeen);
      eventsSeen = sandbox.webhooks.events.length;
      queued.length = 0;
      return updater.apply(readIndexEvents(fresh));
    };
    const wonPartnerDeal = () => sandbox.seed.registrations.find((entry) => entry.status === 'won')!;

    beforeAll(async () => {
      sandbox = await startSandbox({ today: SANDBOX_TODAY, subscriptions: SUBSCRIPTIONS, portalId: 62_610 + (name === 'pglite' ? 1 : 0) });
      const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:deal-facts:${process.pid}:${name}` });
      const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
      const dealFacts = new DealFactsMirror({
        store,
        portalId: portal(),
        companyCurrency: 'USD',
        recalculation: { enqueueCompanies: async (_portal, ids) => void queued.push([...ids].sort()) },
      });
      updater = new ConflictIndexUpdater({ store: new ConflictIndexStore(db), reader: createCustomerIndexReader({ client, portalId: portal() }), portalId: portal(), dealFacts });
      await updater.repair();
      eventsSeen = sandbox.webhooks.events.length;
    }, 60_000);
    afterAll(async () => {
      releaseHubSpotClient();
      await sandbox?.stop();
    });

    it('mirrors every deal of the portal with exact amounts, its partner and its customer', async () => {
      expect((await store.listDealIds(portal())).length).toBe(sandbox.store.listRecords('deals').length);
      const won = wonPartnerDeal();
      const [fact] = await store.readDeals(portal(), [won.id]);
      const amount = sandbox.store.getRecord('deals', won.id)!.properties.amount!;
      expect(fact).toMatchObject({ partnerCompanyId: won.partnerId, customerCompanyId: won.customerId, isWon: true, isClosed: true });
      expect(fact!.amountInHomeCurrency).toBe(Math.round(Number(amount) * 100));
    });

    it("a deal moved to another partner re-evaluates both partners; an unchanged read queues nothing", async () => {
      const won = wonPartnerDeal();
      const other = sandbox.seed.partners.find((partner) => partner.id !== won.partnerId)!.id;
      sandbox.ui.updateRecord('deals', won.id, { pe_partner_company_id: other });
      await feedNewEvents();
      expect(queued).toEqual([[won.partnerId, other].sort()]);
      expect((await store.readPartnerDeals(portal(), other)).map((deal) => deal.dealId)).toContain(won.id);

      queued.length = 0;
      await updater.apply([{ object: 'deal', objectId: won.id, deleted: false }]);
      expect(queued).toEqual([]);
      sandbox.ui.updateRecord('deals', won.id, { pe_partner_company_id: won.partnerId });
      await feedNewEvents();
    });

    it('an odd amount is mirrored as unknown, never a failed batch', async () => {
      const won = wonPartnerDeal();
      const dealId = sandbox.ui.createRecord('deals', { dealname: 'Odd amount', amount: '12.345', pe_partner_company_id: won.partnerId, pipeline: 'default', dealstage: 'closedwon', closedate: '2026-10-01T00:00:00.000Z' });
      await feedNewEvents();
      expect(await store.readDeals(portal(), [dealId])).toEqual([expect.objectContaining({ dealId, amount: null, amountInHomeCurrency: null, isWon: true })]);
      expect(queued).toEqual([[won.partnerId]]);
      sandbox.ui.deleteRecord('deals', dealId);
      await feedNewEvents();
      expect(await store.readDeals(portal(), [dealId])).toEqual([]);
      expect(queued).toEqual([[won.partnerId]]);
    });

    it('mirrored revenue equals a fresh search after webhooks and a repair', async () => {
      const won = wonPartnerDeal();
      const partner = sandbox.seed.partners[0]!.id;
      // Changes the webhooks report, and one they do not (only the repair sees it).
      sandbox.ui.createRecord('deals', { dealname: 'Partner win', amount: '2500.5', pe_partner_company_id: partner, pipeline: 'default', dealstage: 'closedwon', closedate: '2026-09-01T00:00:00.000Z' });
      sandbox.ui.updateRecord('deals', won.id, { amount: '1234.56' });
      await feedNewEvents();
      sandbox.ui.deleteRecord('deals', sandbox.seed.directDealIds[0]!);
      await updater.repair();

      const sdk = sandboxClient(sandbox);
      const results: Array<{ properties: Record<string, string | null> }> = [];
      let after: string | undefined;
      do {
        const page = await sdk.crm.deals.searchApi.doSearch({
          filterGroups: [{ filters: [{ propertyName: 'pe_partner_company_id', operator: 'HAS_PROPERTY' as never }] }],
          properties: ['pe_partner_company_id', 'hs_is_closed_won', 'amount', 'amount_in_home_currency'],
          limit: 100,
          after: after as never,
        });
        results.push(...page.results);
        after = page.paging?.next?.after;
      } while (after);
      const expected = wonRevenueFromSearch(results);

      const rows = await db.selectFrom('deal_facts').select(['partner_company_id', 'amount_in_home_currency', 'amount'])
        .where('portal_id', '=', portal()).where('is_won', '=', true).where('partner_company_id', 'is not', null).execute();
      const mirrored: Record<string, number> = {};
      for (const row of rows) mirrored[row.partner_company_id!] = (mirrored[row.partner_company_id!] ?? 0) + Number(row.amount_in_home_currency ?? row.amount ?? 0);
      expect(mirrored).toEqual(expected);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect((await store.listDealIds(portal())).sort()).toEqual(sandbox.store.listRecords('deals').map((deal) => deal.id).sort());
    });
  });
});
