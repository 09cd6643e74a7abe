import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { isAppError } from '../../../src/errors.js';

function failureOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (isAppError(error, 'INVALID_CONFIG')) return error.message;
    throw error;
  }
  throw new Error('expected loadConfig to refuse the environment');
}

describe('loadConfig', () => {
  it('is sandbox mode without an access token, with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: 'sandbox', port: 3000, publicBaseUrl: 'http://localhost:3000', recalculationClaimSize: 1000 });
    expect(config.hubspot).toMatchObject({ apiBaseUrl: 'https://api.hubapi.com', requestsPer10s: 110 });
  });

  it('derives PUBLIC_BASE_URL from PORT and drops a trailing slash from one given', () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://pe.example.com/' }).publicBaseUrl).toBe('https://pe.example.com');
  });

  it('refuses a token without the client secret, naming the variable', () => {
    expect(failureOf({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-x' })).toContain('HUBSPOT_CLIENT_SECRET');
  });

  it('refuses a claim size that is not a positive whole number, naming the variable', () => {
    expect(failureOf({ RECALCULATION_CLAIM_SIZE: '0' })).toContain('RECALCULATION_CLAIM_SIZE');
    expect(loadConfig({ RECALCULATION_CLAIM_SIZE: '100' }).recalculationClaimSize).toBe(100);
  });
});
