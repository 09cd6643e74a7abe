/*
 * What revenue-based tiers cost at evaluation time (docs/governance.md, "Cost (measured)"):
 *
 * - the product: partners evaluated with the seed revenue program
 *   (examples/program-registered-silver-gold-platinum.json, instant mode), their deals read from
 *   the deal-facts mirror in PostgreSQL in loads of 1,000 as the recalculation reads them (one
 *   query per load), then qualified, summarised and given partner health;
 * - the baseline, in the same run: the enablement-only engine (the default program, no deals) over
 *   the same partners.
 *
 * Both are timed over the same population; the ratio is product partners/s / baseline partners/s
 * (aim ≥ 0.5×).
 *
 *   npm run bench:governance-evaluation [-- --partners 20000 --deals 12 --rounds 3]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), like the tests; it creates and
 * drops a database of its own.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { openDatabase } from '../src/db/open-database.js';
import { evaluatePartner } from '../src/domain/evaluate-partner.js';
import type { PartnerSnapshot } from '../src/domain/types.js';
import { DealFactsStore, type MirroredDealFact } from '../src/governance/deal-facts-store.js';
import { readPartnersDeals } from '../src/governance/read-partners-deals.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { parseProgram } from '../src/program/load-program.js';
import type { Program } from '../src/program/program-schema.js';
import { RECALCULATION_LOAD_SIZE } from '../src/recalculation/recalculate-partners.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { generatePopulation } from './engine-bench.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';

export const GOVERNANCE_RATIO_GOAL = 0.5;
const AS_OF = '2026-11-15';
const PORTAL = 'bench-portal';

export interface GovernanceEvaluationBenchResult {
  partners: number;
  deals: number;
  /** Median over the rounds. */
  baselinePartnersPerSecond: number;
  governancePartnersPerSecond: number;
  ratio: number;
  /** What the governance path read per load, and how long the reads took per load (median). */
  readMsPerLoad: number;
}

function seedProgramInstant(): Program {
  const file = new URL('../examples/program-registered-silver-gold-platinum.json', import.meta.url);
  const seed = parseProgram(JSON.parse(readFileSync(file, 'utf8')), 'seed');
  return { ...seed, governance: { ...seed.governance, mode: 'instant' } };
}

/** `perPartner` deals for each partner over the last 18 months, every one on a customer of its own, plus some direct wins on those customers. */
function dealsFor(snapshots: readonly PartnerSnapshot[], perPartner: number): MirroredDealFact[] {
  const deals: MirroredDealFact[] = [];
  const asOf = Date.parse(`${AS_OF}T12:00:00Z`);
  let id = 1_000_000;
  for (const [index, snapshot] of snapshots.entries()) {
    for (let n = 0; n < perPartner; n++) {
      id += 1;
      const open = n % 5 === 4;
      const customer = String(5_000_000 + (id % (snapshots.length * 4)));
      deals.push({
        dealId: String(id),
        partnerCompanyId: snapshot.companyId,
        customerCompanyId: customer,
        amountInHomeCurrency: 1_000_00 * (1 + ((index * 7 + n * 13) % 400)),
        amount: null,
        isClosed: !open,
        isWon: !open && n % 6 !== 5,
        closedAt: open ? null : asOf - ((index + n * 37) % 540) * 86_400_000,
        strategic: n % 9 === 0,
        currency: null,
        productLine: null,
        pipelineId: 'default',
      });
      // A direct win first on some customers: nobody's new logo.
      if (n % 7 === 3) {
        id += 1;
        deals.push({ ...deals.at(-1)!, dealId: String(id), partnerCompanyId: null, isClosed: true, isWon: true, closedAt: asOf - 600 * 86_400_000 });
      }
    }
  }
  return deals;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function runGovernanceEvaluationBench(options: { partners?: number; deals?: number; rounds?: number } = {}): Promise<GovernanceEvaluationBenchResult> {
  const partners = options.partners ?? 20_000;
  const perPartner = options.deals ?? 12;
  const rounds = options.rounds ?? 3;
  const program = seedProgramInstant();
  const snapshots = generatePopulation(partners, 1, AS_OF, DEFAULT_PROGRAM).map((snapshot) => ({ ...snapshot, agreementSignedOn: '2026-01-15' }));
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  try {
    await applyMigrations(db);
    const store = new DealFactsStore(db);
    const deals = dealsFor(snapshots, perPartner);
    await store.upsert(PORTAL, deals);
    // As autovacuum would after a real repair: the planner knows the table.
    await sql`analyze deal_facts`.execute(db);

    const baselineRates: number[] = [];
    const governanceRates: number[] = [];
    const readTimes: number[] = [];
    let checksum = 0;
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      for (const snapshot of snapshots) checksum += evaluatePartner(snapshot, DEFAULT_PROGRAM, AS_OF).score;
      baselineRates.push(partners / ((performance.now() - started) / 1000));

      started = performance.now();
      for (let from = 0; from < snapshots.length; from += RECALCULATION_LOAD_SIZE) {
        const load = snapshots.slice(from, from + RECALCULATION_LOAD_SIZE);
        const readStarted = performance.now();
        const byPartner = await readPartnersDeals(store, PORTAL, load.map((snapshot) => snapshot.companyId), 'USD', Date.parse(`${AS_OF}T12:00:00Z`));
        readTimes.push(performance.now() - readStarted);
        for (const snapshot of load) checksum += evaluatePartner(snapshot, program, AS_OF, byPartner.get(snapshot.companyId)).business!.revenue12m > 0 ? 1 : 0;
      }
      governanceRates.push(partners / ((performance.now() - started) / 1000));
    }
    if (checksum === 0) throw new Error('nothing was evaluated');
    const baselinePartnersPerSecond = median(baselineRates);
    const governancePartnersPerSecond = median(governanceRates);
    return {
      partners,
      deals: deals.length,
      baselinePartnersPerSecond,
      governancePartnersPerSecond,
      ratio: governancePartnersPerSecond / baselinePartnersPerSecond,
      readMsPerLoad: median(readTimes),
    };
  } finally {
    await db.destroy();
    await database.drop();
  }
}

if (isEntryPoint(import.meta.url)) {
  const result = await runGovernanceEvaluationBench({ partners: integerArgument('partners'), deals: integerArgument('deals'), rounds: integerArgument('rounds') });
  const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')} partners/s`;
  console.log(`governance evaluation: ${result.partners.toLocaleString('en-US')} partners, ${result.deals.toLocaleString('en-US')} deal facts in PostgreSQL`);
  console.log(`  enablement-only engine (default program)        ${rate(result.baselinePartnersPerSecond)}`);
  console.log(`  seed revenue program, deals read from PostgreSQL ${rate(result.governancePartnersPerSecond)} (reads ${result.readMsPerLoad.toFixed(1)} ms per load of ${RECALCULATION_LOAD_SIZE})`);
  console.log(`  ratio ${result.ratio.toFixed(2)}× (goal ≥ ${GOVERNANCE_RATIO_GOAL}×) ${result.ratio >= GOVERNANCE_RATIO_GOAL ? 'PASS' : 'MISS'}`);
}
