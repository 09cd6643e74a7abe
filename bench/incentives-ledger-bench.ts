/*
 * What the stored incentive ledger costs (docs/incentives.md, "Cost (measured)"), on PostgreSQL:
 *
 * - accruals for a quarter: SPIFFs for every deal of `--partners` partners' `--deals` won deals
 *   (inserted in `deal_facts`, with registrations), then the quarter's rebates; then the same run
 *   again, which must record nothing. Baseline, in the same run: the same SPIFF re-run one deal per
 *   call (as one webhook per deal would do it) on `--single` deals, per deal against the batch's.
 * - the statement of one partner with `--years` years of rows (`--rows-per-year` a year): the
 *   product's one query, answered from the covering index (p50/p99, goal < 50 ms), against
 *   the baseline, timed in the same run, of reading all the partner's rows and summing them in JS
 *   with `ledgerBalance`. `--concurrency N` keeps N statements in flight at once (default 1: one
 *   after the other); `--statement-runs` and `--baseline-runs` set how many are timed. The
 *   statement's query plan (`explain (analyze, buffers)`) is printed with the timings.
 *
 *   npm run bench:incentives [-- --partners 10000 --deals 200000 --years 10 --rows-per-year 4000]
 *   npm run bench:incentives -- --partners 100 --deals 2000 --concurrency 1   (the statement alone, quickly)
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), like the tests; it creates and
 * drops a database of its own.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { openDatabase } from '../src/db/open-database.js';
import { addDays } from '../src/domain/calendar-date.js';
import { ledgerBalance } from '../src/domain/incentives/ledger-balance.js';
import type { LedgerEntry } from '../src/domain/incentives/types.js';
import { money } from '../src/domain/money/money.js';
import { DealFactsStore, type MirroredDealFact } from '../src/governance/deal-facts-store.js';
import { IncentiveAccrualService } from '../src/incentives/incentive-accrual-service.js';
import { LedgerStore } from '../src/incentives/ledger-store.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';

export const STATEMENT_P99_GOAL_MS = 50;
const PORTAL = '1';
const QUARTER = '2026Q2';
const QUARTER_START = Date.parse('2026-04-01T00:00:00Z');
const QUARTER_DAYS = 91;

export interface IncentivesLedgerBenchOptions {
  partners?: number;
  deals?: number;
  single?: number;
  years?: number;
  rowsPerYear?: number;
  statementRuns?: number;
  baselineRuns?: number;
  /** Statements in flight at once while timing (1: one after the other). */
  concurrency?: number;
}

interface Timing {
  runs: number;
  p50: number;
  p99: number;
}

export interface IncentivesLedgerBenchResult {
  partners: number;
  deals: number;
  accrual: { seconds: number; entries: number; dealsPerSecond: number };
  rebates: { seconds: number; entries: number };
  rerun: { seconds: number; entries: number; msPerDeal: number };
  singleRerun: { deals: number; seconds: number; entries: number; msPerDeal: number };
  statementRows: number;
  ledgerRows: number;
  statement: Timing;
  baseline: Timing;
  /** `explain (analyze, buffers)` of the statement's query. */
  statementPlan: string[];
  concurrency: number;
  /** The machine's 1-minute load average when the timings ended. */
  loadAverage: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Latencies of `runs` calls, `concurrency` of them in flight at once. */
async function time(runs: number, body: () => Promise<unknown>, concurrency = 1): Promise<Timing> {
  const latencies: number[] = [];
  let started = 0;
  const lane = async () => {
    while (started < runs) {
      started += 1;
      const begun = performance.now();
      await body();
      latencies.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { runs, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Deals grouped by partner (ids in partner order), a tenth of them on a customer the partner registered. */
function generateDeals(partners: number, deals: number): MirroredDealFact[] {
  return Array.from({ length: deals }, (_, index) => {
    const partner = Math.floor((index * partners) / deals);
    return {
      dealId: String(1_000_000 + index),
      partnerCompanyId: String(100_000 + partner),
      customerCompanyId: String(5_000_000 + (index % Math.max(1, Math.floor(deals / 4)))),
      amountInHomeCurrency: 500_000 + ((index * 7_919) % 20_000_000),
      amount: null,
      isClosed: true,
      isWon: true,
      closedAt: QUARTER_START + ((index * 37) % QUARTER_DAYS) * 86_400_000 + 43_200_000,
      strategic: false,
      currency: null,
      productLine: index % 9 === 0 ? 'analytics' : null,
      pipelineId: 'default',
    };
  });
}

/** One partner's ledger over `years` years: SPIFF accruals, approvals and payments, MDF and rebates. */
function generateHistory(partnerId: string, years: number, rowsPerYear: number): LedgerEntry[] {
  const kinds: Array<Pick<LedgerEntry, 'kind' | 'bucket'>> = [
    { kind: 'accrual', bucket: 'spiff' }, { kind: 'approval', bucket: 'spiff' }, { kind: 'payment', bucket: 'spiff' },
    { kind: 'clawback', bucket: 'spiff' }, { kind: 'accrual', bucket: 'rebate' }, { kind: 'approval', bucket: 'mdf' }, { kind: 'payment', bucket: 'mdf' },
  ];
  const rows = years * rowsPerYear;
  const firstDay = addDays('2026-12-31', -365 * years);
  return Array.from({ length: rows }, (_, index) => {
    const { kind, bucket } = kinds[index % kinds.length]!;
    return {
      key: `history:${partnerId}:${index}`,
      partnerId,
      kind,
      bucket,
      rule: bucket === 'mdf' ? 'events' : bucket === 'rebate' ? 'volume_rebate' : 'first_win',
      amount: money(kind === 'clawback' ? -1_000 : 1_000 + (index % 5_000), 'USD'),
      source: { type: bucket === 'mdf' ? 'request' : 'deal', id: `h${index}` },
      reason: 'bench history',
      occurredOn: addDays(firstDay, Math.floor((index * 365 * years) / rows)),
      reverses: null,
    };
  });
}

export async function runIncentivesLedgerBench(options: IncentivesLedgerBenchOptions = {}): Promise<IncentivesLedgerBenchResult> {
  const partners = options.partners ?? 10_000;
  const deals = options.deals ?? 200_000;
  const single = Math.min(options.single ?? 2_000, deals);
  const years = options.years ?? 10;
  const rowsPerYear = options.rowsPerYear ?? 4_000;
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  try {
    await applyMigrations(db);
    const facts = generateDeals(partners, deals);
    await new DealFactsStore(db).upsert(PORTAL, facts, new Date(QUARTER_START));
    const registrations = facts.filter((_, index) => index % 10 === 0).map((deal) => ({
      portal_id: PORTAL, deal_id: `reg-${deal.dealId}`, partner_id: deal.partnerCompanyId!, company_id: deal.customerCompanyId,
      status: 'approved' as const, submitted_at: new Date(deal.closedAt! - 20 * 86_400_000), expires_on: null, indexed_at: new Date(QUARTER_START),
    }));
    for (let index = 0; index < registrations.length; index += 1_000) await db.insertInto('index_registrations').values(registrations.slice(index, index + 1_000)).execute();
    await sql`analyze`.execute(db);

    const ledger = new LedgerStore(db);
    const program = { ...DEFAULT_PROGRAM, incentives: { ...DEFAULT_PROGRAM.incentives, strategicProducts: ['analytics'] } };
    const service = new IncentiveAccrualService(db, ledger, { program, currency: 'USD', timeZone: 'UTC', now: () => new Date('2026-07-02T12:00:00Z') });
    const dealIds = facts.map((deal) => deal.dealId);

    let started = performance.now();
    const accrued = await service.accrueDealIncentives(PORTAL, dealIds);
    const accrualSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const rebates = await service.accrueQuarterRebates(PORTAL, QUARTER);
    const rebateSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const rerun = await service.accrueDealIncentives(PORTAL, dealIds);
    const rerunSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    let singleEntries = 0;
    for (const dealId of dealIds.slice(0, single)) singleEntries += (await service.accrueDealIncentives(PORTAL, [dealId])).length;
    const singleSeconds = (performance.now() - started) / 1000;

    const partnerId = '99999999';
    const history = generateHistory(partnerId, years, rowsPerYear);
    await ledger.append(PORTAL, history);
    // An append-only table is vacuumed by autovacuum after enough inserts (PostgreSQL 13+), which
    // marks its pages all-visible so index-only scans skip the table; do it now rather than wait.
    await sql`vacuum analyze ledger_entries`.execute(db);
    const ledgerRows = Number((await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('rows')).executeTakeFirstOrThrow()).rows);
    const period = { quarterStart: '2026-04-01', quarterEnd: '2026-06-30', yearStart: '2026-01-01' };

    // Both designs answer the same question; check they agree before timing them.
    const viaSql = (await ledger.statementSums(PORTAL, [partnerId], period, 'USD')).get(partnerId)!;
    const inJs = async () => {
      const rows = await ledger.readPartnerEntries(PORTAL, partnerId);
      const upTo = rows.filter((entry) => entry.occurredOn <= period.quarterEnd);
      return {
        quarter: ledgerBalance(upTo.filter((entry) => entry.occurredOn >= period.quarterStart), 'USD'),
        yearToDate: ledgerBalance(upTo.filter((entry) => entry.occurredOn >= period.yearStart), 'USD'),
        toDate: ledgerBalance(upTo, 'USD'),
      };
    };
    const check = await inJs();
    if (JSON.stringify(check) !== JSON.stringify({ quarter: viaSql.quarter.total, yearToDate: viaSql.yearToDate.total, toDate: viaSql.toDate.total })) {
      throw new Error('the statement query and the JS sums disagree');
    }
    const concurrency = options.concurrency ?? 1;
    const statementPlan = await ledger.explainStatementSums(PORTAL, [partnerId], period);
    const statement = await time(options.statementRuns ?? 200, () => ledger.statementSums(PORTAL, [partnerId], period, 'USD'), concurrency);
    const baseline = await time(options.baselineRuns ?? 30, inJs, concurrency);

    return {
      partners,
      deals,
      accrual: { seconds: accrualSeconds, entries: accrued.length, dealsPerSecond: deals / accrualSeconds },
      rebates: { seconds: rebateSeconds, entries: rebates.added.length },
      rerun: { seconds: rerunSeconds, entries: rerun.length, msPerDeal: (rerunSeconds * 1000) / deals },
      singleRerun: { deals: single, seconds: singleSeconds, entries: singleEntries, msPerDeal: (singleSeconds * 1000) / Math.max(1, single) },
      statementRows: history.length,
      ledgerRows,
      statement,
      baseline,
      statementPlan,
      concurrency,
      loadAverage: os.loadavg()[0]!,
    };
  } finally {
    await db.destroy();
    await database.drop();
  }
}

export function printIncentivesLedger(result: IncentivesLedgerBenchResult): void {
  const { accrual, rebates, rerun, singleRerun, statement, baseline } = result;
  const lines = [
    `incentive accruals for ${QUARTER}: ${result.partners.toLocaleString('en-US')} partners, ${result.deals.toLocaleString('en-US')} won deals in deal_facts (PostgreSQL):`,
    `  SPIFF accruals, batched        ${accrual.seconds.toFixed(2).padStart(8)} s  ${accrual.entries} entries  ${Math.round(accrual.dealsPerSecond)} deals/s`,
    `  quarter rebates                ${rebates.seconds.toFixed(2).padStart(8)} s  ${rebates.entries} entries`,
    `  re-run, batched                ${rerun.seconds.toFixed(2).padStart(8)} s  ${rerun.entries} entries  ${rerun.msPerDeal.toFixed(3)} ms/deal`,
    `  re-run, one deal per call      ${singleRerun.seconds.toFixed(2).padStart(8)} s  ${singleRerun.entries} entries  ${singleRerun.msPerDeal.toFixed(3)} ms/deal (${singleRerun.deals} deals)`,
    `  one deal per call / batched: ${(singleRerun.msPerDeal / rerun.msPerDeal).toFixed(1)}x per deal`,
    `statement of one partner with ${result.statementRows.toLocaleString('en-US')} rows (${result.ledgerRows.toLocaleString('en-US')} rows in the ledger):`,
    `  SQL sums (one query)           p50 ${statement.p50.toFixed(2).padStart(8)} ms  p99 ${statement.p99.toFixed(2).padStart(8)} ms  (${statement.runs} runs, ${result.concurrency} in flight)`,
    `  read all rows + sum in JS      p50 ${baseline.p50.toFixed(2).padStart(8)} ms  p99 ${baseline.p99.toFixed(2).padStart(8)} ms  (${baseline.runs} runs, ${result.concurrency} in flight)`,
    `  p99 ${statement.p99.toFixed(2)} ms (goal < ${STATEMENT_P99_GOAL_MS} ms)  ${statement.p99 < STATEMENT_P99_GOAL_MS ? 'PASS' : 'MISS'}`,
    `  load average ${result.loadAverage.toFixed(2)} (${os.cpus().length} cores) when the timings ended`,
    `  baseline / SQL: p50 ${(baseline.p50 / statement.p50).toFixed(1)}x, p99 ${(baseline.p99 / statement.p99).toFixed(1)}x`,
    `  plan of the statement's query (explain analyze, buffers):`,
    ...result.statementPlan.map((line) => `    ${line}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isEntryPoint(import.meta.url)) {
  const result = await runIncentivesLedgerBench({
    partners: integerArgument('partners'),
    deals: integerArgument('deals'),
    single: integerArgument('single'),
    years: integerArgument('years'),
    rowsPerYear: integerArgument('rows-per-year'),
    statementRuns: integerArgument('statement-runs'),
    baselineRuns: integerArgument('baseline-runs'),
    concurrency: integerArgument('concurrency'),
  });
  printIncentivesLedger(result);
}
