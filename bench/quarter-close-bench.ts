/**
 * A quarter close at scale (docs/governance.md, "Cost (measured)"): 10,000 partners (with their
 * contacts) in the sandbox, seeded straight into its store, and 200,000 deal facts inserted in
 * PostgreSQL over 18 months. The previous quarter is closed first (not measured), so the measured
 * close of 2026Q3 reads a history and writes only the partners whose outputs change.
 *
 * Measured in the same run against:
 * - the lower bound of HubSpot calls: reading the partners, `⌈N / 200⌉` (one search page of 200
 *   with the properties), plus writing the changed partners, `⌈changed / 100⌉`, plus creating the
 *   notes and tasks, `⌈notes / 100⌉ + ⌈tasks / 100⌉`;
 * - the time those fewest calls need at HubSpot's limit (`10 s × bound / 110`), the sandbox and
 *   the product's limiter both holding that limit.
 *
 * Run: npm run bench:quarter-close [-- --partners 10000 --deals 200000 --requests-per-10s 110 --seed 1]
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { AuditTrail } from '../src/audit/audit-trail.js';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { openDatabase } from '../src/db/open-database.js';
import { createQuarterClose } from '../src/governance/close-quarter.js';
import { DealFactsStore, type MirroredDealFact } from '../src/governance/deal-facts-store.js';
import { TierReviewQueue } from '../src/governance/tier-review-queue.js';
import { createHubSpotClient, releaseHubSpotClient } from '../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../src/hubspot/rate-limiter.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import type { Program } from '../src/program/program-schema.js';
import { batchActivityCreator } from '../src/recalculation/activity-creator.js';
import { startSandbox } from '../src/sandbox/index.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';
import { countHubSpotCalls, type CallBreakdown } from './support/count-hubspot-calls.js';
import { count, formatTable, ratio } from './support/format-table.js';
import { benchRedis } from './support/private-redis.js';
import { randomInt, randomSource } from './support/random-source.js';
import { BENCH_TODAY, seedPartnerPopulation } from './support/seed-partner-population.js';

export interface QuarterCloseBenchOptions {
  /** Partners. Default 10,000. */
  partners?: number;
  /** Deal facts. Default 200,000. */
  deals?: number;
  /** HubSpot's limit per 10 s, held by the sandbox and the product's limiter. Default 110. */
  requestsPer10s?: number;
  seed?: number;
  redisUrl?: string;
  print?: boolean;
}

export interface QuarterCloseBenchResult {
  partners: number;
  contacts: number;
  deals: number;
  /** Partners whose outputs the measured close wrote. */
  changed: number;
  notes: number;
  tasks: number;
  calls: number;
  breakdown: CallBreakdown;
  bound: { reads: number; writes: number; activities: number; total: number };
  /** calls / bound.total. */
  callsToBound: number;
  seconds: number;
  /** `10 s × bound.total / requestsPer10s`. */
  boundSeconds: number;
  /** seconds / boundSeconds. */
  secondsToBound: number;
  /** Snapshots the measured close wrote (one per partner). */
  snapshots: number;
}

const PORTAL_TIME_ZONE = 'America/New_York';
const AFTER_Q2 = Date.parse('2026-07-02T12:00:00Z');
const AFTER_Q3 = Date.parse('2026-10-02T12:00:00Z');
const SEARCH_PAGE = 200;
const BATCH = 100;

/** The default program in quarterly mode, with revenue asked from Silver up (minor units). */
const PROGRAM: Program = {
  ...DEFAULT_PROGRAM,
  governance: { ...DEFAULT_PROGRAM.governance, mode: 'quarterly' },
  tiers: {
    ...DEFAULT_PROGRAM.tiers,
    silver: { ...DEFAULT_PROGRAM.tiers.silver, minRevenue12m: 2_000_000 },
    gold: { ...DEFAULT_PROGRAM.tiers.gold, minRevenue12m: 8_000_000 },
    platinum: { ...DEFAULT_PROGRAM.tiers.platinum, minRevenue12m: 20_000_000 },
  },
};

/** 18 months of deals up to the bench's today: half won, a quarter lost, a quarter open; a fifth direct. */
function dealFacts(partnerIds: readonly string[], deals: number, seed: number): MirroredDealFact[] {
  const random = randomSource(seed + 7);
  const end = Date.parse(`${BENCH_TODAY}T12:00:00Z`);
  const span = 548 * 86_400_000;
  const customers = Math.max(1, Math.floor(deals / 4));
  const facts: MirroredDealFact[] = [];
  for (let index = 0; index < deals; index++) {
    const roll = random();
    const won = roll < 0.5;
    const closed = roll < 0.75;
    const amount = randomInt(random, 1_000, 50_000) * 100;
    facts.push({
      dealId: String(1_000_000 + index),
      partnerCompanyId: random() < 0.8 ? partnerIds[randomInt(random, 0, partnerIds.length - 1)]! : null,
      customerCompanyId: String(5_000_000 + randomInt(random, 0, customers - 1)),
      amountInHomeCurrency: amount,
      amount,
      isClosed: closed,
      isWon: won,
      closedAt: closed ? end - Math.floor(random() * span) : null,
      strategic: won && random() < 0.1,
      currency: null,
      productLine: null,
      pipelineId: null,
    });
  }
  return facts;
}

export async function runQuarterCloseBench(options: QuarterCloseBenchOptions = {}): Promise<QuarterCloseBenchResult> {
  const partners = options.partners ?? 10_000;
  const deals = options.deals ?? 200_000;
  const requestsPer10s = options.requestsPer10s ?? 110;
  const seed = options.seed ?? 1;
  const redis = await benchRedis('quarter-close', options.redisUrl);
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  const connection = new Redis(redis.url);
  // The replans the close queues go to Redis; no review worker runs here, so they cost no HubSpot call.
  const reviews = new TierReviewQueue(connection, { prefix: redis.prefix });
  const sandbox = await startSandbox({ seed: 'empty', today: BENCH_TODAY, rateLimit: false, searchRateLimit: false, portalId: 10_000_000 + crypto.randomInt(80_000_000) });
  try {
    await applyMigrations(db);
    const portalId = String(sandbox.portalId);
    const population = seedPartnerPopulation(sandbox, { partners, seed });
    await new DealFactsStore(db).upsert(portalId, dealFacts(population.companyIds, deals, seed));

    const logger = createLogger({ level: 'silent' });
    const closeWith = (limit: number, label: string) => {
      const limiter = createRedisRateLimiter({ redis: connection, keyPrefix: `${redis.prefix}:${label}:limiter`, standard: { requests: limit, intervalMs: 10_000 } });
      const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 50, maxDelayMs: 2_000 } });
      const repository = createPartnerRepository({ client, portalId, program: PROGRAM, logger });
      return (now: number) =>
        createQuarterClose({ db, program: PROGRAM, repositoryFor: () => repository, activities: batchActivityCreator(client), audit: new AuditTrail(db), reviews, timeZone: PORTAL_TIME_ZONE, logger, now: () => now });
    };
    // The quarter before, unmeasured and unthrottled: the measured close has a history to read.
    const setup = await closeWith(100_000, 'setup')(AFTER_Q2).closeQuarter(portalId, '2026Q2');
    if (setup.status !== 'closed') throw new Error(`the setup close did not run: ${setup.status}`);
    releaseHubSpotClient();

    sandbox.faults.setRateLimit({ max: requestsPer10s, intervalMs: 10_000 });
    sandbox.faults.setSearchRateLimit({ max: 5, intervalMs: 1_000 });
    sandbox.requests.reset();
    const started = performance.now();
    const outcome = await closeWith(requestsPer10s, 'measured')(AFTER_Q3).closeQuarter(portalId, '2026Q3');
    const seconds = (performance.now() - started) / 1000;
    if (outcome.status !== 'closed') throw new Error(`the measured close did not run: ${outcome.status}`);

    const breakdown = countHubSpotCalls(sandbox.requests.entries);
    const changed = breakdown.byKind.companyBatchWrite.inputs;
    const notes = breakdown.byKind.noteBatchCreate.inputs;
    const tasks = breakdown.byKind.taskBatchCreate.inputs;
    const bound = {
      reads: Math.ceil(partners / SEARCH_PAGE),
      writes: Math.ceil(changed / BATCH),
      activities: Math.ceil(notes / BATCH) + Math.ceil(tasks / BATCH),
      total: 0,
    };
    bound.total = bound.reads + bound.writes + bound.activities;
    const boundSeconds = (10 * bound.total) / requestsPer10s;
    const result: QuarterCloseBenchResult = {
      partners,
      contacts: population.contactIds.length,
      deals,
      changed,
      notes,
      tasks,
      calls: breakdown.total,
      breakdown,
      bound,
      callsToBound: breakdown.total / bound.total,
      seconds,
      boundSeconds,
      secondsToBound: seconds / boundSeconds,
      snapshots: outcome.partners,
    };
    if (options.print ?? false) print(result, requestsPer10s);
    return result;
  } finally {
    releaseHubSpotClient();
    await sandbox.stop();
    await reviews.close();
    connection.disconnect();
    await db.destroy();
    await database.drop();
    await redis.stop();
  }
}

function print(result: QuarterCloseBenchResult, requestsPer10s: number): void {
  // `other` is the partner search (one page of 200 ids per call).
  const kinds = Object.entries(result.breakdown.byKind).filter(([, value]) => value.calls > 0);
  process.stdout.write(
    [
      `Quarter close of 2026Q3: ${count(result.partners)} partners, ${count(result.contacts)} contacts, ${count(result.deals)} deal facts; ` +
        `${count(result.snapshots)} snapshots, ${count(result.changed)} partners written, ${count(result.notes)} notes, ${count(result.tasks)} tasks.`,
      '',
      formatTable(
        [
          ['HubSpot calls', 'calls', 'records'],
          ...kinds.map(([kind, value]) => [kind, count(value.calls), count(value.inputs)]),
          ['total', count(result.calls), ''],
        ],
        ['left', 'right', 'right'],
      ),
      '',
      formatTable(
        [
          ['measure', 'product', 'lower bound', 'ratio'],
          ['HubSpot calls', count(result.calls), `${count(result.bound.total)} (${result.bound.reads} read + ${result.bound.writes} write + ${result.bound.activities} activities)`, ratio(result.callsToBound)],
          [`seconds at ${requestsPer10s} / 10 s`, result.seconds.toFixed(1), result.boundSeconds.toFixed(1), ratio(result.secondsToBound)],
        ],
        ['left', 'right', 'right', 'right'],
      ),
      '',
    ].join('\n'),
  );
}

if (isEntryPoint(import.meta.url)) {
  await runQuarterCloseBench({
    partners: integerArgument('partners'),
    deals: integerArgument('deals'),
    requestsPer10s: integerArgument('requests-per-10s'),
    seed: integerArgument('seed'),
    print: true,
  });
}
