/*
 * What revenue-based tiers cost at evaluation time (docs/governance.md, "Cost (measured)"), measured
 * on the path a recalculation takes (src/recalculation/recalculate-partners.ts):
 *
 * - the product: partners evaluated with the seed revenue program
 *   (examples/program-registered-silver-gold-platinum.json, instant mode) in loads of 1,000, each
 *   load's deals read from the deal-facts mirror in PostgreSQL in one query (`readPartnersDeals`),
 *   then qualified, summarised and given partner health, in turns of 100 partners with the event
 *   loop let run between turns, as a recalculation evaluates. A recalculation never waits for that
 *   read on its own: it is sent with the load's HubSpot reads, which take longer, and the worker
 *   runs several loads at once (`WORKER_CONCURRENCY`, default 4). With no HubSpot here, the next
 *   load's read is in flight while a load is evaluated (one load ahead, the least overlap the worker
 *   has). Taking in and parsing its rows is done on the measured thread, and PostgreSQL runs on the
 *   same cores, so neither is left out;
 * - the product again with every read awaited before its load is evaluated and nothing else in
 *   flight: what evaluation costs if the read could hide behind nothing (printed, not the goal);
 * - the rules engine alone: the same evaluation over deals read before the clock starts, so the
 *   engine's own cost with the new requirement kinds can be told from the read's (printed beside
 *   the goal, which stays on the product as a recalculation runs it);
 * - the baseline, in the same run: the enablement-only engine (the default program, no deals) over
 *   the same partners, in the same turns.
 *
 * The ratio is product partners/s / baseline partners/s (aim ≥ 0.5×), medians over the rounds.
 *
 *   npm run bench:governance-evaluation [-- --partners 20000 --deals 12 --rounds 3]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), like the tests; it creates and
 * drops a database of its own.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql } from 'kysely';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { openDatabase } from '../src/db/open-database.js';
import { evaluatePartner } from '../src/domain/evaluate-partner.js';
import type { PartnerDeals } from '../src/domain/governance/evaluate-business.js';
import type { PartnerSnapshot } from '../src/domain/types.js';
import { DealFactsStore, type MirroredDealFact } from '../src/governance/deal-facts-store.js';
import { readPartnersDeals } from '../src/governance/read-partners-deals.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { parseProgram } from '../src/program/load-program.js';
import type { Program } from '../src/program/program-schema.js';
import { PARTNERS_PER_TURN, RECALCULATION_LOAD_SIZE } from '../src/recalculation/recalculate-partners.js';
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
  /** The product as a recalculation runs it: the next load's deals read while a load is evaluated. */
  governancePartnersPerSecond: number;
  ratio: number;
  /** The product with every read awaited before its load is evaluated, nothing else in flight. */
  governanceAwaitedPartnersPerSecond: number;
  awaitedRatio: number;
  /** The rules engine alone, every load's deals read before the clock starts (median). */
  enginePartnersPerSecond: number;
  engineRatio: number;
  /** How long one load's read took when awaited on its own (median). */
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

function loadsOf(snapshots: readonly PartnerSnapshot[]): PartnerSnapshot[][] {
  const loads: PartnerSnapshot[][] = [];
  for (let from = 0; from < snapshots.length; from += RECALCULATION_LOAD_SIZE) loads.push(snapshots.slice(from, from + RECALCULATION_LOAD_SIZE));
  return loads;
}

/** Evaluates a load as a recalculation does: `PARTNERS_PER_TURN` partners between two turns of the event loop. */
async function evaluateLoad(load: readonly PartnerSnapshot[], evaluate: (snapshot: PartnerSnapshot) => number): Promise<number> {
  let checksum = 0;
  for (const [index, snapshot] of load.entries()) {
    if (index > 0 && index % PARTNERS_PER_TURN === 0) await yieldToEventLoop();
    checksum += evaluate(snapshot);
  }
  return checksum;
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

    const at = Date.parse(`${AS_OF}T12:00:00Z`);
    const read = (load: readonly PartnerSnapshot[]) => readPartnersDeals(store, PORTAL, load.map((snapshot) => snapshot.companyId), 'USD', at);
    const withDeals = (byPartner: Map<string, PartnerDeals>) => (snapshot: PartnerSnapshot) =>
      evaluatePartner(snapshot, program, AS_OF, byPartner.get(snapshot.companyId)).business!.revenue12m > 0 ? 1 : 0;
    const loads = loadsOf(snapshots);

    const baselineRates: number[] = [];
    const governanceRates: number[] = [];
    const awaitedRates: number[] = [];
    const engineRates: number[] = [];
    const readBeforehand = await Promise.all(loads.map((load) => read(load)));
    const readTimes: number[] = [];
    let checksum = 0;
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      for (const load of loads) checksum += await evaluateLoad(load, (snapshot) => evaluatePartner(snapshot, DEFAULT_PROGRAM, AS_OF).score);
      baselineRates.push(partners / ((performance.now() - started) / 1000));

      started = performance.now();
      let next = read(loads[0]!);
      for (const [index, load] of loads.entries()) {
        const byPartner = await next;
        if (index + 1 < loads.length) next = read(loads[index + 1]!);
        checksum += await evaluateLoad(load, withDeals(byPartner));
      }
      governanceRates.push(partners / ((performance.now() - started) / 1000));

      started = performance.now();
      for (const load of loads) {
        const readStarted = performance.now();
        const byPartner = await read(load);
        readTimes.push(performance.now() - readStarted);
        checksum += await evaluateLoad(load, withDeals(byPartner));
      }
      awaitedRates.push(partners / ((performance.now() - started) / 1000));

      started = performance.now();
      for (const [index, load] of loads.entries()) checksum += await evaluateLoad(load, withDeals(readBeforehand[index]!));
      engineRates.push(partners / ((performance.now() - started) / 1000));
    }
    if (checksum === 0) throw new Error('nothing was evaluated');
    const baselinePartnersPerSecond = median(baselineRates);
    const governancePartnersPerSecond = median(governanceRates);
    const governanceAwaitedPartnersPerSecond = median(awaitedRates);
    return {
      partners,
      deals: deals.length,
      baselinePartnersPerSecond,
      governancePartnersPerSecond,
      ratio: governancePartnersPerSecond / baselinePartnersPerSecond,
      governanceAwaitedPartnersPerSecond,
      awaitedRatio: governanceAwaitedPartnersPerSecond / baselinePartnersPerSecond,
      readMsPerLoad: median(readTimes),
      enginePartnersPerSecond: median(engineRates),
      engineRatio: median(engineRates) / baselinePartnersPerSecond,
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
  console.log(`  enablement-only engine (default program)                        ${rate(result.baselinePartnersPerSecond)}`);
  console.log(`  seed revenue program, next load's deals read during evaluation   ${rate(result.governancePartnersPerSecond)}`);
  console.log(`  seed revenue program, each read awaited alone first              ${rate(result.governanceAwaitedPartnersPerSecond)} (reads ${result.readMsPerLoad.toFixed(1)} ms per load of ${RECALCULATION_LOAD_SIZE}; ratio ${result.awaitedRatio.toFixed(2)}×)`);
  console.log(`  seed revenue program, rules engine alone (deals read beforehand) ${rate(result.enginePartnersPerSecond)} (ratio ${result.engineRatio.toFixed(2)}×)`);
  console.log(`  ratio ${result.ratio.toFixed(2)}× (goal ≥ ${GOVERNANCE_RATIO_GOAL}×) ${result.ratio >= GOVERNANCE_RATIO_GOAL ? 'PASS' : 'MISS'}`);
}
