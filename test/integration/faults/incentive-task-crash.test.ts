import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { money } from '../../../src/domain/money/money.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { IncentiveRequestStepStore } from '../../../src/incentives/incentive-request-step-store.js';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { IncentiveTaskProcessor } from '../../../src/incentives/incentive-task-processor.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { repoRoot } from '../../support/run-cli.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { useTestDatabase } from '../../support/test-database.js';

/*
 * A worker killed (SIGKILL) while creating an incentive claim's verification task, before the step
 * was recorded done: the next run, once the dead run's claim has lapsed, finishes the step, and the
 * owner has exactly one task.
 */
const databaseUrl = useTestDatabase();
const redisUrl = inject('redisUrl');
const CLAIMED_AT = Date.parse('2026-12-03T09:00:00Z');
const LEASE_MS = 5 * 60_000;
const prefix = `test-incentive-task-crash-${Date.now()}`;

let db: Kysely<Database>;
let redis: Redis;
let sandbox: Sandbox;
let store: IncentiveRequestStore;
let portalId: string;
let partnerId: string;

beforeAll(async () => {
  db = openDatabase(databaseUrl(), { maxConnections: 2 });
  await applyMigrations(db);
  redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 62618 });
  portalId = String(sandbox.portalId);
  partnerId = sandbox.seed.partners[0]!.id;
  store = new IncentiveRequestStore(db);
}, 60_000);

afterAll(async () => {
  releaseHubSpotClient();
  await sandbox?.stop();
  await redis?.quit();
  await db?.destroy();
});

/** Runs the claim's task job once in a process of its own that SIGKILLs itself at `crashAt`. */
function taskJobKilledAt(requestId: string, crashAt: string, now: number): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), ['bin/run-ts.mjs', 'test/integration/faults/incentive-task-process.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SANDBOX_URL: sandbox.url,
        SANDBOX_TOKEN: sandbox.accessToken,
        PORTAL_ID: portalId,
        REDIS_URL: redisUrl,
        DATABASE_URL: databaseUrl(),
        PREFIX: prefix,
        NOW: String(now),
        REQUEST_ID: requestId,
        DUE_ON: '2026-12-10',
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

function tasksFor(requestId: string) {
  return sandbox.store.listRecords('tasks')
    .filter((task) => sandbox.store.associatedIds('tasks', task.id, 'companies').includes(partnerId))
    .filter((task) => task.properties.hs_task_body?.includes(`Reference: incentive-request/${requestId}/task:verification`));
}

describe('an incentive task whose worker is killed mid-way', () => {
  it.each([
    { crashAt: 'incentive-task.claimed', what: 'after claiming the step, before the task', left: 0, outcome: 'created' },
    { crashAt: 'incentive-task.created', what: 'after creating the task, before recording it', left: 1, outcome: 'found' },
  ])('is finished by the next run with exactly one task when killed $what', async ({ crashAt, left, outcome }) => {
    const requestId = `crash-${crashAt}`;
    await store.submit({
      id: requestId, portalId, partnerId, contactId: null, type: 'spiff_claim', details: { dealId: '4242', kind: 'first_win' }, amount: money(100_000, 'USD'), submittedAt: CLAIMED_AT,
    }, [], { type: 'operator', id: 'test' });

    const killed = await taskJobKilledAt(requestId, crashAt, CLAIMED_AT);
    expect(killed.signal, killed.output).toBe('SIGKILL');
    expect(tasksFor(requestId)).toHaveLength(left);
    const held = await db.selectFrom('incentive_request_steps').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(held.done_at).toBeNull();

    const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    let now = CLAIMED_AT + 60_000;
    const steps = new IncentiveRequestStepStore(db);
    const restarted = new IncentiveTaskProcessor({ client, store, steps, portalId, timeZone: 'UTC', escalationOwnerId: null, now: () => new Date(now) });
    // While the dead run's claim lasts, nobody else creates the task.
    await expect(restarted.startTask(requestId, 'verification', '2026-12-10')).rejects.toThrow(/another run holds the step/);
    expect(tasksFor(requestId)).toHaveLength(left);

    now = CLAIMED_AT + LEASE_MS + 1_000;
    expect(await restarted.startTask(requestId, 'verification', '2026-12-10')).toMatchObject({ outcome });
    expect(await restarted.startTask(requestId, 'verification', '2026-12-10')).toEqual({ outcome: 'skipped', reason: 'done' });
    const created = tasksFor(requestId);
    expect(created).toHaveLength(1);
    const step = await db.selectFrom('incentive_request_steps').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(step.object_id).toBe(created[0]!.id);
  }, 60_000);
});
