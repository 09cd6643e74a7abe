import { ApiException } from '@hubspot/api-client/lib/codegen/crm/companies/apis/exception.js';
import { describe, expect, it } from 'vitest';
import { describeHubSpotFailure, hubSpotFailureToAppError } from '../../../src/hubspot/hubspot-failure.js';

function anApiException(status: number, body: unknown = {}, headers: Record<string, string> = {}) {
  return new ApiException(status, 'An error occurred.', body, headers);
}

describe('describeHubSpotFailure', () => {
  it('reads the policy and the intervals of a 429', () => {
    const failure = describeHubSpotFailure(
      anApiException(429, { status: 'error', policyName: 'TEN_SECONDLY_ROLLING', category: 'RATE_LIMITS', message: 'You have reached your ten_secondly_rolling limit.' }, {
        'retry-after': '2',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
      }),
    );
    expect(failure).toMatchObject({ kind: 'rate-limited', policyName: 'TEN_SECONDLY_ROLLING', retryAfterMs: 2_000, intervalMs: 10_000 });
  });

  it('leaves Retry-After unset when HubSpot sends none', () => {
    expect(describeHubSpotFailure(anApiException(429, { policyName: 'DAILY' }))).toMatchObject({ policyName: 'DAILY', retryAfterMs: undefined });
  });

  it('sees a 5xx as the server failing', () => {
    expect(describeHubSpotFailure(anApiException(502, 'Bad gateway'))).toMatchObject({ kind: 'server', status: 502, message: 'Bad gateway' });
  });

  it('sees a 4xx as a rejection, with HubSpot\'s details', () => {
    const failure = describeHubSpotFailure(
      anApiException(400, {
        category: 'VALIDATION_ERROR',
        correlationId: 'c-1',
        message: 'Property values were not valid',
        errors: [{ message: 'diamond was not one of the allowed options', code: 'INVALID_OPTION', context: { propertyName: ['pe_tier'], id: ['7'] } }],
      }),
    );
    expect(failure).toMatchObject({
      kind: 'rejected',
      status: 400,
      category: 'VALIDATION_ERROR',
      correlationId: 'c-1',
      errors: [{ code: 'INVALID_OPTION', context: { id: ['7'] } }],
    });
  });

  it('sees a socket failure as the network failing', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(describeHubSpotFailure(error)).toMatchObject({ kind: 'network' });
  });

  it('does not take a bug of ours for a HubSpot failure', () => {
    expect(describeHubSpotFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
  });
});

describe('hubSpotFailureToAppError', () => {
  const context = { operation: 'companies.batch.update', portalId: '62515' };

  it('maps each kind of failure to its error code', () => {
    expect(hubSpotFailureToAppError(describeHubSpotFailure(anApiException(429, { policyName: 'DAILY' }))!, { ...context, retryAt: 5 })).toMatchObject({
      code: 'HUBSPOT_RATE_LIMITED',
      details: { policyName: 'DAILY', retryAt: 5 },
    });
    expect(hubSpotFailureToAppError(describeHubSpotFailure(anApiException(503))!, context).code).toBe('HUBSPOT_UNAVAILABLE');
    expect(hubSpotFailureToAppError(describeHubSpotFailure(anApiException(400))!, context).code).toBe('HUBSPOT_REJECTED');
    expect(hubSpotFailureToAppError(describeHubSpotFailure(anApiException(404))!, context).code).toBe('NOT_FOUND');
  });

  it('names the operation and the portal', () => {
    const error = hubSpotFailureToAppError(describeHubSpotFailure(anApiException(400, { category: 'VALIDATION_ERROR', message: 'bad' }))!, context);
    expect(error.message).toContain('companies.batch.update (portal 62515)');
    expect(error.details).toMatchObject({ operation: 'companies.batch.update', portalId: '62515', status: 400, category: 'VALIDATION_ERROR' });
  });
});
