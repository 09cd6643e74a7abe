import crypto from 'node:crypto';

/** Characters HubSpot decodes in the URI before it signs (its v3 signature documentation). */
const DECODED = /%3A|%2F|%3F|%40|%21|%24|%27|%28|%29|%2A|%2C|%3B/gi;

/**
 * Signs a request as HubSpot does for `hubspot.fetch` and webhooks (signature v3): base64
 * HMAC-SHA256, keyed with the app's client secret, over method + URI (with HubSpot's listed
 * characters decoded) + raw body + timestamp. Written apart from the product's verifier, so the
 * workspace can disagree with it.
 */
export function signHubSpotV3(input: { clientSecret: string; method: string; url: string; body: string; timestamp: number }): string {
  const uri = input.url.replace(DECODED, (escape) => decodeURIComponent(escape));
  return crypto
    .createHmac('sha256', input.clientSecret)
    .update(`${input.method.toUpperCase()}${uri}${input.body}${input.timestamp}`, 'utf8')
    .digest('base64');
}
