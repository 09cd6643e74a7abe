import { afterEach, describe, expect, it } from 'vitest';
import { checkHubSpotReachable } from '../../../src/hubspot/check-hubspot-reachable.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createInProcessRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';

// The `/readyz` probe of HubSpot, against the sandbox through the real SDK. The route tests stand
// in for it with a check that always answers the same; these show that the probe itself tells a
// reachable, set-up portal from one that is down, refuses the token or lacks the properties.

const PROPERTY_READ = '/crm/v3/properties/companies/pe_is_partner';

describe('the HubSpot readiness probe', () => {
  let sandbox: Sandbox | undefined;

  afterEach(async () => {
    releaseHubSpotClient();
    await sandbox?.stop();
    sandbox = undefined;
  });

  async function probeOf(options: SandboxOptions & { token?: string; cacheMs?: number; now?: () => number } = {}) {
    const { token, cacheMs, now, ...sandboxOptions } = options;
    sandbox = await startSandbox({ today: SANDBOX_TODAY, ...sandboxOptions });
    const client = createHubSpotClient({
      accessToken: token ?? sandbox.accessToken,
      basePath: sandbox.url,
      limiter: createInProcessRateLimiter(),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    return checkHubSpotReachable({ client, portalId: String(sandbox.portalId), cacheMs, now });
  }

  it('passes on a reachable portal where setup has run', async () => {
    const probe = await probeOf({ seed: 'demo' });

    await expect(probe()).resolves.toBeUndefined();
    expect(sandbox!.requests.count({ path: PROPERTY_READ, status: 200 })).toBe(1);
  });

  it('fails on a portal where setup has not run', async () => {
    const probe = await probeOf({ seed: 'empty' });

    await expect(probe()).rejects.toThrow();
    expect(sandbox!.requests.count({ path: PROPERTY_READ, status: 404 })).toBe(1);
  });

  it('fails when HubSpot refuses the token', async () => {
    const probe = await probeOf({ seed: 'demo', token: 'revoked-token' });

    await expect(probe()).rejects.toThrow();
    expect(sandbox!.requests.count({ path: PROPERTY_READ, status: 401 })).toBe(1);
  });

  it('fails when HubSpot cannot be reached, after having passed', async () => {
    const probe = await probeOf({ seed: 'demo', cacheMs: 0 });
    await expect(probe()).resolves.toBeUndefined();

    await sandbox!.stop();
    sandbox = undefined;

    await expect(probe()).rejects.toThrow();
  });

  it('trusts a success for cacheMs, then asks HubSpot again', async () => {
    let now = Date.parse('2026-11-15T10:00:00Z');
    const probe = await probeOf({ seed: 'demo', cacheMs: 30_000, now: () => now });

    await probe();
    now += 29_999;
    await probe();
    expect(sandbox!.requests.count({ path: PROPERTY_READ })).toBe(1);

    now += 1;
    await probe();
    expect(sandbox!.requests.count({ path: PROPERTY_READ })).toBe(2);
  });
});
