import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { QuarterCloseStore, type TierSnapshot } from '../../../src/governance/quarter-close-store.js';
import type { PartnerCloseDetails } from '../../../src/governance/plan-partner-close.js';
import { loadProgram } from '../../../src/program/load-program.js';
import { seedDemoTierHistory } from '../../../src/sandbox-mode/seed-demo-tier-history.js';
import { recordsAssociatedWith, startTestProduct, type TestProduct } from '../product/product-harness.js';

/*
 * docs/governance.md, "The demo portal": sandbox mode with the seed program (quarterly governance)
 * starts with the past quarters the demo deals reach already closed in PostgreSQL, by the close's
 * own decisions on the demo data, without a note or task per past quarter, and leaves the last
 * ended quarter for the close by hand. The demo's "today" is the real one: the product's clock is.
 */

const SEED_PROGRAM = loadProgram(path.resolve('examples/program-registered-silver-gold-platinum.json'));
const TODAY = new Date().toISOString().slice(0, 10);

/** The partner whose demo deals are named `Partner-sourced deal <slug>-q…` (demo-partner-deals.ts, the quarter stories). */
function storyPartner(product: TestProduct, slug: string): string {
  const deal = product.mode.sandbox.store.listRecords('deals').find((candidate) => candidate.properties.dealname === `Partner-sourced deal ${slug}-q1`);
  return deal!.properties.pe_partner_company_id!;
}

describe('the demo tier history (seed program, quarterly governance)', () => {
  let product: TestProduct;
  let snapshots: Map<string, TierSnapshot[]>;

  beforeAll(async () => {
    product = await startTestProduct(inject('redisUrl'), { program: SEED_PROGRAM, sandbox: { today: TODAY } });
    const rows = await product.mode.services.db.selectFrom('tier_snapshots').selectAll().where('portal_id', '=', product.mode.services.portalId).orderBy('quarter').execute();
    snapshots = new Map();
    for (const row of rows) snapshots.set(row.company_id, [...(snapshots.get(row.company_id) ?? []), row]);
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('closes the quarters before the last ended one, oldest first, each finished, and leaves the last ended one open', async () => {
    const { tierHistory, services } = product.mode;
    const partners = product.mode.sandbox.seed.partners;
    expect(tierHistory.quarters.length).toBeGreaterThanOrEqual(4);
    expect(tierHistory.quarters).toEqual([...tierHistory.quarters].sort());
    expect(tierHistory.quarters.at(-1)! < tierHistory.nextClose).toBe(true);
    expect(tierHistory.nextClose).toBe(services.quarterClose.lastClosedQuarter(Date.now()).label);
    for (const partner of partners) expect(snapshots.get(partner.id)?.map((row) => row.quarter)).toEqual(tierHistory.quarters);
    const store = new QuarterCloseStore(services.db);
    for (const quarter of tierHistory.quarters) expect((await store.closeOf(services.portalId, quarter))?.finishedAt).toBeTypeOf('number');
    // The start did not close the last ended quarter: that is the close to run by hand.
    await product.settle();
    expect(await services.quarterClose.isClosed(services.portalId, tierHistory.nextClose)).toBe(false);
    expect(await store.snapshotsOfQuarter(services.portalId, tierHistory.nextClose)).toEqual([]);
  });

  it('chains each partner from one quarter to the next, and HubSpot holds what the last one left', () => {
    for (const partner of product.mode.sandbox.seed.partners) {
      const rows = snapshots.get(partner.id)!;
      rows.slice(1).forEach((row, index) => expect(row.tier_before).toBe(rows[index]!.tier_after));
      const last = rows.at(-1)!;
      const company = product.mode.sandbox.store.getCompany(partner.id)!.properties;
      expect(company.pe_tier ?? 'none').toBe(last.tier_after);
      expect(company.pe_quarters_above).toBe(String(last.quarters_above));
      expect(company.pe_quarters_below).toBe(String(last.quarters_below));
      expect(company.pe_program_status).toBe(last.program_status);
    }
  });

  it('decides from the demo deals as they stood at each close: a partner that starts selling, and one whose pipeline ran dry', () => {
    const [previous, last] = product.mode.tierHistory.quarters.slice(-2);
    const seller = snapshots.get(storyPartner(product, 'p11'))!;
    const sellerLast = seller.find((row) => row.quarter === last)!;
    // Two wins in that quarter, of 160,000 and 140,000: Silver's revenue and logos, once they had closed.
    expect((sellerLast.metrics as PartnerCloseDetails).figures).toMatchObject({ revenue12m: 30_000_000, newLogos12m: 2 });
    expect(sellerLast.qualified_tier).toBe('silver');
    expect((seller.find((row) => row.quarter === previous)!.metrics as PartnerCloseDetails).figures.revenue12m).toBe(0);

    const dry = snapshots.get(storyPartner(product, 'p18'))!;
    const dryLast = dry.find((row) => row.quarter === last)!;
    expect((dryLast.metrics as PartnerCloseDetails).figures.openPipelineDeals).toBe(0);
    expect(dryLast.qualified_tier).toBe('bronze');
    expect(dryLast.tier_after).toBe('silver');
    expect(dryLast.reason).toBe('demotion_pending');
    // Earlier, the deals lost in that quarter (and the wins after each close) were still open.
    expect((dry.find((row) => row.quarter === previous)!.metrics as PartnerCloseDetails).figures.openPipelineDeals).toBeGreaterThan(0);
  });

  it('wrote the past quarters to PostgreSQL only: no note and no task, and HubSpot got the resulting state in one batch', async () => {
    const { sandbox } = product.mode;
    for (const partner of sandbox.seed.partners) {
      expect(recordsAssociatedWith(product, 'notes', partner.id).filter((note) => note.properties.hs_note_body?.includes('close of'))).toEqual([]);
      expect(recordsAssociatedWith(product, 'tasks', partner.id).filter((task) => /exit|tier change/i.test(task.properties.hs_task_subject ?? ''))).toEqual([]);
    }
    expect(product.mode.tierHistory.written).toBe(sandbox.seed.partners.length);
  });

  it('builds nothing when the portal has tier snapshots already (a restart on the same database)', async () => {
    const { services } = product.mode;
    const again = await seedDemoTierHistory({
      db: services.db,
      program: services.program,
      repository: services.repository,
      portalId: services.portalId,
      timeZone: services.portalTimeZone,
      nextClose: services.quarterClose.lastClosedQuarter(Date.now()),
    });
    expect(again.quarters).toEqual([]);
  });
});

describe('the first start of sandbox mode (default program)', () => {
  let product: TestProduct;

  beforeAll(async () => {
    product = await startTestProduct(inject('redisUrl'));
    await product.settle();
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('mirrors the deals before the first evaluation, so each partner is written once, in one batch update', async () => {
    const partners = product.mode.sandbox.seed.partners.length;
    expect(product.recordsWritten('companies')).toBe(partners);
    expect(product.calls(/^\/crm\/v3\/objects\/companies\/batch\/update$/)).toBe(Math.ceil(partners / 100));
    // The evaluation read the deals: partners with partner-sourced deals have their revenue written.
    const withRevenue = product.mode.sandbox.seed.partners.filter((partner) => Number(product.mode.sandbox.store.getCompany(partner.id)!.properties.pe_revenue_12m ?? 0) > 0);
    expect(withRevenue.length).toBeGreaterThan(0);
    // Instant governance: no quarter is closed for the demo.
    expect(product.mode.tierHistory.quarters).toEqual([]);
  });
});
