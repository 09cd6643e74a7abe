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

  it('refuses a reconciliation cron BullMQ could not schedule, naming the variable', () => {
    expect(failureOf({ RECONCILE_CRON: 'nightly' })).toMatch(/RECONCILE_CRON: expected a cron pattern/);
    expect(failureOf({ RECONCILE_CRON: '0 3 * * foo' })).toContain('RECONCILE_CRON');
    expect(failureOf({ RECONCILE_CRON: '61 3 * * *' })).toContain('RECONCILE_CRON');
    expect(failureOf({ RECONCILE_CRON: '0 3 * *' })).toContain('RECONCILE_CRON');
  });

  it('accepts the cron patterns BullMQ schedules: five fields, six with seconds, and macros', () => {
    expect(loadConfig({}).reconcileCron).toBe('0 3 * * *');
    expect(loadConfig({ RECONCILE_CRON: '30 2 * * 1-5' }).reconcileCron).toBe('30 2 * * 1-5');
    expect(loadConfig({ RECONCILE_CRON: '0 0 4 * * *' }).reconcileCron).toBe('0 0 4 * * *');
    expect(loadConfig({ RECONCILE_CRON: '@daily' }).reconcileCron).toBe('@daily');
  });

  it('refuses URLs without their scheme, naming each variable', () => {
    expect(failureOf({ PUBLIC_BASE_URL: 'partners.example.com' })).toContain('PUBLIC_BASE_URL');
    expect(failureOf({ PUBLIC_BASE_URL: 'localhost:3000' })).toContain('PUBLIC_BASE_URL');
    expect(failureOf({ PUBLIC_BASE_URL: 'ftp://partners.example.com' })).toContain('PUBLIC_BASE_URL');
    expect(failureOf({ HUBSPOT_API_BASE_URL: 'api.hubapi.com' })).toContain('HUBSPOT_API_BASE_URL');
    expect(failureOf({ REDIS_URL: '127.0.0.1:6379' })).toContain('REDIS_URL');
    expect(failureOf({ SMTP_URL: 'smtp.example.com:587' })).toContain('SMTP_URL');
  });

  it('accepts http(s), redis(s) and smtp(s) URLs', () => {
    const config = loadConfig({
      PUBLIC_BASE_URL: 'http://localhost:3000',
      HUBSPOT_API_BASE_URL: 'http://127.0.0.1:4000',
      REDIS_URL: 'rediss://user:pw@redis.example.com:6380/2',
      SMTP_URL: 'smtps://user:pw@smtp.example.com:465',
    });
    expect(config).toMatchObject({ publicBaseUrl: 'http://localhost:3000', redisUrl: 'rediss://user:pw@redis.example.com:6380/2' });
  });

  it('names every wrong variable at once, the token without its secret among them', () => {
    const message = failureOf({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-x',
      PUBLIC_BASE_URL: 'partners.example.com',
      RECONCILE_CRON: 'nightly',
      PORT: 'eighty',
      HUBSPOT_APP_ID: 'app-1',
      LOG_LEVEL: 'loud',
    });

    for (const variable of ['HUBSPOT_CLIENT_SECRET', 'PUBLIC_BASE_URL', 'RECONCILE_CRON', 'PORT', 'HUBSPOT_APP_ID', 'LOG_LEVEL']) {
      expect(message).toContain(`${variable}:`);
    }
  });

  it('refuses a sender that is not an email address, and takes one with a name', () => {
    expect(failureOf({ MAIL_FROM: 'Partner enablement' })).toContain('MAIL_FROM');
    expect(loadConfig({ MAIL_FROM: 'Partner team <team@vendor.test>' }).mailFrom).toBe('Partner team <team@vendor.test>');
    expect(loadConfig({ MAIL_FROM: 'team@vendor.test' }).mailFrom).toBe('team@vendor.test');
  });

  it('never repeats a secret-bearing URL in the message', () => {
    expect(failureOf({ SMTP_URL: 'user:hunter2@smtp.example.com' })).not.toContain('hunter2');
  });
});
