import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DealFactsMirror } from '../../../src/governance/deal-facts-mirror.js';
import { DealFactsStore, type MirroredDealFact } from '../../../src/governance/deal-facts-store.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { parseProgram } from '../../../src/program/load-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { createPartnerRecalculator } from '../../../src/recalculation/recalculate-partners.js';
import { ScoreHistoryStore } from '../../../src/recalculation/score-history-store.js';
import { SideEffectLedger } from '../../../src/recalculation/side-effect-ledger.js';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { createLogger } from '../../../src/logger.js';
import { allCompanyIds, demoPartner, startRecalculationRig, type RecalculationRig } from '../recalculation/recalculation-harness.js';

const SEED_FILE = new URL('../../../examples/program-registered-silver-gold-platinum.json', import.meta.url);

/** The seed revenue program, with tiers following qualification at every evaluation. */
function seedProgramInstant(): Program {
  const seed = parseProgram(JSON.parse(readFileSync(SEED_FILE, 'utf8')), 'seed');
  return { ...seed, governance: { ...seed.governance, mode: 'instant' } };
}

let serial = 0;
function aDeal(partnerCompanyId: string, overrides: Partial<MirroredDealFact> = {}): MirroredDealFact {
  serial += 1;
  return {
    dealId: String(800_000 + serial),
    partnerCompanyId,
    customerCompanyId: String(700_000 + serial),
    amountInHomeCurrency: 10_000_00,
    amount: 10_000_00,
    isClosed: true,
    isWon: true,
    closedAt: Date.parse('2026-09-01T12:00:00Z'),
    strategic: false,
    currency: null,
    productLine: null,
    pipelineId: 'default',
    ...overrides,
  };
}

describe('revenue-based tiers in instant mode', () => {
  let rig: RecalculationRig;
  let store: DealFactsStore;
  const recalculatorFor = (program: Program) =>
    createPartnerRecalculator({
      repositoryFor: () => rig.repository,
      program,
      history: new ScoreHistoryStore(rig.db),
      db: rig.db,
      ledger: new SideEffectLedger(rig.redis, { prefix: `${rig.prefix}:${program === DEFAULT_PROGRAM ? 'default' : 'seed'}` }),
      audit: new AuditTrail(rig.db),
      logger: createLogger({ level: 'silent' }),
      now: () => rig.clock.now,
      dealFacts: { store, currency: 'USD' },
    });
  const company = (id: string) => rig.sandbox.store.getCompany(id)!.properties;

  beforeAll(async () => {
    rig = await startRecalculationRig(inject('redisUrl'));
    store = new DealFactsStore(rig.db);
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('keeps the tiers of the enablement-only program exactly, and writes the business figures beside them', async () => {
    const report = await recalculatorFor(DEFAULT_PROGRAM).recalculatePartners(rig.portalId, allCompanyIds(rig.sandbox));

    expect(report.failed).toEqual([]);
    for (const partner of rig.sandbox.seed.partners) {
      expect(company(partner.id).pe_tier, partner.name).toBe(partner.expectedTier);
      expect(company(partner.id).pe_qualified_tier, partner.name).toBe(partner.expectedTier);
      expect(company(partner.id).pe_health_status, partner.name).toMatch(/^(on_target|at_risk|off_target)$/);
    }
  });

  it('qualifies on revenue read from the deal facts, names the missing amount, and asks HubSpot about no deal', async () => {
    const partner = demoPartner(rig.sandbox, 'gold');
    const [first, second] = partner.contactIds;
    rig.sandbox.ui.updateCompany(partner.id, { pe_agreement_signed_on: '2026-01-15' });
    for (const contactId of [first!, second!]) rig.sandbox.ui.updateContact(contactId, { pe_cert_sales_fundamentals_earned_on: '2026-06-01' });
    // 212,000.00 won on two new customers, an open deal, one deal lost, one won too long ago.
    await store.upsert(rig.portalId, [
      aDeal(partner.id, { amountInHomeCurrency: 200_000_00 }),
      aDeal(partner.id, { amountInHomeCurrency: 12_000_00, strategic: true }),
      aDeal(partner.id, { isClosed: false, isWon: false, closedAt: null, amountInHomeCurrency: 90_000_00 }),
      aDeal(partner.id, { isWon: false, amountInHomeCurrency: 5_000_00 }),
      aDeal(partner.id, { closedAt: Date.parse('2025-06-01T12:00:00Z'), amountInHomeCurrency: 400_000_00 }),
    ]);
    const recalculator = recalculatorFor(seedProgramInstant());
    rig.sandbox.requests.reset();

    await recalculator.recalculatePartners(rig.portalId, [partner.id]);

    expect(rig.calls(/\/crm\/v3\/objects\/deals/)).toBe(0);
    const outputs = company(partner.id);
    expect(outputs).toMatchObject({
      pe_tier: 'bronze',
      pe_qualified_tier: 'bronze',
      pe_revenue_12m: '212000',
      pe_open_pipeline: '90000',
      pe_new_logos_12m: '2',
      pe_strategic_wins_12m: '1',
    });
    expect(Number(outputs.pe_certified_staff)).toBeGreaterThanOrEqual(2);
    expect(outputs.pe_gaps_summary).toContain('High: $38,000 more closed-won revenue in the last 12 months');

    await store.upsert(rig.portalId, [aDeal(partner.id, { amountInHomeCurrency: 38_000_50 })]);
    await recalculator.recalculatePartners(rig.portalId, [partner.id]);

    expect(company(partner.id)).toMatchObject({ pe_tier: 'silver', pe_qualified_tier: 'silver', pe_revenue_12m: '250000.5', pe_new_logos_12m: '3' });
    // Gaps now look toward Gold.
    expect(company(partner.id).pe_gaps_summary).toContain('High: $749,999.50 more closed-won revenue in the last 12 months');
  });

  it('qualifies for no tier without a signed agreement, however much the partner sells', async () => {
    const partner = demoPartner(rig.sandbox, 'platinum');
    rig.sandbox.ui.updateCompany(partner.id, { pe_agreement_signed_on: '' });
    await store.upsert(rig.portalId, [aDeal(partner.id, { amountInHomeCurrency: 9_000_000_00 })]);

    await recalculatorFor(seedProgramInstant()).recalculatePartners(rig.portalId, [partner.id]);

    expect(company(partner.id)).toMatchObject({ pe_tier: 'none', pe_qualified_tier: 'none', pe_revenue_12m: '9000000' });
    expect(company(partner.id).pe_gaps_summary).toContain('High: Sign the partner agreement');
  });
});

describe('the demo portal under the seed revenue program', () => {
  let rig: RecalculationRig;

  beforeAll(async () => {
    rig = await startRecalculationRig(inject('redisUrl'));
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('carries partner-sourced deals over 18 months, so some partners qualify higher on revenue and some lower', async () => {
    const store = new DealFactsStore(rig.db);
    await new ConflictIndexUpdater({
      store: new ConflictIndexStore(rig.db),
      reader: createCustomerIndexReader({ client: rig.client, portalId: rig.portalId }),
      portalId: rig.portalId,
      dealFacts: new DealFactsMirror({ store, portalId: rig.portalId, companyCurrency: 'USD' }),
    }).repair();
    const partners = rig.sandbox.seed.partners;
    const program = seedProgramInstant();

    await createPartnerRecalculator({
      repositoryFor: () => rig.repository,
      program,
      history: new ScoreHistoryStore(rig.db),
      db: rig.db,
      ledger: new SideEffectLedger(rig.redis, { prefix: `${rig.prefix}:demo` }),
      audit: new AuditTrail(rig.db),
      logger: createLogger({ level: 'silent' }),
      now: () => rig.clock.now,
      dealFacts: { store, currency: 'USD' },
    }).recalculatePartners(rig.portalId, partners.map((partner) => partner.id));

    const outputs = partners.map((partner) => rig.sandbox.store.getCompany(partner.id)!.properties);
    const withRevenue = outputs.filter((properties) => Number(properties.pe_revenue_12m) > 0);
    expect(withRevenue.length).toBeGreaterThanOrEqual(5);
    // The 12-month window leaves older wins out: revenue has cents and no old deal.
    expect(withRevenue.some((properties) => /\.5$/.test(properties.pe_revenue_12m ?? ''))).toBe(true);
    const revenueTiers = new Set(withRevenue.map((properties) => properties.pe_qualified_tier));
    expect(revenueTiers.size).toBeGreaterThanOrEqual(2);
    expect(outputs.some((properties) => /more closed-won revenue/.test(properties.pe_gaps_summary ?? ''))).toBe(true);
    expect(new Set(outputs.map((properties) => properties.pe_health_status)).size).toBeGreaterThanOrEqual(2);
  });
});
