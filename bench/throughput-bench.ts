/**
 * Throughput at HubSpot's limit: the sandbox enforces HubSpot's rolling 110 requests per 10 s, and
 * the product (`npm start`'s web server and worker, its Redis limiter at the same budget) settles
 * a population of partners that were never evaluated: one UI edit per partner, delivered as signed
 * webhooks, recalculated and written back (every company and every contact gets its outputs).
 *
 * Settled = every webhook delivered and nothing pending or in flight in the pipeline, measured
 * from the first edit. Compared in the same run with the physical limit of the calls the product
 * made, `10 s × calls / 110` (goal ≤ 1.15×), and, for reference, with the time the full lower
 * bound of calls would need (see api-efficiency-bench).
 *
 * Run: node bin/run-ts.mjs bench/throughput-bench.ts [--partners 5000] [--requests-per-10s 110] [--seed 1]
 */
import crypto from 'node:crypto';
import { addDays } from '../src/domain/calendar-date.js';
import { releaseHubSpotClient } from '../src/hubspot/hubspot-client.js';
import { startSandbox } from '../src/sandbox/index.js';
import { apiLowerBound, describeLowerBound, type LowerBound, type LowerBoundInput } from './support/api-lower-bound.js';
import { benchClock } from './support/bench-clock.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';
import { activityCounts, countHubSpotCalls, type CallBreakdown } from './support/count-hubspot-calls.js';
import { breakdownRows } from './support/format-call-breakdown.js';
import { count, formatTable, ratio, verdict } from './support/format-table.js';
import { watchEventLoopDelay, type EventLoopDelay } from './support/event-loop-delay.js';
import { countChanged, snapshotCompanyOutputs, snapshotContactOutputs } from './support/output-snapshot.js';
import { benchRedis } from './support/private-redis.js';
import { BENCH_TODAY, seedPartnerPopulation } from './support/seed-partner-population.js';
import { startBenchProduct } from './support/start-bench-product.js';
import { waitUntilSettled } from './support/wait-until-settled.js';

/** Options of {@link runThroughputBench}. */
export interface ThroughputBenchOptions {
  /** Partners to settle. Default 5,000. */
  partners?: number;
  /** HubSpot's limit per 10 s, enforced by the sandbox and given to the product's limiter. Default 110. */
  requestsPer10s?: number;
  /** Population seed. Default 1. */
  seed?: number;
  /** A Redis to use (keys get a unique prefix); default a private redis-server. */
  redisUrl?: string;
  print?: boolean;
}

export interface ThroughputBenchResult {
  partners: number;
  contacts: number;
  requestsPer10s: number;
  /** First edit → pipeline idle. */
  seconds: number;
  /** First edit → the first HubSpot request (the coalescing window and the webhook delivery). */
  firstCallSeconds: number;
  /** First edit → the end of the last HubSpot request. */
  lastCallSeconds: number;
  /** Every request the sandbox served, 429s included. */
  calls: number;
  /** Requests HubSpot counted (not answered 429). */
  acceptedCalls: number;
  breakdown: CallBreakdown;
  /** `10 s × acceptedCalls / requestsPer10s`. */
  physicalLimitSeconds: number;
  /** seconds / physicalLimitSeconds — the goal is ≤ 1.15. */
  ratioToPhysicalLimit: number;
  bound: LowerBound;
  boundInput: LowerBoundInput;
  /** `10 s × bound.full / requestsPer10s`: the time the fewest possible calls would need. */
  boundSeconds: number;
  /** seconds / boundSeconds. */
  ratioToBoundTime: number;
  /**
   * The earliest the last of these calls could start under a rolling window of `requestsPer10s`
   * per 10 s, plus the coalescing window before the first: `coalesce + 10 s × ⌊(calls − 1) / limit⌋`.
   * Stricter than the physical limit of the goal, which charges every call a full share.
   */
  rollingWindowSeconds: number;
  /** seconds / rollingWindowSeconds. */
  ratioToRollingWindow: number;
  /**
   * How late this process's event loop ran while the pipeline worked (after the edits); a granted
   * request waits this long before it leaves; the limiter covers it by moving the request's slot
   * to the time of HubSpot's answer.
   */
  eventLoopDelay: EventLoopDelay;
  /**
   * The shortest time in which `requestsPer10s + 1` consecutive requests reached the sandbox. Under
   * 10,000 ms one of them was over HubSpot's limit (429). The limiter reuses a slot 10,100 ms
   * after the answer to the request that held it, so this stays at 10,100 or more.
   */
  tightestSpanMs: number;
  /** Partners with no tier written at the end (should be 0). */
  unsettledPartners: number;
  failed: number;
  warnings: number;
}

export const THROUGHPUT_GOAL = 1.15;

export async function runThroughputBench(options: ThroughputBenchOptions = {}): Promise<ThroughputBenchResult> {
  const partners = options.partners ?? 5_000;
  const requestsPer10s = options.requestsPer10s ?? 110;
  const redis = await benchRedis('throughput', options.redisUrl);
  const sandbox = await startSandbox({
    seed: 'empty',
    today: BENCH_TODAY,
    rateLimit: { max: requestsPer10s, intervalMs: 10_000 },
    portalId: 10_000_000 + crypto.randomInt(80_000_000),
  });
  let bench: Awaited<ReturnType<typeof startBenchProduct>> | undefined;
  try {
    const population = seedPartnerPopulation(sandbox, { partners, seed: options.seed ?? 1 });
    bench = await startBenchProduct({ sandbox, redisUrl: redis.url, prefix: redis.prefix, requestsPer10s, now: benchClock() });
    const companiesBefore = snapshotCompanyOutputs(sandbox, population.companyIds);
    const contactsBefore = snapshotContactOutputs(sandbox, population.contactIds);
    bench.connectWebhooks();
    sandbox.requests.reset();

    const startedWall = Date.now();
    const started = performance.now();
    const records = sandbox.store.raw.recordsOf('companies');
    for (const companyId of population.companyIds) {
      const last = records.get(companyId)?.properties.get('pe_last_enablement_activity');
      sandbox.ui.updateCompany(companyId, { pe_last_enablement_activity: last === BENCH_TODAY ? addDays(BENCH_TODAY, -1) : BENCH_TODAY });
    }
    // Watched from here: the edits above block the loop once, before any HubSpot call is granted.
    const loopDelay = watchEventLoopDelay();
    const settled = await waitUntilSettled(sandbox, bench.services.recalculationQueue);
    const seconds = (settled.at - started) / 1000;
    const eventLoopDelay = loopDelay.stop();

    const entries = sandbox.requests.entries;
    const breakdown = countHubSpotCalls(entries);
    const acceptedCalls = breakdown.total - breakdown.rateLimited;
    const physicalLimitSeconds = (10 * acceptedCalls) / requestsPer10s;
    const boundInput: LowerBoundInput = {
      companies: partners,
      contacts: population.contactIds.length,
      companiesChanged: countChanged(companiesBefore, snapshotCompanyOutputs(sandbox, population.companyIds)),
      contactsChanged: countChanged(contactsBefore, snapshotContactOutputs(sandbox, population.contactIds)),
      activities: activityCounts(breakdown).created,
    };
    const bound = apiLowerBound(boundInput);
    const boundSeconds = (10 * bound.full) / requestsPer10s;
    const rollingWindowSeconds = bench.services.recalculationQueue.settings.coalesceMs / 1000 + 10 * Math.floor((acceptedCalls - 1) / requestsPer10s);
    const result: ThroughputBenchResult = {
      partners,
      contacts: population.contactIds.length,
      requestsPer10s,
      seconds,
      firstCallSeconds: entries.length > 0 ? (entries[0]!.at - startedWall) / 1000 : 0,
      lastCallSeconds: entries.length > 0 ? (Math.max(...entries.map((e) => e.at + e.durationMs)) - startedWall) / 1000 : 0,
      calls: breakdown.total,
      acceptedCalls,
      breakdown,
      physicalLimitSeconds,
      ratioToPhysicalLimit: seconds / physicalLimitSeconds,
      bound,
      boundInput,
      boundSeconds,
      ratioToBoundTime: seconds / boundSeconds,
      rollingWindowSeconds,
      ratioToRollingWindow: seconds / rollingWindowSeconds,
      eventLoopDelay,
      tightestSpanMs: tightestSpan(entries.map((entry) => entry.at), requestsPer10s + 1),
      unsettledPartners: population.companyIds.filter((id) => !records.get(id)?.properties.get('pe_tier')).length,
      failed: settled.failed,
      warnings: bench.log.warnings.length,
    };
    if (options.print) printThroughput(result);
    return result;
  } finally {
    await bench?.close();
    releaseHubSpotClient();
    await sandbox.stop();
    await redis.stop();
  }
}

/** Shortest time between the first and last of `count` consecutive arrivals. */
function tightestSpan(arrivals: number[], count: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let tightest = Number.POSITIVE_INFINITY;
  for (let i = 0; i + count - 1 < sorted.length; i++) tightest = Math.min(tightest, sorted[i + count - 1]! - sorted[i]!);
  return tightest;
}

function printThroughput(r: ThroughputBenchResult): void {
  const s = (n: number) => `${n.toFixed(1)} s`;
  console.log(`\nThroughput at HubSpot's limit — ${count(r.partners)} partners never evaluated (${count(r.contacts)} contacts), sandbox and limiter at ${r.requestsPer10s}/10 s`);
  console.log(
    `settled in ${s(r.seconds)} (first HubSpot call at ${s(r.firstCallSeconds)}, last one ended at ${s(r.lastCallSeconds)}); ` +
      `${r.breakdown.rateLimited} requests answered 429 (${((100 * r.breakdown.rateLimited) / r.calls).toFixed(1)}% of calls); ` +
      `${r.unsettledPartners} partners without outputs; ${r.failed} records failed; ${r.warnings} warnings logged`,
  );
  console.log(
    `tightest ${r.requestsPer10s + 1} consecutive requests at the sandbox: ${r.tightestSpanMs.toFixed(0)} ms (HubSpot refuses under 10,000; the limiter reuses a slot 10,100 after its answer); ` +
      `event loop delay while working: p99 ${r.eventLoopDelay.p99.toFixed(0)} ms, max ${r.eventLoopDelay.max.toFixed(0)} ms`,
  );
  console.log(formatTable([['HubSpot requests', 'calls', 'records', 'per call'], ...breakdownRows(r.breakdown), ['total', count(r.calls), '', '']]));
  console.log(
    formatTable([
      ['compared with', 'seconds', 'settle ÷ it', 'goal', ''],
      [`physical limit 10 s × ${count(r.acceptedCalls)} calls / ${r.requestsPer10s}`, s(r.physicalLimitSeconds), ratio(r.ratioToPhysicalLimit), `≤ ${ratio(THROUGHPUT_GOAL)}`, verdict(r.ratioToPhysicalLimit, THROUGHPUT_GOAL)],
      [`rolling-window minimum for these calls (+ coalescing window)`, s(r.rollingWindowSeconds), ratio(r.ratioToRollingWindow), '', ''],
      [`the full lower bound's ${count(r.bound.full)} calls at the limit`, s(r.boundSeconds), ratio(r.ratioToBoundTime), '', ''],
    ]),
  );
  console.log(`full bound: ${describeLowerBound(r.boundInput, r.bound)}`);
}

if (isEntryPoint(import.meta.url)) {
  await runThroughputBench({
    partners: integerArgument('partners'),
    requestsPer10s: integerArgument('requests-per-10s'),
    seed: integerArgument('seed'),
    print: true,
  });
}
