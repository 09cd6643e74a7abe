import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { EXIT_CODES } from '../../../src/cli/exit-codes.js';
import { main } from '../../../src/cli/main.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { startPrivateRedis } from '../../../src/sandbox-mode/start-private-redis.js';
import { isAppError } from '../../../src/errors.js';
import { runCli } from '../../support/run-cli.js';
import { DEMO_TODAY } from './product-harness.js';

/*
 * `partner-enablement recalc` and `audit` as an operator runs them against a portal (the sandbox
 * stands in for HubSpot, the test Redis for theirs), through the real command line entry point.
 */

let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
let redisUrl: string;
let database: TestDatabase;

beforeAll(async () => {
  sandbox = await startSandbox({ today: DEMO_TODAY });
  database = await createTestDatabase();
  // A database of its own: the commands use the default key prefix.
  redisUrl = `${inject('redisUrl')}/${1 + crypto.randomInt(14)}`;
  env = {
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    REDIS_URL: redisUrl,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  await sandbox?.stop();
  await database?.drop();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now: () => Date.now(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('partner-enablement recalc', () => {
  it('--all re-evaluates every partner with progress on standard error and a summary', async () => {
    const { code, stdout, stderr } = await cli(['recalc', '--all']);
    expect(code).toBe(0);
    expect(stdout).toContain('Recalculated 30 partners');
    expect(stdout).toContain('30 written, 0 already up to date, 0 failed');
    // Not a terminal: one progress line per tenth, the last at 100%.
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^\[#+\] 30\/30 partners 100%/);
    for (const partner of sandbox.seed.partners) expect(sandbox.store.getCompany(partner.id)!.properties.pe_tier).toBe(partner.expectedTier);
  });

  it('re-evaluates the companies named, and says which are not partners', async () => {
    const partner = sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    const { code, stdout } = await cli(['recalc', partner.id, sandbox.seed.nonPartnerIds[0]!]);
    expect(code).toBe(0);
    expect(stdout).toContain('Recalculated 1 partner');
    expect(stdout).toContain('1 written');
    expect(stdout).toContain('Left 1 tier-change note(s)');
    expect(stdout).toContain('1 company is not a partner');
    expect(sandbox.store.getCompany(partner.id)!.properties.pe_tier).toBe('bronze');
  });

  it('refuses to run without ids or --all', async () => {
    const { code, stderr } = await cli(['recalc']);
    expect(code).toBe(2);
    expect(stderr).toContain('name the companies to recalculate, or --all');
  });
});

describe('partner-enablement audit', () => {
  it('prints a partner\'s trail, oldest first, with values before and after', async () => {
    const partner = sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    const { code, stdout, stderr } = await cli(['audit', partner.id]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`Audit trail of company ${partner.id} (portal ${sandbox.portalId}), oldest first:`);
    expect(stdout).toMatch(/outputs\.changed {2}by system\n\s+pe_readiness_score\s+\(empty\) → \d+/);
    expect(stdout).toMatch(/pe_tier\s+none → bronze/);
    expect(stdout).toMatch(/tier\.changed {2}by system\n\s+tier\s+none → bronze\n\s+noteId\s+\d+/);
    expect(stdout.indexOf('(empty) →')).toBeLessThan(stdout.indexOf('none → bronze'));
  });

  it('--json prints one entry per line', async () => {
    const partner = sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    const { stdout } = await cli(['audit', partner.id, '--json']);
    const entries = stdout.trim().split('\n').map((line) => JSON.parse(line) as { action: string; companyId: string });
    expect(entries.map((e) => e.action)).toContain('tier.changed');
    expect(entries.every((e) => e.companyId === partner.id)).toBe(true);
  });

  it('finds the portal in the database when none is configured', async () => {
    const partner = sandbox.seed.partners.find((p) => p.expectedTier === 'gold')!;
    const saved = env;
    env = { DATABASE_URL: database.url, HUBSPOT_ACCESS_TOKEN: 'any', HUBSPOT_CLIENT_SECRET: 'any' };
    try {
      const { code, stdout } = await cli(['audit', partner.id]);
      expect(code).toBe(0);
      expect(stdout).toContain(`(portal ${sandbox.portalId})`);
    } finally {
      env = saved;
    }
  });

  it('says so when a company has no trail', async () => {
    const { code, stdout } = await cli(['audit', '424242']);
    expect(code).toBe(0);
    expect(stdout).toContain('No audit entries for company 424242');
  });
});

describe('sandbox mode without redis-server', () => {
  it('says exactly how to install one', async () => {
    const error = await startPrivateRedis({ command: 'redis-server-that-is-not-installed' }).catch((e: unknown) => e);
    expect(isAppError(error, 'SERVICE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('apt-get install redis-server');
    expect((error as Error).message).toContain('brew install redis');
    expect((error as Error).message).toContain('REDIS_URL=');
  });
});

describe('start with a wrong environment', () => {
  it('exits before starting anything, naming every wrong variable, RECONCILE_CRON among them', async () => {
    const { code, stdout, stderr } = await runCli(['start'], {
      env: { RECONCILE_CRON: 'nightly', PUBLIC_BASE_URL: 'partners.example.com', REDIS_URL: '127.0.0.1:6379' },
    });

    expect(code).toBe(EXIT_CODES.INVALID_CONFIGURATION);
    expect(stdout).toBe('');
    for (const variable of ['RECONCILE_CRON', 'PUBLIC_BASE_URL', 'REDIS_URL']) expect(stderr).toContain(`${variable}:`);
  });
});
