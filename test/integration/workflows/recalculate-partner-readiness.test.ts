import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  answerOf,
  demoPartner,
  evaluateFromSandbox,
  executionRequest,
  postAction,
  useWorkflowActionsApp,
} from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'recalculate-partner-readiness';

describe('Recalculate partner readiness', () => {
  const app = useWorkflowActionsApp(redisUrl);

  afterEach(async () => {
    app.services.sandbox.faults.clear();
    await app.services.limiter.clearPause(app.services.portalId);
  });

  const recalculate = (objectId: string, options: Parameters<typeof postAction>[4] = {}) =>
    postAction(app.services, app.web, ACTION, executionRequest(app.services, { objectId }), options);

  it('answers SUCCESS with the score, tier, next tier, points and gap count the rules give', async () => {
    const silver = demoPartner(app.services.sandbox, 'silver').id;
    const { evaluation } = evaluateFromSandbox(app.services, silver);

    const response = await recalculate(silver);

    expect(response.status).toBe(200);
    expect((await answerOf(response)).outputFields).toEqual({
      readiness_score: String(evaluation.score),
      tier: 'silver',
      next_tier: 'gold',
      points_to_next_tier: String(evaluation.pointsToNextTier),
      gap_count: String(evaluation.gaps.length),
      hs_execution_state: 'SUCCESS',
    });
  });

  it('writes the outputs onto the company, as a webhook-triggered recalculation would', async () => {
    const bronze = demoPartner(app.services.sandbox, 'bronze').id;
    const { evaluation } = evaluateFromSandbox(app.services, bronze);

    await recalculate(bronze);

    expect(app.services.sandbox.store.getCompany(bronze)!.properties).toMatchObject({
      pe_readiness_score: String(evaluation.score),
      pe_tier: 'bronze',
      pe_gap_count: String(evaluation.gaps.length),
    });
  });

  it('answers an empty next tier at platinum', async () => {
    const platinum = demoPartner(app.services.sandbox, 'platinum').id;

    const { outputFields } = await answerOf(await recalculate(platinum));

    expect(outputFields).toMatchObject({ tier: 'platinum', next_tier: '', points_to_next_tier: '0', hs_execution_state: 'SUCCESS' });
  });

  it('costs one company read, one association read, one contact read and the writes, then one read back', async () => {
    const gold = demoPartner(app.services.sandbox, 'gold').id;
    await recalculate(gold);
    app.services.sandbox.requests.reset();

    await recalculate(gold);

    // Already up to date: nothing to write the second time.
    expect(app.services.sandbox.requests.count({ path: /batch\/update/ })).toBe(0);
    expect(app.services.sandbox.requests.count({ path: '/crm/v3/objects/companies/batch/read' })).toBe(2);
    expect(app.services.sandbox.requests.count()).toBe(4);
  });

  it('fails with a readable reason for a company that is not a partner, and writes nothing', async () => {
    const nonPartner = app.services.sandbox.seed.nonPartnerIds[0]!;
    app.services.sandbox.requests.reset();

    const { outputFields } = await answerOf(await recalculate(nonPartner));

    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
    expect(outputFields.errorMessage).toBe(`Company ${nonPartner} is not a partner (pe_is_partner is not true): there is nothing to recalculate.`);
    expect(app.services.sandbox.requests.count({ path: /batch\/update/ })).toBe(0);
  });

  it('fails with NOT_FOUND for a company the portal does not have', async () => {
    const { outputFields } = await answerOf(await recalculate('987654321'));

    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'NOT_FOUND' });
  });

  it('fails when enrolled on a contact rather than a company', async () => {
    const contactId = demoPartner(app.services.sandbox, 'gold').contactIds[0]!;
    const body = executionRequest(app.services, { objectId: contactId, objectType: 'CONTACT' });

    const { outputFields } = await answerOf(await postAction(app.services, app.web, ACTION, body));

    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
  });

  it('answers 401 to an unsigned request and writes nothing', async () => {
    const silver = demoPartner(app.services.sandbox, 'silver').id;
    app.services.sandbox.requests.reset();

    const response = await recalculate(silver, { signature: 'none' });

    expect(response.status).toBe(401);
    expect(app.services.sandbox.requests.count()).toBe(0);
  });

  it('answers 429 with Retry-After when HubSpot says the daily limit is spent, so HubSpot sends it again', async () => {
    app.services.sandbox.faults.failNext(1, { status: 429, policyName: 'DAILY' });

    const response = await recalculate(demoPartner(app.services.sandbox, 'silver').id);

    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await answerOf(response)).error.code).toBe('HUBSPOT_RATE_LIMITED');
  });

  it('answers 503 when HubSpot keeps failing, so HubSpot sends it again later', async () => {
    app.services.sandbox.faults.failNext(10, { status: 502 });

    const response = await recalculate(demoPartner(app.services.sandbox, 'silver').id);

    expect(response.status).toBe(503);
    expect((await answerOf(response)).error.code).toBe('HUBSPOT_UNAVAILABLE');
  });
});
