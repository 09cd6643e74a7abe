import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { money } from '../../../src/domain/money/money.js';
import { DealFactsStore, type MirroredDealFact } from '../../../src/governance/deal-facts-store.js';
import { IncentiveAccrualService } from '../../../src/incentives/incentive-accrual-service.js';
import { LedgerStore } from '../../../src/incentives/ledger-store.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

const PORTAL = '1';
const TIME_ZONE = 'America/New_York';
const NOW = new Date('2026-07-05T16:00:00Z');
const PROGRAM = { ...DEFAULT_PROGRAM, incentives: { ...DEFAULT_PROGRAM.incentives, strategicProducts: ['analytics'] } };

let next = 0;
/** A deal closed at noon New York time on `closedOn`; amounts in USD major units. */
function aDeal(overrides: Partial<MirroredDealFact> & { closedOn?: string; usd?: number } = {}): MirroredDealFact {
  next += 1;
  const { closedOn = '2026-05-31', usd = 10_000, ...rest } = overrides;
  return {
    dealId: String(9000 + next),
    partnerCompanyId: 'p',
    customerCompanyId: `c${next}`,
    amountInHomeCurrency: usd * 100,
    amount: usd * 100,
    isClosed: true,
    isWon: true,
    closedAt: Date.parse(`${closedOn}T12:00:00-04:00`),
    strategic: false,
    currency: null,
    productLine: null,
    pipelineId: 'default',
    ...rest,
  };
}

describe.each(DATABASE_BACKENDS)('incentive accruals on $name', ({ create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let facts: DealFactsStore;
  let ledger: LedgerStore;
  let service: IncentiveAccrualService;
  const marked: string[][] = [];

  const register = (partnerId: string, companyId: string, day: string, dealId = `reg-${partnerId}-${companyId}`) =>
    db.insertInto('index_registrations').values({
      portal_id: PORTAL, deal_id: dealId, partner_id: partnerId, company_id: companyId, status: 'approved',
      submitted_at: new Date(`${day}T10:00:00-04:00`), expires_on: null, indexed_at: NOW,
    }).execute();
  const accrued = async (partnerId: string) => (await ledger.balances(PORTAL, partnerId, 'USD')).total.accrued;
  const put = async (...deals: MirroredDealFact[]) => {
    await facts.upsert(PORTAL, deals, NOW);
    return service.accrueDealIncentives(PORTAL, deals.map((deal) => deal.dealId));
  };

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    facts = new DealFactsStore(db);
    ledger = new LedgerStore(db);
    service = new IncentiveAccrualService(db, ledger, {
      program: PROGRAM, currency: 'USD', timeZone: TIME_ZONE, now: () => NOW,
      markFastTrack: async (_portal, ids) => { marked.push([...ids]); },
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('accrues the worked example once: a first win, new logo, strategic product and large deal is USD 6,250.00', async () => {
    await register('p1', 'acme', '2026-05-01');
    const deal = aDeal({ partnerCompanyId: 'p1', customerCompanyId: 'acme', usd: 200_000, productLine: 'analytics' });
    const added = await put(deal);
    expect(added.map((entry) => [entry.rule, entry.amount.amountMinor])).toEqual([
      ['new_logo', 50_000], ['strategic_product', 75_000], ['first_win', 100_000], ['large_deal', 400_000],
    ]);
    expect(added[0]).toMatchObject({ key: `deal:${deal.dealId}:spiff:new_logo:accrual:0`, kind: 'accrual', occurredOn: '2026-05-31' });
    expect(await accrued('p1')).toEqual(money(625_000, 'USD'));
    expect(await service.accrueDealIncentives(PORTAL, [deal.dealId, deal.dealId])).toEqual([]);
    expect(await ledger.readPartnerEntries(PORTAL, 'p1')).toHaveLength(4);
  });

  it('claws back a reopened deal, adds nothing when it is then lost, and accrues again when it wins again', async () => {
    const deal = aDeal({ partnerCompanyId: 'p2', usd: 150_000 });
    await put(deal);
    expect(await accrued('p2')).toEqual(money(400_000, 'USD'));

    const clawbacks = await put({ ...deal, isClosed: false, isWon: false });
    expect(clawbacks.map((entry) => [entry.key, entry.kind, entry.amount.amountMinor, entry.occurredOn])).toEqual([
      [`deal:${deal.dealId}:spiff:first_win:clawback:0`, 'clawback', -100_000, '2026-07-05'],
      [`deal:${deal.dealId}:spiff:large_deal:clawback:0`, 'clawback', -300_000, '2026-07-05'],
    ]);
    expect(clawbacks[0]!.reverses).toBe(`deal:${deal.dealId}:spiff:first_win:accrual:0`);
    expect(await accrued('p2')).toEqual(money(0, 'USD'));
    expect(await put({ ...deal, isClosed: false, isWon: false })).toEqual([]);
    expect(await put({ ...deal, isClosed: true, isWon: false })).toEqual([]);

    const again = await put(deal);
    expect(again.map((entry) => entry.key)).toEqual([`deal:${deal.dealId}:spiff:first_win:accrual:1`, `deal:${deal.dealId}:spiff:large_deal:accrual:1`]);
    expect(await accrued('p2')).toEqual(money(400_000, 'USD'));
    expect(await ledger.readPartnerEntries(PORTAL, 'p2')).toHaveLength(6);
  });

  it('pays the new logo only for the customer\'s first win, within 60 days of the registration (day 60 counts, day 61 does not)', async () => {
    await register('p3', 'day60', '2026-04-01');
    await register('p3', 'day61', '2026-04-01');
    await register('p3', 'taken', '2026-04-01');
    const first = aDeal({ partnerCompanyId: 'p3', customerCompanyId: 'x', closedOn: '2026-03-01' });
    const day60 = aDeal({ partnerCompanyId: 'p3', customerCompanyId: 'day60', closedOn: '2026-05-31' });
    const day61 = aDeal({ partnerCompanyId: 'p3', customerCompanyId: 'day61', closedOn: '2026-06-01' });
    const direct = aDeal({ partnerCompanyId: null, customerCompanyId: 'taken', closedOn: '2026-04-10' });
    const second = aDeal({ partnerCompanyId: 'p3', customerCompanyId: 'taken', closedOn: '2026-04-20' });
    const added = await put(first, day60, day61, direct, second);
    expect(added.map((entry) => [entry.source.id, entry.rule])).toEqual([
      [first.dealId, 'first_win'],
      [day60.dealId, 'new_logo'],
    ]);
  });

  it('earns no large deal at exactly USD 100,000.00 and nothing on a deal no partner sourced', async () => {
    const exact = aDeal({ partnerCompanyId: 'p4', usd: 100_000 });
    const direct = aDeal({ partnerCompanyId: null, usd: 500_000 });
    const added = await put(exact, direct);
    expect(added.map((entry) => entry.rule)).toEqual(['first_win']);
  });

  it('accrues the quarter\'s slab rebate once, payable 30 days after, and records only the difference after a late reopening', async () => {
    const big = aDeal({ partnerCompanyId: 'r1', usd: 100_000, closedOn: '2026-04-01' });
    // 30 June 22:00 in New York is already 1 July in UTC: it counts in Q2.
    const late = aDeal({ partnerCompanyId: 'r1', usd: 200_000, closedAt: Date.parse('2026-06-30T22:00:00-04:00') });
    const q3 = aDeal({ partnerCompanyId: 'r1', usd: 900_000, closedAt: Date.parse('2026-07-01T00:30:00-04:00') });
    await facts.upsert(PORTAL, [big, late, q3], NOW);

    const run = await service.accrueQuarterRebates(PORTAL, '2026Q2');
    expect(run.rebates.get('r1')).toMatchObject({ revenue: money(30_000_000, 'USD'), bracketPercent: 3.5, amount: money(1_050_000, 'USD'), payableOn: '2026-07-30' });
    expect(run.added.filter((entry) => entry.partnerId === 'r1')).toEqual([expect.objectContaining({
      key: 'rebate:r1:2026Q2:0', kind: 'accrual', bucket: 'rebate', amount: money(1_050_000, 'USD'), occurredOn: '2026-06-30',
    })]);
    expect((await service.accrueQuarterRebates(PORTAL, '2026Q2')).added).toEqual([]);

    await facts.upsert(PORTAL, [{ ...big, isClosed: false, isWon: false }], NOW);
    const rerun = await service.accrueQuarterRebates(PORTAL, '2026Q2');
    expect(rerun.added.filter((entry) => entry.partnerId === 'r1')).toEqual([expect.objectContaining({
      key: 'rebate:r1:2026Q2:1', kind: 'clawback', amount: money(-650_000, 'USD'), occurredOn: '2026-07-05',
    })]);
    const balances = await ledger.balances(PORTAL, 'r1', 'USD');
    expect(balances.byBucket.rebate.accrued).toEqual(money(400_000, 'USD'));
  });

  it('sets the fast track for a partner reaching the top bracket (8 % of USD 2,500,000.00)', async () => {
    await facts.upsert(PORTAL, [aDeal({ partnerCompanyId: 'r2', usd: 2_500_000, closedOn: '2026-05-15' })], NOW);
    marked.length = 0;
    const run = await service.accrueQuarterRebates(PORTAL, '2026Q2');
    expect(run.rebates.get('r2')).toMatchObject({ amount: money(20_000_000, 'USD'), setsFastTrack: true });
    expect(run.fastTrack).toEqual(['r2']);
    expect(marked).toEqual([['r2']]);
  });
});
