import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { signConsentToken, verifyConsentToken } from '../../../src/training/consent-token.js';

const secret = 'link-secret';
const now = Date.parse('2026-05-01T10:00:00Z');

function problemOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (isAppError(error, 'LINK_INVALID')) return (error.details as { problem: string }).problem;
    throw error;
  }
  return 'accepted';
}

describe('consent token', () => {
  it('gives back the assignment and expiry it was signed with', () => {
    const token = signConsentToken({ assignmentId: 'a-1', expiresAt: now + 1000 }, secret);

    expect(verifyConsentToken(token, secret, now)).toEqual({ assignmentId: 'a-1', expiresAt: now + 1000 });
  });

  it('is url-safe, so it can sit in a path segment', () => {
    const token = signConsentToken({ assignmentId: 'a/b?c', expiresAt: now }, secret);

    expect(encodeURIComponent(token)).toBe(token);
  });

  it('refuses a token signed with another secret as forged', () => {
    const token = signConsentToken({ assignmentId: 'a-1', expiresAt: now + 1000 }, 'other-secret');

    expect(problemOf(() => verifyConsentToken(token, secret, now))).toBe('forged');
  });

  it('refuses a token whose payload was changed as forged', () => {
    const [version, , signature] = signConsentToken({ assignmentId: 'a-1', expiresAt: now + 1000 }, secret).split('.');
    const otherPayload = Buffer.from(JSON.stringify({ a: 'a-2', e: now + 1000 })).toString('base64url');

    expect(problemOf(() => verifyConsentToken(`${version}.${otherPayload}.${signature}`, secret, now))).toBe('forged');
  });

  it('refuses a token past its expiry as expired', () => {
    const token = signConsentToken({ assignmentId: 'a-1', expiresAt: now - 1 }, secret);

    expect(problemOf(() => verifyConsentToken(token, secret, now))).toBe('expired');
  });

  it('refuses a truncated token as malformed', () => {
    const token = signConsentToken({ assignmentId: 'a-1', expiresAt: now + 1000 }, secret);

    expect(problemOf(() => verifyConsentToken(token.split('.').slice(0, 2).join('.'), secret, now))).toBe('malformed');
  });
});

describe('consent token during a rotation of the link secret', () => {
  it('opens a link signed with the previous secret', () => {
    const token = signConsentToken({ assignmentId: 'a-1', expiresAt: now + 1000 }, 'previous-link-secret');

    expect(verifyConsentToken(token, [secret, 'previous-link-secret'], now).assignmentId).toBe('a-1');
  });

  it('refuses a link signed with a secret that is neither the current nor the previous one', () => {
    const token = signConsentToken({ assignmentId: 'a-1', expiresAt: now + 1000 }, 'unknown-secret');

    expect(problemOf(() => verifyConsentToken(token, [secret, 'previous-link-secret'], now))).toBe('forged');
  });
});
