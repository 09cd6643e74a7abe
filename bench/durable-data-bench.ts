/*
 * What PostgreSQL costs the product (docs/data.md):
 *
 * 1. A recalculation of 1,000 partners whose outputs all change (audit entries, score points),
 *    with the database, against the same run with a Kysely that compiles every statement and sends
 *    none (DummyDriver): the ratio is the durable writes' cost (aim ≤ 1.10×). Runs alternate over
 *    several rounds on one sandbox (each round flips every partner's recent activity, a day later)
 *    and the medians are compared.
 * 2. `partner-enablement audit` on a company with 10,000 entries among 60,000 (aim < 50 ms): the
 *    command run in-process, connection included, median of 15 runs.
 *
 *   npm run bench:durable-data [-- --partners 1000 --rounds 5 --entries 10000]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), like the tests; it creates and
 * drops a database of its own.
 */
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { Redis } from 'ioredis';
import { AuditTrail } from '../src/audit/audit-trail.js';
import type { CliIo } from '../src/cli/cli-io.js';
import { main } from '../src/cli/main.js';
import { applyMigrations } from '../src/db/apply-migrations.js';
import type { Database } from '../src/db/database-schema.js';
import { openDatabase } from '../src/db/open-database.js';
import { createHubSpotClient, releaseHubSpotClient } from '../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../src/hubspot/partner-repository.js';
import { createInProcessRateLimiter } from '../src/hubspot/rate-limiter.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { batchActivityCreator } from '../src/recalculation/activity-creator.js';
import { createPartnerRecalculator } from '../src/recalculation/recalculate-partners.js';
import { ScoreHistoryStore } from '../src/recalculation/score-history-store.js';
import { SideEffectLedger } from '../src/recalculation/side-effect-ledger.js';
import { startSandbox } from '../src/sandbox/index.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';
import { benchRedis } from './support/private-redis.js';
import { BENCH_TODAY, seedPartnerPopulation } from './support/seed-partner-population.js';

export const DURABLE_WRITES_GOAL = 1.1;
export const AUDIT_READ_GOAL_MS = 50;

export interface DurableDataBenchOptions {
  partners?: number;
  rounds?: number;
  entries?: number;
}

export interface DurableDataBenchResult {
  partners: number;
  rounds: number;
  withDatabaseMs: number[];
  withoutDatabaseMs: number[];
  /** median with / median without. */
  ratio: number;
  auditEntriesWrittenPerRound: number;
  entries: number;
  auditCommandMs: number[];
  auditCommandMedianMs: number;
}

const DAY_MS = 86_400_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A Kysely that compiles every statement and sends none: the product's code path without a database. */
function noDatabase(): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

export async function runDurableDataBench(options: DurableDataBenchOptions = {}): Promise<DurableDataBenchResult> {
  const partners = options.partners ?? 1000;
  const rounds = options.rounds ?? 5;
  const entries = options.entries ?? 10_000;
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  const redis = await benchRedis('durable');
  const redisClient = new Redis(redis.url);
  const sandbox = await startSandbox({ seed: 'empty', today: BENCH_TODAY, rateLimit: false });
  try {
    await applyMigrations(db);
    const population = seedPartnerPopulation(sandbox, { partners, seed: 7 });
    const portalId = String(sandbox.portalId);
    const logger = createLogger({ level: 'silent' });
    const client = createHubSpotClient({
      accessToken: sandbox.accessToken,
      basePath: sandbox.url,
      limiter: createInProcessRateLimiter({ standard: { requests: 1_000_000, intervalMs: 10_000 } }),
    });
    const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger });
    const clock = { now: Date.parse(`${BENCH_TODAY}T12:00:00Z`) };
    const recalculatorOn = (target: Kysely<Database>, prefix: string) =>
      createPartnerRecalculator({
        repositoryFor: () => repository,
        program: DEFAULT_PROGRAM,
        history: new ScoreHistoryStore(target),
        db: target,
        ledger: new SideEffectLedger(redisClient, { prefix }),
        audit: new AuditTrail(target),
        logger,
        now: () => clock.now,
        activities: batchActivityCreator(client),
      });
    const withDatabase = recalculatorOn(db, `${redis.prefix}:with`);
    const withoutDatabase = recalculatorOn(noDatabase(), `${redis.prefix}:without`);
    // Priming: every output written once, so each round's changes are the flip alone.
    await withDatabase.recalculatePartners(portalId, population.companyIds);

    const withDatabaseMs: number[] = [];
    const withoutDatabaseMs: number[] = [];
    let auditBefore = await countAudit(db);
    let auditEntriesWrittenPerRound = 0;
    let recent = false;
    const flip = () => {
      recent = !recent;
      for (const companyId of population.companyIds) {
        sandbox.ui.updateCompany(companyId, { pe_last_enablement_activity: recent ? '2026-11-10' : '2026-01-10' });
      }
    };
    for (let round = 0; round < rounds; round++) {
      for (const [recalculator, times] of [
        [withDatabase, withDatabaseMs],
        [withoutDatabase, withoutDatabaseMs],
      ] as const) {
        clock.now += DAY_MS;
        flip();
        const started = performance.now();
        const report = await recalculator.recalculatePartners(portalId, population.companyIds);
        times.push(performance.now() - started);
        if (report.failed.length > 0) throw new Error(`recalculation failed for ${report.failed.length} partners: ${report.failed[0]!.reason}`);
      }
      const auditNow = await countAudit(db);
      auditEntriesWrittenPerRound = auditNow - auditBefore;
      auditBefore = auditNow;
    }
    releaseHubSpotClient();

    const company = await seedAuditEntries(db, portalId, entries);
    const auditCommandMs: number[] = [];
    for (let run = 0; run < 15; run++) auditCommandMs.push(await timeAuditCommand(database.url, portalId, company));

    return {
      partners,
      rounds,
      withDatabaseMs,
      withoutDatabaseMs,
      ratio: median(withDatabaseMs) / median(withoutDatabaseMs),
      auditEntriesWrittenPerRound,
      entries,
      auditCommandMs,
      auditCommandMedianMs: median(auditCommandMs),
    };
  } finally {
    await sandbox.stop();
    redisClient.disconnect();
    await redis.stop();
    await db.destroy();
    await database.drop();
  }
}

async function countAudit(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `entries` entries for one company, among five times as many for others; returns the company. */
async function seedAuditEntries(db: Kysely<Database>, portalId: string, entries: number): Promise<string> {
  const company = '990000000001';
  const trail = new AuditTrail(db);
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let offset = 0; offset < entries * 6; offset += 5000) {
    const batch = Array.from({ length: Math.min(5000, entries * 6 - offset) }, (_, i) => {
      const n = offset + i;
      return {
        portalId,
        companyId: n % 6 === 0 ? company : String(990_000_000_002 + (n % 997)),
        actor: { type: 'system' as const },
        action: 'outputs.changed',
        before: { pe_readiness_score: String(n % 100) },
        after: { pe_readiness_score: String((n + 1) % 100) },
        ruleVersion: 'bench',
        at: start + n * 60_000,
      };
    });
    await trail.recordMany(batch);
  }
  return company;
}

async function timeAuditCommand(databaseUrl: string, portalId: string, companyId: string): Promise<number> {
  let stdout = '';
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    env: { DATABASE_URL: databaseUrl, HUBSPOT_ACCESS_TOKEN: 'bench', HUBSPOT_CLIENT_SECRET: 'bench' },
    now: () => Date.now(),
  };
  const started = performance.now();
  const code = await main(['audit', companyId, '--portal', portalId], io);
  const ms = performance.now() - started;
  if (code !== 0 || !stdout.includes('Audit trail of company')) throw new Error(`audit failed (${code}): ${stdout}`);
  return ms;
}

export function printDurableData(result: DurableDataBenchResult): void {
  const list = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
  const lines = [
    `recalculation of ${result.partners} partners, every output changing, ${result.rounds} rounds each:`,
    `  with PostgreSQL:    median ${median(result.withDatabaseMs).toFixed(0)} ms  (${list(result.withDatabaseMs)})`,
    `  without (no I/O):   median ${median(result.withoutDatabaseMs).toFixed(0)} ms  (${list(result.withoutDatabaseMs)})`,
    `  ratio ${result.ratio.toFixed(3)}x (goal <= ${DURABLE_WRITES_GOAL}x)  ${result.ratio <= DURABLE_WRITES_GOAL ? 'PASS' : 'MISS'}; ${result.auditEntriesWrittenPerRound} audit entries per round`,
    `partner-enablement audit on a company with ${result.entries} entries (of ${result.entries * 6}):`,
    `  median ${result.auditCommandMedianMs.toFixed(1)} ms over ${result.auditCommandMs.length} runs, connection included (goal < ${AUDIT_READ_GOAL_MS} ms)  ${result.auditCommandMedianMs < AUDIT_READ_GOAL_MS ? 'PASS' : 'MISS'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isEntryPoint(import.meta.url)) {
  const result = await runDurableDataBench({ partners: integerArgument('partners'), rounds: integerArgument('rounds'), entries: integerArgument('entries') });
  printDurableData(result);
}
