import type { HubSpotClient } from './hubspot-client.js';

export interface HubSpotReadinessOptions {
  client: HubSpotClient;
  portalId: string;
  /** A successful answer is trusted this long, so frequent probes cost few API calls. Default 30,000 ms. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * The `/readyz` check of HubSpot: reads the `pe_is_partner` property definition (which also
 * proves `setup` has run) through the shared limiter, without retries, and remembers a success for
 * `cacheMs`. A probe every 5 s then costs one call per 30 s instead of 20 per 100 s of budget.
 */
export function checkHubSpotReachable(options: HubSpotReadinessOptions): () => Promise<void> {
  const cacheMs = options.cacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  let okUntil = 0;
  return async () => {
    if (now() < okUntil) return;
    await options.client.call(
      { portalId: options.portalId, operation: 'readiness.properties.read', retry: { serverErrorAttempts: 1, rateLimitRetries: 0, maxWaitMs: 1_000 } },
      (sdk) => sdk.crm.properties.coreApi.getByName('companies', 'pe_is_partner'),
    );
    okUntil = now() + cacheMs;
  };
}
