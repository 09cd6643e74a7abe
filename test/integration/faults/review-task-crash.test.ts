import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createDueReviewTasks, type ReviewTaskOptions } from '../../../src/governance/create-due-review-tasks.js';
import { TierReviewTaskStore } from '../../../src/governance/tier-review-task-store.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { ensureGovernanceProperties } from '../../support/governance-properties.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { repoRoot } from '../../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/*
 * Fault: the daily review run is killed (SIGKILL, in a process of its own) at each line between
 * claiming a review and moving its date on, and Redis restarts empty before the next run. The
 * review tasks live in PostgreSQL, so the next run — after the dead run's lease — creates the
 * owner's task exactly once, whichever line the kill hit. A Redis of its own: FLUSHALL on the
 * shared test Redis would empty every other file's keys.
 */

const TODAY = '2026-11-15';
const NOW = Date.parse(`${TODAY}T07:00:00Z`);
const LEASE_MS = 5 * 60_000;

interface Rig {
  sandbox: Sandbox;
  redis: RedisServer;
  database: TestDatabase;
  db: Kysely<Database>;
  portalId: string;
  prefix: string;
  run(now: number): ReturnType<typeof createDueReviewTasks>;
  stop(): Promise<void>;
}

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

async function startRig(): Promise<Rig> {
  const redis = await startRedisServer();
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 2 });
  await applyMigrations(db);
  const sandbox = await startSandbox({ today: TODAY, rateLimit: false, searchRateLimit: false });
  const portalId = String(sandbox.portalId);
  const prefix = 'test:reviews';
  const connection = new Redis(redis.url);
  const limiter = createRedisRateLimiter({ redis: connection, keyPrefix: `${prefix}:limiter` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  await ensureGovernanceProperties(client, portalId);
  const logger = createLogger({ level: 'silent' });
  const options: ReviewTaskOptions = {
    client,
    portalId,
    program: DEFAULT_PROGRAM,
    tasks: new TierReviewTaskStore(db),
    repository: createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger }),
    timeZone: 'UTC',
    logger,
  };
  return {
    sandbox,
    redis,
    database,
    db,
    portalId,
    prefix,
    run: (now) => createDueReviewTasks({ ...options, now: () => now }),
    async stop() {
      releaseHubSpotClient();
      connection.disconnect();
      await sandbox.stop();
      await db.destroy();
      await database.drop();
      await redis.stop();
    },
  };
}

/** Runs the daily review run in a worker process of its own that SIGKILLs itself at `crashAt`. */
function runInProcessKilledAt(rig: Rig, crashAt: string): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), ['bin/run-ts.mjs', 'test/integration/governance/review-run-process.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SANDBOX_URL: rig.sandbox.url,
        SANDBOX_TOKEN: rig.sandbox.accessToken,
        PORTAL_ID: rig.portalId,
        REDIS_URL: rig.redis.url,
        DATABASE_URL: rig.database.url,
        PREFIX: rig.prefix,
        NOW: String(NOW),
        PARTNER_ENABLEMENT_CRASH_AT: crashAt,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

/** A HubSpot date value as `YYYY-MM-DD` (the emulator may answer midnight epoch milliseconds). */
function dayOf(value: string | null | undefined): string {
  if (!value) return '';
  return /^\d+$/.test(value) ? new Date(Number(value)).toISOString().slice(0, 10) : value.slice(0, 10);
}

function reviewTasksOf(sandbox: Sandbox, companyId: string) {
  return sandbox.store.associatedIds('companies', companyId, 'tasks')
    .map((id) => ({ id, properties: sandbox.store.getRecord('tasks', id)!.properties as Record<string, string | undefined> }))
    .filter((task) => task.properties.hs_task_subject?.startsWith('Tier review'));
}

describe('a review run killed between claiming a review and moving its date on, with Redis emptied after', () => {
  it.each([
    { crashAt: 'review-task.claimed', what: 'after the claim, before the task', state: 'claimed', tasksLeft: 0 },
    { crashAt: 'review-task.created', what: 'after the task was created, before it was recorded', state: 'claimed', tasksLeft: 1 },
    { crashAt: 'review-task.recorded', what: 'after the task was recorded, before the date moved on', state: 'created', tasksLeft: 1 },
  ])('gives the owner exactly one review task when killed $what', async ({ crashAt, state, tasksLeft }) => {
    rig = await startRig();
    const gold = rig.sandbox.seed.partners[0]!.id;
    rig.sandbox.ui.updateCompany(gold, { pe_tier: 'gold', pe_next_tier_review: TODAY, pe_timezone: 'UTC' });

    const killed = await runInProcessKilledAt(rig, crashAt);
    expect(killed.signal, killed.output).toBe('SIGKILL');
    const store = new TierReviewTaskStore(rig.db);
    expect((await store.rowsOf(rig.portalId, gold)).map((row) => ({ review_on: row.review_on, state: row.state }))).toEqual([{ review_on: TODAY, state }]);
    expect(reviewTasksOf(rig.sandbox, gold)).toHaveLength(tasksLeft);
    expect(dayOf(rig.sandbox.store.getCompany(gold)!.properties.pe_next_tier_review)).toBe(TODAY);

    // Redis restarts empty: nothing of the run's progress was there to lose.
    const admin = new Redis(rig.redis.url);
    await admin.flushall();
    admin.disconnect();

    // Within the dead run's lease its claim holds: the next run leaves that review (and its date) alone.
    const early = await rig.run(NOW + 60_000);
    if (state === 'claimed') {
      expect(early).toMatchObject({ created: 0, inProgress: 1 });
      expect(reviewTasksOf(rig.sandbox, gold)).toHaveLength(tasksLeft);
      expect(dayOf(rig.sandbox.store.getCompany(gold)!.properties.pe_next_tier_review)).toBe(TODAY);

      // After it, the run takes the claim over and finishes the review.
      const late = await rig.run(NOW + LEASE_MS + 1);
      expect(late).toMatchObject({ created: 1 - tasksLeft, alreadyCreated: tasksLeft, inProgress: 0 });
    } else {
      expect(early).toMatchObject({ created: 0, alreadyCreated: 1, inProgress: 0 });
    }

    const tasks = reviewTasksOf(rig.sandbox, gold);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties.hs_task_body).toContain(`Reference: tier-review/${gold}/${TODAY}`);
    expect(await store.rowsOf(rig.portalId, gold)).toMatchObject([{ review_on: TODAY, state: 'created', task_id: tasks[0]!.id }]);
    expect(dayOf(rig.sandbox.store.getCompany(gold)!.properties.pe_next_tier_review)).toBe('2026-12-15');

    // The same review day again (a date written back by hand, Redis emptied once more): still one task.
    rig.sandbox.ui.updateCompany(gold, { pe_next_tier_review: TODAY });
    const again = new Redis(rig.redis.url);
    await again.flushall();
    again.disconnect();
    expect(await rig.run(NOW + 2 * LEASE_MS)).toMatchObject({ created: 0, alreadyCreated: 1 });
    expect(reviewTasksOf(rig.sandbox, gold)).toHaveLength(1);
  }, 120_000);
});
