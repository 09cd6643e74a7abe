import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { repoRoot } from '../../support/run-cli.js';
import { DEMO_TODAY } from './product-harness.js';
import { useTestDatabase } from '../../support/test-database.js';

const databaseUrl = useTestDatabase();

/*
 * `npm start` with an access token is production: the HubSpot emulator under src/sandbox (and the
 * sandbox mode that starts it) must not even be loaded. The process runs for real, against the
 * sandbox standing in for HubSpot from this test's process, with a hook recording every source
 * module it resolves.
 */

let sandbox: Sandbox;
let redis: RedisServer;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ today: DEMO_TODAY });
  redis = await startRedisServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'pe-loaded-'));
});

afterAll(async () => {
  await Promise.allSettled([sandbox?.stop(), redis?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts `partner-enablement start`, waits for its ready line, stops it; resolves with the modules it loaded. */
function loadedByStart(env: Record<string, string>): Promise<{ modules: string[]; stdout: string; code: number | null }> {
  const file = path.join(dir, 'modules.txt');
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(repoRoot, 'node_modules/.bin/node'),
      ['--import', path.join(repoRoot, 'test/support/record-loaded-modules.mjs'), path.join(repoRoot, 'bin/partner-enablement.mjs'), 'start'],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', LOADED_MODULES_FILE: file, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('Partner enablement is ready')) child.kill('SIGTERM');
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      const modules = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      resolve({ modules: [...new Set(modules)], stdout, code });
    });
  });
}

describe('npm start in production', () => {
  it('serves the portal without loading the HubSpot emulator or sandbox mode', async () => {
    const { modules, stdout, code } = await loadedByStart({
      HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
      DATABASE_URL: databaseUrl(),
      HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
      HUBSPOT_PORTAL_ID: String(sandbox.portalId),
      HUBSPOT_API_BASE_URL: sandbox.url,
      REDIS_URL: redis.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
    });
    expect(stdout).toContain(`web+worker for portal ${sandbox.portalId}`);
    expect(code).toBe(0);
    // The hook saw the product being composed...
    expect(modules.some((url) => url.endsWith('/src/app/build-services.ts'))).toBe(true);
    // ...and nothing of the emulator.
    expect(modules.filter((url) => url.includes('/src/sandbox/') || url.endsWith('/src/sandbox-mode/start-sandbox-mode.ts'))).toEqual([]);
  }, 60_000);
});
