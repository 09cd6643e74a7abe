import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createPartnerLinkToken, hashPartnerLinkToken, verifyPartnerLinkToken } from '../../../src/partner-page/partner-link-token.js';

function problemOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isAppError(error, 'LINK_INVALID')) return (error.details as { problem: string }).problem;
    throw error;
  }
  return undefined;
}

describe('partner link tokens', () => {
  it('verify with the secret that signed them and answer the hash the database keeps', () => {
    const { token, tokenHash } = createPartnerLinkToken('current');

    expect(verifyPartnerLinkToken(token, ['current'])).toBe(tokenHash);
    expect(tokenHash).toBe(hashPartnerLinkToken(token));
    expect(tokenHash).not.toContain(token.split('.')[1]!);
  });

  it('are different every time', () => {
    expect(createPartnerLinkToken('current').token).not.toBe(createPartnerLinkToken('current').token);
  });

  it('still verify with the previous secret during a rotation', () => {
    const { token } = createPartnerLinkToken('previous');

    expect(problemOf(() => verifyPartnerLinkToken(token, ['current', 'previous']))).toBeUndefined();
    expect(problemOf(() => verifyPartnerLinkToken(token, ['current']))).toBe('forged');
  });

  it('refuse a token whose random part was changed as forged', () => {
    const { token } = createPartnerLinkToken('current');
    const [version, random, signature] = token.split('.') as [string, string, string];
    const changed = `${version}.${random.startsWith('A') ? 'B' : 'A'}${random.slice(1)}.${signature}`;

    expect(problemOf(() => verifyPartnerLinkToken(changed, ['current']))).toBe('forged');
  });

  it('refuse an incomplete or foreign token as malformed', () => {
    const { token } = createPartnerLinkToken('current');

    for (const bad of ['', 'p1', token.slice(0, token.lastIndexOf('.')), `v1.${token.slice(3)}`, `${token}.extra`]) {
      expect(problemOf(() => verifyPartnerLinkToken(bad, ['current']))).toBe('malformed');
    }
  });
});
