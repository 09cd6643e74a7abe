import crypto from 'node:crypto';

/** What HubSpot signs: the request as it sends it. */
export interface SignedRequest {
  /** The app's client secret. */
  secret: string;
  /** `POST`, `GET`… */
  method: string;
  /** The full URL called, scheme and query included. */
  url: string;
  /** The body exactly as sent (`''` for none). */
  body: string;
  /** Epoch milliseconds, sent as `X-HubSpot-Request-Timestamp` (v3 only). */
  timestamp: number;
}

/**
 * `v1`: webhooks (`X-HubSpot-Signature`, hex SHA-256 of secret + body). `v2`: workflow actions
 * and older CRM cards (hex SHA-256 of secret + method + URL + body). `v3`: every request HubSpot
 * makes today (base64 HMAC-SHA256 keyed with the secret over method + URL + body + timestamp).
 */
export type SignatureVersion = 'v1' | 'v2' | 'v3';

// HubSpot signs the URL with these escapes decoded; receivers are told to decode them before
// comparing, so a receiver that does not will fail on URLs that carry them.
const DECODED_IN_V3: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

function v3Uri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED_IN_V3[escape.toUpperCase()]!);
}

function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The headers HubSpot puts on a signed request, written from HubSpot's documentation and
 * independent of the product's verifier: a test through the sandbox can catch the product
 * verifying something other than what HubSpot signs.
 */
export function hubspotSignatureHeaders(version: SignatureVersion, request: SignedRequest): Record<string, string> {
  switch (version) {
    case 'v1':
      return { 'x-hubspot-signature': sha256Hex(request.secret + request.body), 'x-hubspot-signature-version': 'v1' };
    case 'v2':
      return {
        'x-hubspot-signature': sha256Hex(request.secret + request.method + request.url + request.body),
        'x-hubspot-signature-version': 'v2',
      };
    case 'v3': {
      const signed = request.method + v3Uri(request.url) + request.body + String(request.timestamp);
      return {
        'x-hubspot-signature-v3': crypto.createHmac('sha256', request.secret).update(signed, 'utf8').digest('base64'),
        'x-hubspot-request-timestamp': String(request.timestamp),
      };
    }
  }
}
