import type { Config } from '../config.js';

/**
 * The client secrets HubSpot's signatures are checked with: the current one, then, during a
 * rotation, the previous one (`HUBSPOT_CLIENT_SECRET_PREVIOUS`). Empty when none is configured,
 * which refuses every signed request.
 */
export function signatureSecrets(hubspot: Pick<Config['hubspot'], 'clientSecret' | 'previousClientSecret'>): string[] {
  return [hubspot.clientSecret, hubspot.previousClientSecret].filter((secret): secret is string => secret !== undefined && secret !== '');
}
