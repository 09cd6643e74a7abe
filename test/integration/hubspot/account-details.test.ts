import { afterEach, describe, expect, it } from 'vitest';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createInProcessRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { readAccountDetails } from '../../../src/hubspot/read-account-details.js';
import { resolvePortalId } from '../../../src/hubspot/resolve-portal-id.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';

// HubSpot's account-info API through the real SDK: the portal id the app falls back on when
// HUBSPOT_PORTAL_ID is unset, and the account's time zone and currency.

describe('the account-info API', () => {
  let sandbox: Sandbox | undefined;

  afterEach(async () => {
    releaseHubSpotClient();
    await sandbox?.stop();
    sandbox = undefined;
  });

  async function clientOf(account?: { timeZone?: string; companyCurrency?: string }) {
    sandbox = await startSandbox({ today: SANDBOX_TODAY, portalId: 4_242_001, ...(account ? { account } : {}) });
    return createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter: createInProcessRateLimiter(), retry: { baseDelayMs: 1, maxDelayMs: 5 } });
  }

  it('tells the app which account the token belongs to when no portal id is configured', async () => {
    const client = await clientOf();
    await expect(resolvePortalId(client, undefined)).resolves.toBe('4242001');
    expect(sandbox!.requests.count({ path: '/account-info/v3/details', status: 200 })).toBe(1);
  });

  it('asks HubSpot nothing when the portal id is configured', async () => {
    const client = await clientOf();
    await expect(resolvePortalId(client, '777')).resolves.toBe('777');
    expect(sandbox!.requests.count({ path: '/account-info/v3/details' })).toBe(0);
  });

  it("answers the account's time zone and company currency", async () => {
    const client = await clientOf({ timeZone: 'Europe/Berlin', companyCurrency: 'EUR' });
    const details = await readAccountDetails(client, '4242001');
    expect(details).toMatchObject({ portalId: 4_242_001, timeZone: 'Europe/Berlin', companyCurrency: 'EUR' });
  });

  it('turns a refused token into a configuration error naming HUBSPOT_PORTAL_ID', async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY });
    const client = createHubSpotClient({ accessToken: 'not-a-token', basePath: sandbox.url, limiter: createInProcessRateLimiter(), retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    await expect(resolvePortalId(client, undefined)).rejects.toThrow(/HUBSPOT_PORTAL_ID/);
  });
});
