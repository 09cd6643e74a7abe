/**
 * API efficiency: a burst of webhook events over many partner companies, through the product as
 * `npm start` runs it (sandbox → signed webhooks → route → Redis coalescing → worker → batch
 * recalculation → HubSpot), counting every HubSpot request the sandbox served. Compared in the
 * same run with:
 *
 * - the strict bound of HUBSPOT-NOTES, one batch read and one batch write per 100 companies:
 *   `2⌈N/100⌉`;
 * - the full bound, what any recalculation must do with HubSpot's batch APIs:
 *   `⌈N/100⌉` company reads + `⌈N/1000⌉` association reads + `⌈C/100⌉` contact reads +
 *   `⌈W/100⌉` company writes + `⌈Wc/100⌉` contact writes + `⌈A/100⌉` note/task batch creates,
 *   where N companies received events, C contacts are associated with them, W companies and Wc
 *   contacts have different outputs after the run than before, and A notes and tasks were created;
 * - a naive handler that handles each event on its own (read company, its associations, its
 *   contacts; write what changed), run for real against an identical sandbox on the first
 *   `naiveEvents` events and extrapolated linearly to all of them when that is a subset.
 *
 * Partners are brought to a steady state first (every output written once), so the events are
 * news: partners making progress (modules completed, recent activity, foundation, target tier).
 *
 * Run: node bin/run-ts.mjs bench/api-efficiency-bench.ts [--companies 2000] [--events 10000]
 *        [--naive-events 1000] [--requests-per-10s 110] [--seed 1]
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { createHubSpotClient, releaseHubSpotClient } from '../src/hubspot/hubspot-client.js';
import { createInProcessRateLimiter } from '../src/hubspot/rate-limiter.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { apiLowerBound, describeLowerBound, type LowerBound, type LowerBoundInput } from './support/api-lower-bound.js';
import { benchClock } from './support/bench-clock.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';
import { activityCounts, countHubSpotCalls, type CallBreakdown } from './support/count-hubspot-calls.js';
import { breakdownRows } from './support/format-call-breakdown.js';
import { count, formatTable, ratio, verdict } from './support/format-table.js';
import { createNaiveEventHandler } from './support/naive-event-handler.js';
import { countChanged, snapshotCompanyOutputs, snapshotContactOutputs } from './support/output-snapshot.js';
import { primePartners } from './support/prime-partners.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { benchRedis } from './support/private-redis.js';
import { applyEdit, progressEdits } from './support/progress-edits.js';
import { BENCH_TODAY, seedPartnerPopulation, type SeededPopulation } from './support/seed-partner-population.js';
import { startBenchProduct } from './support/start-bench-product.js';
import { waitUntilSettled } from './support/wait-until-settled.js';

/** Options of {@link runApiEfficiencyBench}. */
export interface ApiEfficiencyBenchOptions {
  /** Partner companies the events are spread over. Default 2,000. */
  companies?: number;
  /** Webhook events (one UI edit each). Default 10,000. */
  events?: number;
  /** Events the naive handler really handles (then extrapolated to `events`). Default 1,000. */
  naiveEvents?: number;
  /** The product's limiter budget and the sandbox's limit, per 10 s. Default 110. */
  requestsPer10s?: number;
  /** Population seed. Default 1. */
  seed?: number;
  /** A Redis to use (keys get a unique prefix); default a private redis-server. */
  redisUrl?: string;
  print?: boolean;
}

export interface NaiveMeasurement {
  /** Events the naive handler handled for real. */
  eventsRun: number;
  /** HubSpot requests it made for them. */
  calls: number;
  callsPerEvent: number;
  /** `callsPerEvent × events`: its cost for the whole burst (equal to `calls` when nothing was extrapolated). */
  callsForAllEvents: number;
  extrapolated: boolean;
  breakdown: CallBreakdown;
}

export interface ApiEfficiencyBenchResult {
  companies: number;
  contacts: number;
  /** Webhook events the sandbox generated (and delivered). */
  events: number;
  /** HubSpot requests the product made for them. */
  calls: number;
  breakdown: CallBreakdown;
  bound: LowerBound;
  boundInput: LowerBoundInput;
  /** calls / bound.strict */
  ratioToStrict: number;
  /** calls / bound.full: every request, notes and tasks included. */
  ratioToFull: number;
  /** Batch reads and writes only (every call but note and task creates). */
  readWriteCalls: number;
  /** The full bound without its note/task term. */
  readWriteBound: number;
  /** readWriteCalls / readWriteBound — the issue's goal ("the lower bound of batch reads and writes") is ≤ 1.1. */
  readWriteRatio: number;
  naive: NaiveMeasurement;
  /** naive.callsForAllEvents / calls */
  naiveToProduct: number;
  /** Seconds from the first edit until the pipeline was idle. */
  seconds: number;
  /** Seconds from the first edit until the sandbox started its last webhook delivery. */
  lastDeliverySeconds: number;
  /** Seconds from the first edit until the first HubSpot request. */
  firstCallSeconds: number;
  /** The pipeline's coalescing window (a shard's drain starts this long after its first event). */
  coalesceSeconds: number;
  /** Company reads beyond one per company: events that arrived after their company's batch had been read. */
  companyRereads: number;
  /** Companies or contacts the product left in the failed set. */
  failed: number;
  /** Warning lines the product logged (429 pauses, refused writes). */
  warnings: number;
}

export const API_EFFICIENCY_GOAL = 1.1;

export async function runApiEfficiencyBench(options: ApiEfficiencyBenchOptions = {}): Promise<ApiEfficiencyBenchResult> {
  const companies = options.companies ?? 2_000;
  const events = options.events ?? 10_000;
  const naiveEvents = Math.min(options.naiveEvents ?? 1_000, events);
  const requestsPer10s = options.requestsPer10s ?? 110;
  const seed = options.seed ?? 1;
  const redis = await benchRedis('api', options.redisUrl);
  const database = await createTestDatabase();
  try {
    const naive = await measureNaive({ companies, events, naiveEvents, seed, redisUrl: redis.url, databaseUrl: database.url, prefix: `${redis.prefix}:naive` });
    const product = await measureProduct({ companies, events, seed, requestsPer10s, redisUrl: redis.url, databaseUrl: database.url, prefix: redis.prefix });
    const calls = product.breakdown.total;
    const activityCalls = activityCounts(product.breakdown).calls;
    const readWriteBound = product.bound.full - product.bound.terms.activityCreates;
    const result: ApiEfficiencyBenchResult = {
      companies,
      contacts: product.contacts,
      events: product.events,
      calls,
      breakdown: product.breakdown,
      bound: product.bound,
      boundInput: product.boundInput,
      ratioToStrict: calls / product.bound.strict,
      ratioToFull: calls / product.bound.full,
      readWriteCalls: calls - activityCalls,
      readWriteBound,
      readWriteRatio: (calls - activityCalls) / readWriteBound,
      naive,
      naiveToProduct: naive.callsForAllEvents / calls,
      seconds: product.seconds,
      lastDeliverySeconds: product.lastDeliverySeconds,
      firstCallSeconds: product.firstCallSeconds,
      coalesceSeconds: product.coalesceSeconds,
      companyRereads: product.breakdown.byKind.companyBatchRead.inputs - product.boundInput.companies,
      failed: product.failed,
      warnings: product.warnings,
    };
    if (options.print) printApiEfficiency(result, requestsPer10s);
    return result;
  } finally {
    await database.drop();
    await redis.stop();
  }
}

interface Run {
  companies: number;
  events: number;
  seed: number;
  redisUrl: string;
  /** The database the product and the priming share. */
  databaseUrl: string;
  prefix: string;
}

/** A sandbox with the population, every partner's outputs already written. */
async function populatedSandbox(run: Run, redis: Redis, clock: () => number): Promise<{ sandbox: Sandbox; population: SeededPopulation }> {
  const sandbox = await startSandbox({ seed: 'empty', today: BENCH_TODAY, rateLimit: false, portalId: randomPortalId() });
  try {
    const population = seedPartnerPopulation(sandbox, { partners: run.companies, seed: run.seed });
    await primePartners({ sandbox, redis, databaseUrl: run.databaseUrl, prefix: run.prefix, companyIds: population.companyIds, now: clock });
    sandbox.requests.reset();
    return { sandbox, population };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

async function measureNaive(run: Run & { naiveEvents: number }): Promise<NaiveMeasurement> {
  const clock = benchClock();
  const redis = new Redis(run.redisUrl);
  const { sandbox, population } = await populatedSandbox(run, redis, clock);
  try {
    const client = createHubSpotClient({
      accessToken: sandbox.accessToken,
      basePath: sandbox.url,
      limiter: createInProcessRateLimiter({ standard: { requests: 1_000_000, intervalMs: 10_000 } }),
    });
    const handle = createNaiveEventHandler({ client, portalId: String(sandbox.portalId), program: DEFAULT_PROGRAM, now: clock });
    let handled = 0;
    for (const edit of progressEdits(sandbox, { companyIds: population.companyIds, count: run.events })) {
      if (handled >= run.naiveEvents) break;
      applyEdit(sandbox, edit);
      await handle(edit.companyId);
      handled += 1;
    }
    const breakdown = countHubSpotCalls(sandbox.requests.entries);
    const callsPerEvent = breakdown.total / handled;
    return {
      eventsRun: handled,
      calls: breakdown.total,
      callsPerEvent,
      callsForAllEvents: Math.round(callsPerEvent * run.events),
      extrapolated: handled < run.events,
      breakdown,
    };
  } finally {
    releaseHubSpotClient();
    await sandbox.stop();
    await redis.quit();
  }
}

async function measureProduct(run: Run & { requestsPer10s: number }) {
  const clock = benchClock();
  const redis = new Redis(run.redisUrl);
  const { sandbox, population } = await populatedSandbox(run, redis, clock);
  let bench: Awaited<ReturnType<typeof startBenchProduct>> | undefined;
  try {
    bench = await startBenchProduct({ sandbox, redisUrl: run.redisUrl, databaseUrl: run.databaseUrl, prefix: run.prefix, requestsPer10s: run.requestsPer10s, now: clock });
    // HubSpot's limit from now on (priming went through a limiter of its own).
    sandbox.faults.setRateLimit({ max: run.requestsPer10s, intervalMs: 10_000 });
    const companiesBefore = snapshotCompanyOutputs(sandbox, population.companyIds);
    const contactsBefore = snapshotContactOutputs(sandbox, population.contactIds);
    bench.connectWebhooks();
    const eventsBefore = sandbox.webhooks.events.length;
    const touched = new Set<string>();
    const startedWall = Date.now();
    const started = performance.now();
    for (const edit of progressEdits(sandbox, { companyIds: population.companyIds, count: run.events })) {
      applyEdit(sandbox, edit);
      touched.add(edit.companyId);
    }
    // The edits' own events; notes the product creates fire association events the app ignores.
    const events = sandbox.webhooks.events.length - eventsBefore;
    const settled = await waitUntilSettled(sandbox, bench.services.recalculationQueue);
    const breakdown = countHubSpotCalls(sandbox.requests.entries);
    // Deliveries of the edits' events (notes the product creates fire events of their own later).
    const lastEditEventId = sandbox.webhooks.events[eventsBefore + events - 1]?.eventId ?? 0;
    const deliveries = sandbox.webhooks.delivered.filter((delivery) => delivery.attemptNumber === 0 && (delivery.events[0]?.eventId ?? Infinity) <= lastEditEventId);
    const touchedContacts = [...touched].flatMap((id) => population.contactsByCompany.get(id) ?? []);
    const boundInput: LowerBoundInput = {
      companies: touched.size,
      contacts: new Set(touchedContacts).size,
      companiesChanged: countChanged(companiesBefore, snapshotCompanyOutputs(sandbox, population.companyIds)),
      contactsChanged: countChanged(contactsBefore, snapshotContactOutputs(sandbox, population.contactIds)),
      activities: activityCounts(breakdown).created,
    };
    return {
      contacts: population.contactIds.length,
      events,
      breakdown,
      boundInput,
      bound: apiLowerBound(boundInput),
      seconds: (settled.at - started) / 1000,
      lastDeliverySeconds: deliveries.length > 0 ? (Math.max(...deliveries.map((d) => d.at)) - startedWall) / 1000 : 0,
      firstCallSeconds: sandbox.requests.entries.length > 0 ? (sandbox.requests.entries[0]!.at - startedWall) / 1000 : 0,
      coalesceSeconds: bench.services.recalculationQueue.settings.coalesceMs / 1000,
      failed: settled.failed,
      warnings: bench.log.warnings.length,
    };
  } finally {
    await bench?.close();
    releaseHubSpotClient();
    await sandbox.stop();
    await redis.quit();
  }
}

function randomPortalId(): number {
  return 10_000_000 + crypto.randomInt(80_000_000);
}

function printApiEfficiency(r: ApiEfficiencyBenchResult, requestsPer10s: number): void {
  const b = r.boundInput;
  console.log(`\nAPI efficiency — ${count(r.events)} webhook events over ${count(b.companies)} partner companies (${count(b.contacts)} contacts), HubSpot limit ${requestsPer10s}/10 s`);
  console.log(`settled in ${r.seconds.toFixed(1)} s; ${r.breakdown.rateLimited} requests answered 429; ${r.failed} records in the failed set; ${r.warnings} warnings logged`);
  console.log(
    `webhooks: last delivery started at ${r.lastDeliverySeconds.toFixed(2)} s, first HubSpot call at ${r.firstCallSeconds.toFixed(2)} s ` +
      `(coalescing window ${r.coalesceSeconds.toFixed(1)} s); ${count(r.companyRereads)} company reads beyond one per company`,
  );
  console.log(formatTable([['product pipeline: HubSpot requests', 'calls', 'records', 'per call'], ...breakdownRows(r.breakdown), ['total', count(r.calls), '', '']]));
  console.log(`W = ${count(b.companiesChanged)} companies and Wc = ${count(b.contactsChanged)} contacts changed outputs; A = ${b.activities ?? 0} notes/tasks`);
  console.log(
    formatTable([
      ['compared with', 'calls', 'product ÷ it', 'goal', ''],
      ['strict bound 2⌈N/100⌉ (HUBSPOT-NOTES)', count(r.bound.strict), ratio(r.ratioToStrict), '', ''],
      ['full bound, reads and writes (goal)', count(r.readWriteBound), `${ratio(r.readWriteRatio)} (${count(r.readWriteCalls)} calls)`, `≤ ${ratio(API_EFFICIENCY_GOAL)}`, verdict(r.readWriteRatio, API_EFFICIENCY_GOAL)],
      ['full bound with notes/tasks', count(r.bound.full), ratio(r.ratioToFull), `≤ ${ratio(API_EFFICIENCY_GOAL)}`, verdict(r.ratioToFull, API_EFFICIENCY_GOAL)],
      [
        `naive per-event handler${r.naive.extrapolated ? ` (${count(r.naive.eventsRun)} events run, ×${(r.events / r.naive.eventsRun).toFixed(1)})` : ''}`,
        count(r.naive.callsForAllEvents),
        ratio(r.calls / r.naive.callsForAllEvents),
        '',
        `it makes ${r.naiveToProduct.toFixed(0)}× the product's calls`,
      ],
    ]),
  );
  console.log(`full bound: ${describeLowerBound(b, r.bound)}`);
  console.log(
    `naive handler: ${count(r.naive.calls)} requests for ${count(r.naive.eventsRun)} events = ${r.naive.callsPerEvent.toFixed(2)} per event` +
      (r.naive.extrapolated ? ` (measured on the first ${count(r.naive.eventsRun)} events of the same sequence, extrapolated linearly)` : ''),
  );
}

if (isEntryPoint(import.meta.url)) {
  await runApiEfficiencyBench({
    companies: integerArgument('companies'),
    events: integerArgument('events'),
    naiveEvents: integerArgument('naive-events'),
    requestsPer10s: integerArgument('requests-per-10s'),
    seed: integerArgument('seed'),
    print: true,
  });
}
