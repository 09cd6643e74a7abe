import crypto from 'node:crypto';
import { AppError } from '../errors.js';

/*
 * A consent link carries `v1.<payload>.<signature>`: the payload (base64url JSON) names the
 * assignment and the link's expiry; the signature is an HMAC-SHA256 of `v1.<payload>` with the
 * link signing secret. The token proves who issued the link and until when it works; single use is
 * enforced by the assignment's state in Redis, not by the token.
 */

const VERSION = 'v1';

/** What a consent token says. */
export interface ConsentTokenClaims {
  assignmentId: string;
  /** Epoch milliseconds after which the link no longer works. */
  expiresAt: number;
}

/** Why a token was refused: shown to the person as different pages. */
export type ConsentTokenProblem = 'malformed' | 'forged' | 'expired';

export function signConsentToken(claims: ConsentTokenClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ a: claims.assignmentId, e: claims.expiresAt }), 'utf8').toString('base64url');
  return `${VERSION}.${payload}.${hmac(`${VERSION}.${payload}`, secret)}`;
}

/**
 * The claims of a token signed with `secrets` (the current link secret, or one of the previous
 * ones while they rotate) that has not expired at `now`. Throws `AppError('LINK_INVALID')` with
 * `details.problem` set to `malformed`, `forged` or `expired`.
 */
export function verifyConsentToken(token: string, secrets: string | readonly string[], now: number): ConsentTokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2]) throw refused('malformed', 'the link is incomplete');
  const [version, payload, signature] = parts as [string, string, string];
  const candidates = (typeof secrets === 'string' ? [secrets] : secrets).filter((secret) => secret !== '');
  if (!candidates.some((secret) => safeEqual(signature, hmac(`${version}.${payload}`, secret)))) {
    throw refused('forged', 'the link was not issued by this app');
  }
  const claims = parseClaims(payload);
  if (now > claims.expiresAt) throw refused('expired', 'the link has expired');
  return claims;
}

function parseClaims(payload: string): ConsentTokenClaims {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw refused('malformed', 'the link payload is not readable');
  }
  const { a, e } = (decoded ?? {}) as { a?: unknown; e?: unknown };
  if (typeof a !== 'string' || a === '' || typeof e !== 'number' || !Number.isFinite(e)) {
    throw refused('malformed', 'the link payload is incomplete');
  }
  return { assignmentId: a, expiresAt: e };
}

function hmac(content: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(content, 'utf8').digest('base64url');
}

function safeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) return false;
  return crypto.timingSafeEqual(a, b);
}

function refused(problem: ConsentTokenProblem, message: string): AppError {
  return new AppError('LINK_INVALID', `Consent link refused: ${message}.`, { details: { problem } });
}
