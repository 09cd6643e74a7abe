import type { HubSpotClient } from './hubspot-client.js';

/** What HubSpot's account-info API says of the account (the fields the app reads). */
export interface AccountDetails {
  portalId?: number | string;
  /** IANA time zone of the portal. */
  timeZone?: string;
  /** ISO code of the company currency: the currency of `amount_in_home_currency`. */
  companyCurrency?: string;
}

/**
 * `GET /account-info/v3/details`, under the limiter key `limiterKey` (the portal id, or a
 * placeholder before it is known).
 */
export function readAccountDetails(client: HubSpotClient, limiterKey: string): Promise<AccountDetails> {
  return client.call({ portalId: limiterKey, operation: 'account-info.details' }, async (sdk) => {
    const answer = await sdk.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    // apiRequest never throws on an error status: turn it into what the SDK's own calls throw,
    // so the client's retry policy applies (5xx, 429) and a 401 fails at once.
    if (!answer.ok) throw Object.assign(new Error(`HTTP ${answer.status}`), { code: answer.status, body: await answer.text(), headers: {} });
    return (await answer.json()) as AccountDetails;
  });
}
