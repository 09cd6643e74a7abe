import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { freePort } from '../../support/redis-server.js';
import { DEMO_TODAY } from './product-harness.js';

/*
 * The same code as `npm start`, split: `partner-enablement web` and `partner-enablement worker` as
 * two processes sharing Redis, serving a portal with a token (the sandbox stands in for HubSpot).
 * The web process only queues; the worker does the HubSpot work.
 */

const BIN = path.resolve('bin/partner-enablement.mjs');
const READY = 'Partner enablement is ready';

interface Process {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
}

let sandbox: Sandbox;
let web: Process;
let worker: Process;
let port: number;
let database: TestDatabase;

function run(command: 'web' | 'worker', env: Record<string, string>): Process {
  const child = spawn(process.execPath, [BIN, command], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function until(condition: () => boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ today: DEMO_TODAY });
  database = await createTestDatabase();
  port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_APP_ID: sandbox.appId,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    // A database of its own in the test Redis: the split processes use the default key prefix.
    REDIS_URL: `${inject('redisUrl')}/${1 + crypto.randomInt(14)}`,
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    // A schedule that never fires during the test.
    RECONCILE_CRON: '0 3 1 1 *',
    LOG_LEVEL: 'warn',
  };
  web = run('web', env);
  worker = run('worker', env);
  await until(() => web.output().includes(READY) && worker.output().includes(READY), 'both processes to be ready');
  sandbox.webhooks.setTargetUrl(`http://127.0.0.1:${port}/hubspot/webhooks`);
});

afterAll(async () => {
  for (const process of [web, worker]) if (process && process.child.exitCode === null) process.child.kill('SIGKILL');
  await sandbox?.stop();
  await database?.drop();
});

describe('web and worker as separate processes', () => {
  it('say which role each runs', () => {
    expect(web.output()).toContain(`${READY} at http://127.0.0.1:${port}`);
    expect(web.output()).toContain('web for portal');
    expect(worker.output()).toContain('worker for portal');
  });

  it('sweep every partner at once on a fresh installation (no reconciliation ever completed)', async () => {
    await until(() => sandbox.seed.partners.every((p) => sandbox.store.getCompany(p.id)!.properties.pe_tier === p.expectedTier), 'every partner to have its tier', 30_000);
    expect(worker.output()).not.toContain('"level":"error"');
  });

  it('recalculate a partner changed in HubSpot: the web process queues, the worker writes', async () => {
    const partner = sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    await until(() => sandbox.store.getCompany(partner.id)!.properties.pe_tier === 'bronze', 'the worker to write the outputs', 30_000);
    const delivery = sandbox.webhooks.delivered.find((d) => d.events.some((e) => String(e.objectId) === partner.id));
    expect(delivery?.status).toBe(200);
  });

  it('stop cleanly on SIGTERM', async () => {
    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await web.exit).toBe(0);
    expect(await worker.exit).toBe(0);
  });
});
