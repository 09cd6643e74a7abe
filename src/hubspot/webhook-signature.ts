import crypto from 'node:crypto';
import { AppError } from '../errors.js';

/** Header names HubSpot signs its requests with. */
export const SIGNATURE_HEADERS = {
  v3: 'x-hubspot-signature-v3',
  timestamp: 'x-hubspot-request-timestamp',
  v2: 'x-hubspot-signature',
  version: 'x-hubspot-signature-version',
} as const;

/**
 * The client secret a signature is checked with, or several: the current one first, then the one
 * before a rotation (`HUBSPOT_CLIENT_SECRET_PREVIOUS`). A signature made with any of them holds.
 */
export type SigningSecrets = string | readonly string[];

/** HubSpot rejects (and asks apps to reject) timestamps further away than this. */
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

/** What HubSpot's v3 signature covers. */
export interface SignV3Input {
  /** The app's client secret (the HMAC key). */
  secret: string;
  /** HTTP method, upper case as HubSpot sends it (`POST`). */
  method: string;
  /** The full URL HubSpot called, scheme and query included. */
  url: string;
  /** The raw request body exactly as received (empty string for GET). */
  body: string;
  /** `X-HubSpot-Request-Timestamp`: epoch milliseconds. */
  timestamp: number | string;
}

export interface VerifyV3Input {
  secret: SigningSecrets;
  method: string;
  url: string;
  /** The raw body bytes or text as received, not re-serialized JSON. */
  rawBody: string | Buffer;
  /** `X-HubSpot-Signature-v3` header value. */
  signature: string | string[] | undefined;
  /** `X-HubSpot-Request-Timestamp` header value. */
  timestamp: string | string[] | number | undefined;
  /** Current time, epoch milliseconds. Default `Date.now()`. */
  now?: number;
  /** Largest accepted distance between `timestamp` and `now`. Default 5 minutes. */
  toleranceMs?: number;
}

export interface SignV2Input {
  secret: string;
  method: string;
  url: string;
  body: string;
}

export interface VerifyV2Input {
  secret: SigningSecrets;
  method: string;
  url: string;
  rawBody: string | Buffer;
  /** `X-HubSpot-Signature` header value (hex). */
  signature: string | string[] | undefined;
}

// HubSpot decodes exactly these escapes in the URL before signing (its published v3 steps).
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};
const ESCAPE_PATTERN = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** Base64 HMAC-SHA256 of `method + url + body + timestamp`, keyed with the client secret. */
export function signV3(input: SignV3Input): string {
  const content = `${input.method}${input.url}${input.body}${String(input.timestamp)}`;
  return crypto.createHmac('sha256', input.secret).update(content, 'utf8').digest('base64');
}

/** Hex SHA-256 of `secret + method + url + body` (workflow action requests). */
export function signV2(input: SignV2Input): string {
  const content = `${input.secret}${input.method}${input.url}${input.body}`;
  return crypto.createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * Throws `AppError('INVALID_SIGNATURE')` unless the request carries a fresh v3 signature made
 * with `secret`. Accepts the URL both as HubSpot decodes it and as received.
 */
export function verifyV3(input: VerifyV3Input): void {
  const signature = readHeader(input.signature, 'X-HubSpot-Signature-v3');
  const timestamp = parseTimestamp(readHeader(input.timestamp, 'X-HubSpot-Request-Timestamp'));
  checkTolerance(timestamp, input.now ?? Date.now(), input.toleranceMs ?? DEFAULT_SIGNATURE_TOLERANCE_MS);
  const body = rawBodyText(input.rawBody);
  const matches = secretsOf(input.secret).some((secret) =>
    urlForms(input.url).some((url) => safeEqual(signature, signV3({ secret, method: input.method, url, body, timestamp }))),
  );
  if (!matches) {
    throw new AppError(
      'INVALID_SIGNATURE',
      'X-HubSpot-Signature-v3 does not match. Check that the client secret is the app\'s, that the URL is the public URL HubSpot called (PUBLIC_BASE_URL + path + query), and that you pass the raw request body, not parsed and re-serialized JSON.',
    );
  }
}

/** Throws `AppError('INVALID_SIGNATURE')` unless the request carries a valid v2 signature. */
export function verifyV2(input: VerifyV2Input): void {
  const signature = readHeader(input.signature, 'X-HubSpot-Signature');
  const body = rawBodyText(input.rawBody);
  const matches = secretsOf(input.secret).some((secret) =>
    urlForms(input.url).some((url) => safeEqual(signature, signV2({ secret, method: input.method, url, body }))),
  );
  if (!matches) {
    throw new AppError(
      'INVALID_SIGNATURE',
      'X-HubSpot-Signature (v2) does not match. Check the client secret, that the URL is the public URL HubSpot called, and that you pass the raw request body, not parsed JSON.',
    );
  }
}

// An empty secret would let anyone sign: it never counts.
function secretsOf(secrets: SigningSecrets): string[] {
  return (typeof secrets === 'string' ? [secrets] : [...secrets]).filter((secret) => secret !== '');
}

function readHeader(value: string | string[] | number | undefined, name: string): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === '') {
    throw new AppError('INVALID_SIGNATURE', `The ${name} header is missing: the request did not come from HubSpot, or a proxy dropped the header.`);
  }
  return String(first);
}

function parseTimestamp(value: string): number {
  const timestamp = Number(value);
  if (!Number.isFinite(timestamp)) {
    throw new AppError('INVALID_SIGNATURE', `X-HubSpot-Request-Timestamp "${value}" is not epoch milliseconds.`);
  }
  return timestamp;
}

function checkTolerance(timestamp: number, now: number, toleranceMs: number): void {
  const distance = now - timestamp;
  if (distance > toleranceMs) {
    throw new AppError(
      'INVALID_SIGNATURE',
      `X-HubSpot-Request-Timestamp is ${Math.round(distance / 1000)} s old (limit ${toleranceMs / 1000} s): a replayed request, or this server's clock is wrong.`,
    );
  }
  if (-distance > toleranceMs) {
    throw new AppError(
      'INVALID_SIGNATURE',
      `X-HubSpot-Request-Timestamp is ${Math.round(-distance / 1000)} s in the future (limit ${toleranceMs / 1000} s): check this server's clock.`,
    );
  }
}

function rawBodyText(rawBody: unknown): string {
  if (typeof rawBody === 'string') return rawBody;
  if (Buffer.isBuffer(rawBody)) return rawBody.toString('utf8');
  throw new AppError(
    'INVALID_SIGNATURE',
    'The body to verify is not a string or Buffer: pass the raw request body (e.g. express.raw()), not parsed JSON.',
  );
}

function urlForms(url: string): string[] {
  const decoded = url.replace(ESCAPE_PATTERN, (escape) => DECODED_ESCAPES[escape.toUpperCase()] ?? escape);
  return decoded === url ? [url] : [decoded, url];
}

function safeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of a.
  if (a.length !== b.length) {
    crypto.timingSafeEqual(b, b);
    return false;
  }
  return crypto.timingSafeEqual(a, b);
}
