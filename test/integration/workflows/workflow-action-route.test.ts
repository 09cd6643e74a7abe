import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  answerOf,
  demoPartner,
  executionRequest,
  postAction,
  startAppWith,
  useWorkflowActionsApp,
  workflowActionsRouterFor,
} from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'check-tier-eligibility';

describe('POST /hubspot/actions/<action>: the request HubSpot sends', () => {
  const app = useWorkflowActionsApp(redisUrl);
  let gold: string;

  beforeAll(() => {
    gold = demoPartner(app.services.sandbox, 'gold').id;
  });

  beforeEach(() => {
    app.services.sandbox.requests.reset();
  });

  const valid = () => executionRequest(app.services, { objectId: gold, inputFields: { target_tier: 'gold' } });

  describe('signatures', () => {
    it('runs a request signed v2 with the client secret', async () => {
      const response = await postAction(app.services, app.web, ACTION, valid());

      expect(response.status).toBe(200);
      expect((await answerOf(response)).outputFields.hs_execution_state).toBe('SUCCESS');
    });

    it('runs a request signed v2 and v3 when both hold', async () => {
      const response = await postAction(app.services, app.web, ACTION, valid(), { signature: 'v2+v3' });

      expect(response.status).toBe(200);
      expect((await answerOf(response)).outputFields.hs_execution_state).toBe('SUCCESS');
    });

    it('answers 401 to an unsigned request and reads nothing from HubSpot', async () => {
      const response = await postAction(app.services, app.web, ACTION, valid(), { signature: 'none' });

      expect(response.status).toBe(401);
      expect((await answerOf(response)).error.code).toBe('INVALID_SIGNATURE');
      expect(app.services.sandbox.requests.count()).toBe(0);
    });

    it('answers 401 to a v2 signature made with another secret', async () => {
      const response = await postAction(app.services, app.web, ACTION, valid(), { secret: 'someone-elses-secret' });

      expect(response.status).toBe(401);
      expect(app.services.sandbox.requests.count()).toBe(0);
    });

    it('answers 401 when the body is not the one that was signed', async () => {
      const signed = JSON.stringify(valid());
      const tampered = executionRequest(app.services, { objectId: gold, inputFields: { target_tier: 'platinum' } });

      const response = await postAction(app.services, app.web, ACTION, tampered, { signedBody: signed });

      expect(response.status).toBe(401);
    });

    it('answers 401 when a v3 signature is present and wrong, even with a good v2', async () => {
      const response = await postAction(app.services, app.web, ACTION, valid(), { signature: 'v2+v3', v3Secret: 'someone-elses-secret' });

      expect(response.status).toBe(401);
      expect(app.services.sandbox.requests.count()).toBe(0);
    });

    it('answers 401 when the v3 timestamp is over 5 minutes old', async () => {
      const response = await postAction(app.services, app.web, ACTION, valid(), { signature: 'v2+v3', timestamp: app.services.clock.now - 5 * 60_000 - 1_000 });

      expect(response.status).toBe(401);
    });
  });

  it('refuses everything, even a request signed with an empty secret, when no client secret is configured', async () => {
    const unconfigured = await startAppWith(app.services, [workflowActionsRouterFor(app.services, { clientSecret: '' })]);
    try {
      const response = await postAction(app.services, unconfigured.web, ACTION, valid(), { secret: '' });

      expect(response.status).toBe(401);
      expect((await answerOf(response)).error.message).toContain('HUBSPOT_CLIENT_SECRET');
    } finally {
      await unconfigured.close();
    }
  });

  describe('the body', () => {
    it('answers 400 to a signed body that is not JSON', async () => {
      const response = await postAction(app.services, app.web, ACTION, 'not json');

      expect(response.status).toBe(400);
      expect((await answerOf(response)).error.code).toBe('INVALID_INPUT');
    });

    it('answers 400 to a signed body without a callback id or object', async () => {
      const response = await postAction(app.services, app.web, ACTION, { inputFields: { target_tier: 'gold' } });

      expect(response.status).toBe(400);
      const body = await answerOf(response);
      expect(body.error.message).toContain('callbackId');
      expect(app.services.sandbox.requests.count()).toBe(0);
    });

    it('names the first twenty problems of a body with thousands and counts the rest', async () => {
      const inputFields = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`field_${index}`, { not: 'a value' }]));

      const response = await postAction(app.services, app.web, ACTION, { ...valid(), inputFields });

      expect(response.status).toBe(400);
      const { message } = (await answerOf(response)).error;
      expect(message.match(/inputFields\.field_\d+:/g)).toHaveLength(20);
      expect(message).toMatch(/; and 4980 more\.$/);
      expect(app.services.sandbox.requests.count()).toBe(0);
    });

    it('answers 404 for an action that does not exist', async () => {
      const response = await postAction(app.services, app.web, 'launch-rockets', valid());

      expect(response.status).toBe(404);
    });

    it('accepts ids as strings as well as numbers', async () => {
      const body = { ...valid(), origin: { portalId: app.services.portalId }, object: { objectId: gold, objectType: 'COMPANY' } };

      const response = await postAction(app.services, app.web, ACTION, body);

      expect((await answerOf(response)).outputFields.hs_execution_state).toBe('SUCCESS');
    });
  });

  describe('what the installation answers for', () => {
    it('fails an execution from another portal with FORBIDDEN and reads nothing', async () => {
      const body = executionRequest(app.services, { objectId: gold, portalId: 999_999, inputFields: { target_tier: 'gold' } });

      const response = await postAction(app.services, app.web, ACTION, body);

      expect(response.status).toBe(200);
      const { outputFields } = await answerOf(response);
      expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'FORBIDDEN' });
      expect(outputFields.errorMessage).toContain('999999');
      expect(app.services.sandbox.requests.count()).toBe(0);
    });

    it('fails an action enrolled on the wrong kind of record', async () => {
      const body = executionRequest(app.services, { objectId: gold, objectType: 'CONTACT', inputFields: { target_tier: 'gold' } });

      const { outputFields } = await answerOf(await postAction(app.services, app.web, ACTION, body));

      expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT' });
      expect(outputFields.errorMessage).toBe('Check tier eligibility works on company records, not contact records.');
    });
  });
});
