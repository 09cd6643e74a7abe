/*
 * What planning the incentive deadlines again costs (docs/incentives.md, "Deadlines"): the worker
 * does it at every start and after a Redis loss. `--requests` claims over `--partners` partners,
 * a third pending (verification clock), a third approved (payment clock), a third paid (no clock);
 * half the open ones with their task recorded done. Runs the re-planning on an empty Redis, then
 * again with every job in place (which must add nothing).
 *
 *   node bin/run-ts.mjs bench/incentive-deadlines-replan-bench.ts [-- --requests 30000 --partners 1000]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), like the tests; it creates and
 * drops a database and starts a redis-server of its own.
 */
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { openDatabase } from '../src/db/open-database.js';
import { IncentiveDeadlineQueue } from '../src/incentives/incentive-deadline-queue.js';
import { money } from '../src/domain/money/money.js';
import type { IncentiveRequest, LedgerRow } from '../src/incentives/incentive-request-store.js';
import { IncentiveRequestStore } from '../src/incentives/incentive-request-store.js';
import { replanIncentiveDeadlines } from '../src/incentives/replan-incentive-deadlines.js';
import { requestLedgerLine, requestRowKey } from '../src/incentives/request-ledger-line.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';
import { benchRedis } from './support/private-redis.js';

const PORTAL = '1';
const SUBMITTED = Date.parse('2026-12-01T10:00:00Z');

export interface IncentiveDeadlinesReplanResult {
  requests: number;
  partners: number;
  /** Reading PostgreSQL and planning, without Redis. */
  read: { seconds: number };
  first: { seconds: number; verifications: number; payments: number; jobs: number };
  again: { seconds: number; jobsAdded: number };
}

export async function runIncentiveDeadlinesReplanBench(options: { requests?: number; partners?: number; redisUrl?: string } = {}): Promise<IncentiveDeadlinesReplanResult> {
  const requests = options.requests ?? 30_000;
  const partners = options.partners ?? 1_000;
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  const bench = await benchRedis('incentive-replan', options.redisUrl);
  const redis = new Redis(bench.url, { maxRetriesPerRequest: null });
  const queue = new IncentiveDeadlineQueue(redis, { prefix: bench.prefix });
  try {
    await applyMigrations(db);
    const store = new IncentiveRequestStore(db);
    for (let start = 0; start < requests; start += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, requests - start) }, (_, offset) => start + offset);
      const requestRows = batch.map((index) => ({
        id: `req-${index}`, portal_id: PORTAL, partner_id: String(1_000 + (index % partners)), contact_id: null, type: 'bonus',
        details: JSON.stringify({ kind: 'reference', description: 'bench' }), amount_minor: 25_000, currency: 'USD', submitted_at: new Date(SUBMITTED),
      }));
      await db.insertInto('incentive_requests').values(requestRows).execute();
      const ledger: LedgerRow[] = [];
      for (const index of batch) {
        const request: IncentiveRequest = {
          id: `req-${index}`, portalId: PORTAL, partnerId: String(1_000 + (index % partners)), contactId: null, type: 'bonus',
          details: { kind: 'reference', description: 'bench' }, amount: money(25_000, 'USD'), submittedAt: SUBMITTED,
        };
        const line = requestLedgerLine(request);
        const decided = (kind: 'approval' | 'payment'): LedgerRow => ({ ...line, key: requestRowKey(request, kind), kind, amount: request.amount!, reason: 'bench', occurredOn: '2026-12-02', reverses: null });
        if (index % 3 >= 1) ledger.push(decided('approval'));
        if (index % 3 === 2) ledger.push(decided('payment'));
      }
      await store.append(PORTAL, ledger, { type: 'operator', id: 'bench' });
      const done = batch.filter((index) => index % 3 !== 2 && index % 2 === 0).map((index) => ({
        portal_id: PORTAL, request_id: `req-${index}`, step: index % 3 === 0 ? 'task:verification' : 'task:payment', claimed_at: new Date(SUBMITTED), claimed_until: null, object_id: '1', done_at: new Date(SUBMITTED),
      }));
      if (done.length > 0) await db.insertInto('incentive_request_steps').values(done).execute();
    }
    const replan = () => replanIncentiveDeadlines({ db, queue, portalId: PORTAL, settings: DEFAULT_PROGRAM.incentives, timeZone: 'Europe/Berlin', now: SUBMITTED });
    const jobCount = async () => Object.values(await queue.queue.getJobCounts('waiting', 'delayed', 'prioritized')).reduce((sum, count) => sum + count, 0);

    // PostgreSQL and the planning alone: a queue that adds nothing.
    let at = performance.now();
    await replanIncentiveDeadlines({ db, queue: { scheduleMany: async () => undefined }, portalId: PORTAL, settings: DEFAULT_PROGRAM.incentives, timeZone: 'Europe/Berlin', now: SUBMITTED });
    const readSeconds = (performance.now() - at) / 1_000;
    at = performance.now();
    const planned = await replan();
    const firstSeconds = (performance.now() - at) / 1_000;
    const jobs = await jobCount();
    at = performance.now();
    await replan();
    const againSeconds = (performance.now() - at) / 1_000;
    return {
      requests,
      partners,
      read: { seconds: readSeconds },
      first: { seconds: firstSeconds, ...planned, jobs },
      again: { seconds: againSeconds, jobsAdded: (await jobCount()) - jobs },
    };
  } finally {
    await queue.queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
    await bench.stop();
    await db.destroy();
    await database.drop();
  }
}

if (isEntryPoint(import.meta.url)) {
  const result = await runIncentiveDeadlinesReplanBench({ requests: integerArgument('requests'), partners: integerArgument('partners') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
