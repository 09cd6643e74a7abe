import { describe, expect, inject, it } from 'vitest';
import { answerOf, demoPartner, executionRequest, postAction, useWorkflowActionsApp } from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'check-tier-eligibility';

describe('Check tier eligibility', () => {
  const app = useWorkflowActionsApp(redisUrl);

  async function check(objectId: string, inputFields: Record<string, unknown>) {
    const response = await postAction(app.services, app.web, ACTION, executionRequest(app.services, { objectId, inputFields }));
    expect(response.status).toBe(200);
    return (await answerOf(response)).outputFields as Record<string, string>;
  }

  it('says yes, with nothing missing, for the tier the partner holds', async () => {
    const gold = demoPartner(app.services.sandbox, 'gold').id;

    expect(await check(gold, { target_tier: 'gold' })).toEqual({
      eligible: 'yes',
      missing_items: '',
      missing_count: '0',
      hs_execution_state: 'SUCCESS',
    });
  });

  it('lists what a gold partner lacks for platinum, one line per item', async () => {
    const gold = demoPartner(app.services.sandbox, 'gold').id;
    const advancedDone = Number(app.services.sandbox.store.getCompany(gold)!.properties.pe_advanced_modules_completed);

    const outputs = await check(gold, { target_tier: 'platinum' });

    expect(outputs.eligible).toBe('no');
    expect(outputs.hs_execution_state).toBe('SUCCESS');
    const lines = outputs.missing_items!.split('\n');
    expect(lines).toContain(`Finish the Advanced track (${6 - advancedDone} module${6 - advancedDone === 1 ? '' : 's'} left)`);
    expect(Number(outputs.missing_count)).toBe(lines.length);
  });

  it('leaves renewals out: they are not requirements of a tier', async () => {
    const partners = app.services.sandbox.seed.partners.filter((p) => p.expectedTier === 'platinum');
    const outputs = await Promise.all(partners.map((p) => check(p.id, { target_tier: 'platinum' })));

    for (const output of outputs) expect(output).toMatchObject({ eligible: 'yes', missing_count: '0', missing_items: '' });
  });

  it('writes nothing to HubSpot', async () => {
    app.services.sandbox.requests.reset();

    await check(demoPartner(app.services.sandbox, 'silver').id, { target_tier: 'gold' });

    expect(app.services.sandbox.requests.count({ path: /batch\/update/ })).toBe(0);
    expect(app.services.sandbox.requests.count({ method: 'POST', path: /batch\/read/ })).toBe(3);
  });

  it('fails with a readable reason for a tier that does not exist', async () => {
    const outputs = await check(demoPartner(app.services.sandbox, 'gold').id, { target_tier: 'diamond' });

    expect(outputs).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
    expect(outputs.errorMessage).toMatch(/^Check tier eligibility: Target tier "diamond" is not valid/);
  });

  it('fails when the target tier is missing, naming the field', async () => {
    const outputs = await check(demoPartner(app.services.sandbox, 'gold').id, {});

    expect(outputs).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
    expect(outputs.errorMessage).toBe('Check tier eligibility: Target tier is required.');
  });

  it('fails for a company that is not a partner', async () => {
    const outputs = await check(app.services.sandbox.seed.nonPartnerIds[0]!, { target_tier: 'bronze' });

    expect(outputs).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
    expect(outputs.errorMessage).toContain('is not a partner');
  });

  it('fails with NOT_FOUND for a company the portal does not have', async () => {
    const outputs = await check('987654321', { target_tier: 'bronze' });

    expect(outputs).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'NOT_FOUND' });
  });
});
