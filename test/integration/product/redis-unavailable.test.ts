import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, freePort, type RedisServer } from '../../support/redis-server.js';
import { repoRoot } from '../../support/run-cli.js';
import { companyProperties, startTestProduct, type TestProduct } from './product-harness.js';
import { useTestDatabase } from '../../support/test-database.js';

/*
 * Redis that is wrong or away. At start: one line naming REDIS_URL and the address tried, and a
 * non-zero exit, within the 15 seconds an operator (or an orchestrator) waits. While running:
 * /readyz answers 503 while Redis is down and the product recovers by itself when it is back.
 */

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the process had to be killed: it did not end within 15 s. */
  hung: boolean;
}

function start(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), [path.join(repoRoot, 'bin/partner-enablement.mjs'), 'start'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const limit = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr, hung });
    });
  });
}

const databaseUrl = useTestDatabase();
/** A production start's environment; the database answers, so Redis is what fails. */
const production = () => ({ HUBSPOT_ACCESS_TOKEN: 'pat-test', HUBSPOT_CLIENT_SECRET: 'secret', HUBSPOT_PORTAL_ID: '62515', PORT: '0', DATABASE_URL: databaseUrl() });

describe('a REDIS_URL that cannot be used at start', () => {
  it('ends with one line naming REDIS_URL and the address tried, and a non-zero exit', async () => {
    const port = await freePort();
    const result = await start({ ...production(), REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(result.hung).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('REDIS_URL');
    expect(lines[0]).toContain(`redis://127.0.0.1:${port}`);
    expect(lines[0]).toContain('ECONNREFUSED');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).not.toContain('is ready');
  }, 30_000);

  it('names a malformed REDIS_URL as invalid configuration, without its password', async () => {
    const result = await start({ ...production(), REDIS_URL: 'hunter2@localhost:6379' });
    expect(result.hung).toBe(false);
    expect(result.code).toBe(4);
    // The environment is checked whole before anything connects: one line, naming the variable.
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/Invalid environment: REDIS_URL: expected a redis or rediss URL with its scheme/)]);
    expect(result.stderr).not.toContain('hunter2');
  }, 30_000);

  it('never prints the password of the address tried', async () => {
    const port = await freePort();
    const result = await start({ ...production(), REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`redis://:***@127.0.0.1:${port}`);
    expect(result.stderr).not.toContain('hunter2');
  }, 30_000);
});

describe('Redis going away while the product runs', () => {
  let redis: RedisServer;
  let product: TestProduct;

  beforeAll(async () => {
    redis = await startRedisServer({ persistence: true });
    product = await startTestProduct(redis.url);
  }, 120_000);

  afterAll(async () => {
    await product?.stop();
    await redis?.stop();
  });

  const readyz = async () => {
    const response = await fetch(`${product.mode.serverUrl}/readyz`);
    return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
  };

  it('answers /readyz 503 naming Redis while it is down, and recovers by itself', async () => {
    expect((await readyz()).status).toBe(200);

    await redis.kill();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.redis).toMatch(/^failed/);
    expect(down.body.checks.hubspot).toBe('ok');

    await redis.restart();
    const deadline = Date.now() + 30_000;
    while ((await readyz()).status !== 200) {
      if (Date.now() > deadline) throw new Error('/readyz did not recover');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // And it works again: a change in HubSpot is evaluated and written back.
    const partner = product.mode.sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    product.mode.sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    await product.settle(30_000);
    expect(companyProperties(product, partner.id).pe_tier).toBe('bronze');
  }, 90_000);
});
