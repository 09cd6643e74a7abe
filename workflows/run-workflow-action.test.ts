import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { parseActionInput, runWorkflowAction, toHubSpotOutputFields } from './run-workflow-action.js';
import { WORKFLOW_ACTIONS } from './workflow-definitions.js';

const context = {
  portalId: '62515',
  objectType: 'CONTACT' as const,
  objectId: '501',
  callbackId: 'ap-1',
  workflowId: '4242',
  receivedAt: new Date('2026-11-15T12:00:00Z'),
};

describe('parseActionInput', () => {
  const recordCertification = WORKFLOW_ACTIONS['record-certification'];

  it('parses HubSpot\'s input fields, a date property given as epoch milliseconds included', () => {
    const input = parseActionInput(recordCertification, { certification: 'sales_fundamentals', earned_on: String(Date.UTC(2026, 2, 1)) });

    expect(input).toEqual({ certification: 'sales_fundamentals', earned_on: '2026-03-01' });
  });

  it('drops fields the action does not define (HubSpot may add some)', () => {
    const input = parseActionInput(recordCertification, { certification: 'sales_fundamentals', earned_on: '2026-03-01', extra: 'x' });

    expect(input).not.toHaveProperty('extra');
  });

  it('names every missing field by its label', () => {
    const refusal = (() => {
      try {
        parseActionInput(recordCertification, { earned_on: '' });
      } catch (error) {
        return error;
      }
    })();

    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('INVALID_INPUT');
    expect((refusal as AppError).message).toBe('Record certification: Certification is required; Date earned is required.');
  });

  it('names a missing field and a malformed one together', () => {
    expect(() => parseActionInput(recordCertification, { certification: '', earned_on: 'yesterday' })).toThrow(
      /^Record certification: Certification is required; Date earned "yesterday" is not valid: .+\.$/,
    );
  });

  it('names every malformed field, not only the first', () => {
    expect(() => parseActionInput(recordCertification, { certification: 'Sales Pro', earned_on: 'yesterday' })).toThrow(
      /^Record certification: Certification "Sales Pro" is not valid: expected a certification id; Date earned "yesterday" is not valid: /,
    );
  });

  it('names a malformed value by its field label and quotes it', () => {
    expect(() => parseActionInput(recordCertification, { certification: 'sales_fundamentals', earned_on: 'yesterday' })).toThrow(
      /^Record certification: Date earned "yesterday" is not valid: /,
    );
  });
});

describe('runWorkflowAction', () => {
  const checkTier = WORKFLOW_ACTIONS['check-tier-eligibility'];

  it('serialises outputs as HubSpot strings', async () => {
    const result = await runWorkflowAction(checkTier, async () => ({ eligible: 'no' as const, missing_items: 'a\nb', missing_count: 2 }), { target_tier: 'gold' }, context);

    expect(toHubSpotOutputFields(result)).toEqual({ eligible: 'no', missing_items: 'a\nb', missing_count: '2', hs_execution_state: 'SUCCESS' });
  });

  it.each(['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'TRACK_LIMIT', 'CONSENT_REQUIRED', 'HUBSPOT_REJECTED'] as const)(
    'fails the action with the reason on %s',
    async (code) => {
      const result = await runWorkflowAction(checkTier, async () => {
        throw new AppError(code, 'the reason');
      }, { target_tier: 'gold' }, context);

      expect(toHubSpotOutputFields(result)).toEqual({ errorCode: code, errorMessage: 'the reason', hs_execution_state: 'FAIL_CONTINUE' });
    },
  );

  it.each(['HUBSPOT_RATE_LIMITED', 'HUBSPOT_UNAVAILABLE', 'SERVICE_UNAVAILABLE'] as const)('throws %s so that it is retried', async (code) => {
    const run = runWorkflowAction(checkTier, async () => {
      throw new AppError(code, 'later');
    }, { target_tier: 'gold' }, context);

    await expect(run).rejects.toMatchObject({ code });
  });

  it('throws when a handler returns an output its definition refuses, rather than sending it to HubSpot', async () => {
    const run = runWorkflowAction(checkTier, async () => ({ eligible: 'maybe' as 'yes', missing_items: '', missing_count: 0 }), { target_tier: 'gold' }, context);

    await expect(run).rejects.toThrow();
  });
});
