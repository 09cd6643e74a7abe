import { AppError, isAppError } from '../errors.js';
import type { HubSpotClient } from './hubspot-client.js';
import { readAccountDetails, type AccountDetails } from './read-account-details.js';

/** Limiter key for the one call made before the portal is known. */
const UNKNOWN_PORTAL = 'unresolved';

/**
 * The HubSpot account the access token belongs to: `HUBSPOT_PORTAL_ID` when set, else HubSpot's
 * account-info API (`GET /account-info/v3/details`, which answers `portalId` for private and
 * marketplace app tokens). The rate limiter, the audit trail and the reconciliation schedule are
 * kept per portal, so the app needs it before it does anything else.
 */
export async function resolvePortalId(client: HubSpotClient, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const response = await lookUp(client).catch((error: unknown) => {
    // HubSpot down or busy is worth waiting for; anything else means the lookup cannot work here.
    if (isAppError(error, 'HUBSPOT_UNAVAILABLE') || isAppError(error, 'HUBSPOT_RATE_LIMITED')) throw error;
    throw new AppError('INVALID_CONFIG', `Could not ask HubSpot which account the access token belongs to (${(error as Error).message}); set HUBSPOT_PORTAL_ID to the account id.`, { cause: error });
  });
  if (response.portalId === undefined || !/^\d+$/.test(String(response.portalId))) {
    throw new AppError('INVALID_CONFIG', 'HubSpot did not say which account the access token belongs to; set HUBSPOT_PORTAL_ID to the account id.');
  }
  return String(response.portalId);
}

function lookUp(client: HubSpotClient): Promise<AccountDetails> {
  return readAccountDetails(client, UNKNOWN_PORTAL);
}
