import crypto from 'node:crypto';
import { AppError } from '../errors.js';

/*
 * A partner link carries `p1.<random>.<signature>`: 24 random bytes (base64url) and an
 * HMAC-SHA256 of `p1.<random>` with the link signing secret. The signature lets a tampered or
 * made-up token be refused before the database is asked; the random part makes the token
 * unguessable. The database keeps only the token's SHA-256 (what a link is found by), so a copy of
 * the database opens no page.
 */

const VERSION = 'p1';

/** Why a token was refused before any lookup. */
export type PartnerLinkTokenProblem = 'malformed' | 'forged';

/** A new token signed with `secret`, and the hash the database keeps of it. */
export function createPartnerLinkToken(secret: string): { token: string; tokenHash: string } {
  const body = `${VERSION}.${crypto.randomBytes(24).toString('base64url')}`;
  const token = `${body}.${hmac(body, secret)}`;
  return { token, tokenHash: hashPartnerLinkToken(token) };
}

/**
 * The hash of a token signed with one of `secrets` (the current link secret, or the previous one
 * while they rotate). Throws `AppError('LINK_INVALID')` with `details.problem` `malformed` or `forged`.
 */
export function verifyPartnerLinkToken(token: string, secrets: readonly string[]): string {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]{32}$/.test(parts[1] ?? '') || !parts[2]) {
    throw refused('malformed', 'the link is incomplete');
  }
  const body = `${parts[0]}.${parts[1]}`;
  const signature = parts[2];
  if (!secrets.filter((secret) => secret !== '').some((secret) => safeEqual(signature, hmac(body, secret)))) {
    throw refused('forged', 'the link was not issued by this app');
  }
  return hashPartnerLinkToken(token);
}

/** SHA-256 (hex) of a token: what `partner_links.token_hash` holds, and the rate limiter's key. */
export function hashPartnerLinkToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

function hmac(content: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(content, 'utf8').digest('base64url');
}

function safeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function refused(problem: PartnerLinkTokenProblem, message: string): AppError {
  return new AppError('LINK_INVALID', `Partner link refused: ${message}.`, { details: { problem } });
}
