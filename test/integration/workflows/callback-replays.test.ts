import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { AnsweredCallbacks } from '../../../workflows/answered-callbacks.js';
import type { WorkflowActionHandlers } from '../../../workflows/workflow-action-handlers.js';
import {
  answerOf,
  demoPartner,
  executionRequest,
  postAction,
  SECRET,
  useEnablementApp,
  workflowActionsRouterFor,
  workflowHandlersFor,
  type EnablementServices,
} from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'check-tier-eligibility';
const DAY_MS = 24 * 3600 * 1000;

/** The real check-tier-eligibility handler behind a gate the test opens, counting its runs. */
function gatedHandler() {
  const gate = {
    runs: 0,
    failNext: false,
    open: () => {},
    closed: Promise.resolve(),
    close() {
      this.closed = new Promise<void>((resolve) => {
        this.open = resolve;
      });
    },
  };
  const handlerFor = (services: EnablementServices): Partial<WorkflowActionHandlers> => {
    const real = workflowHandlersFor(services)[ACTION];
    return {
      [ACTION]: async (input, context) => {
        gate.runs += 1;
        await gate.closed;
        if (gate.failNext) {
          gate.failNext = false;
          throw new AppError('HUBSPOT_UNAVAILABLE', 'HubSpot answered 502 three times');
        }
        return real(input, context);
      },
    };
  };
  return { gate, handlerFor };
}

describe('workflow action executions delivered more than once', () => {
  const { gate, handlerFor } = gatedHandler();
  const app = useEnablementApp(redisUrl, (services) => [workflowActionsRouterFor(services, { handlers: handlerFor(services) })]);
  let gold: string;

  beforeAll(() => {
    gold = demoPartner(app.services.sandbox, 'gold').id;
  });

  beforeEach(() => {
    gate.runs = 0;
    gate.failNext = false;
    gate.closed = Promise.resolve();
    app.services.sandbox.requests.reset();
  });

  const execution = () => executionRequest(app.services, { objectId: gold, inputFields: { target_tier: 'gold' } });

  it('answers an identical re-delivery with the stored answer and runs nothing again', async () => {
    const body = execution();
    const first = await postAction(app.services, app.web, ACTION, body);
    const firstAnswer = await answerOf(first);
    app.services.sandbox.requests.reset();

    const again = await postAction(app.services, app.web, ACTION, body);

    expect(first.status).toBe(200);
    expect(firstAnswer.outputFields.hs_execution_state).toBe('SUCCESS');
    expect(again.status).toBe(200);
    expect(await answerOf(again)).toEqual(firstAnswer);
    expect(gate.runs).toBe(1);
    expect(app.services.sandbox.requests.count()).toBe(0);
  });

  it('keeps the answer for 7 days', async () => {
    const body = execution();
    await postAction(app.services, app.web, ACTION, body);

    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`${app.services.prefix}:workflow-actions:answered:*:${String(body.callbackId)}`);
      expect(keys).toHaveLength(1);
      const ttl = await redis.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(7 * DAY_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(7 * DAY_MS);
    } finally {
      redis.disconnect();
    }
  });

  it('asks a delivery that arrives while the first one runs to retry (429), and then gives it the first one\'s answer', async () => {
    const body = execution();
    gate.close();
    const firstResponse = postAction(app.services, app.web, ACTION, body);
    await waitUntil(() => gate.runs === 1);

    const concurrent = await postAction(app.services, app.web, ACTION, body);

    expect(concurrent.status).toBe(429);
    expect(Number(concurrent.headers.get('retry-after'))).toBeGreaterThan(0);
    gate.open();
    const first = await firstResponse;
    expect(first.status).toBe(200);
    const firstAnswer = await answerOf(first);
    const retried = await postAction(app.services, app.web, ACTION, body);
    expect(retried.status).toBe(200);
    expect(await answerOf(retried)).toEqual(firstAnswer);
    expect(gate.runs).toBe(1);
  });

  it('runs the execution again when HubSpot retries after an answer it retries (503)', async () => {
    const body = execution();
    gate.failNext = true;

    const failed = await postAction(app.services, app.web, ACTION, body);
    const retried = await postAction(app.services, app.web, ACTION, body);

    expect(failed.status).toBe(503);
    expect(retried.status).toBe(200);
    expect((await answerOf(retried)).outputFields.hs_execution_state).toBe('SUCCESS');
    expect(gate.runs).toBe(2);
  });

  it('refuses (409) a request that reuses a callback id with another body, and runs nothing', async () => {
    const body = execution();
    await postAction(app.services, app.web, ACTION, body);
    app.services.sandbox.requests.reset();

    const reused = await postAction(app.services, app.web, ACTION, { ...body, inputFields: { target_tier: 'platinum' } });

    expect(reused.status).toBe(409);
    expect(gate.runs).toBe(1);
    expect(app.services.sandbox.requests.count()).toBe(0);
  });

  it('does not take a callback id for a request whose signature fails', async () => {
    const body = execution();
    const forged = await postAction(app.services, app.web, ACTION, body, { secret: 'someone-elses-secret' });

    const genuine = await postAction(app.services, app.web, ACTION, body);

    expect(forged.status).toBe(401);
    expect(genuine.status).toBe(200);
    expect((await answerOf(genuine)).outputFields.hs_execution_state).toBe('SUCCESS');
  });
});

describe('workflow action executions while Redis is away', () => {
  const gated = gatedHandler();
  let offline: Redis;
  const app = useEnablementApp(redisUrl, (services) => {
    // Never connected, and no offline queue: every command fails at once, as with Redis down.
    offline = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    return [workflowActionsRouterFor(services, { handlers: gated.handlerFor(services), answeredCallbacks: new AnsweredCallbacks(offline) })];
  });

  afterAll(() => {
    offline?.disconnect();
  });

  it('answers 503, so HubSpot retries, and runs nothing it could not record', async () => {
    const body = executionRequest(app.services, { objectId: demoPartner(app.services.sandbox, 'gold').id, inputFields: { target_tier: 'gold' } });

    const response = await postAction(app.services, app.web, ACTION, body);

    expect(response.status).toBe(503);
    expect((await answerOf(response)).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(gated.gate.runs).toBe(0);
  });

  it('answers 400 to a callback id longer than any HubSpot sends', async () => {
    const body = executionRequest(app.services, { objectId: demoPartner(app.services.sandbox, 'gold').id, callbackId: 'x'.repeat(10_000) });

    const response = await postAction(app.services, app.web, ACTION, body);

    expect(response.status).toBe(400);
    expect(gated.gate.runs).toBe(0);
  });
});

describe('workflow action signatures: v3 whenever HubSpot sends it', () => {
  const app = useEnablementApp(redisUrl, (services) => [workflowActionsRouterFor(services)]);
  let gold: string;

  beforeAll(() => {
    gold = demoPartner(app.services.sandbox, 'gold').id;
  });

  const execution = () => executionRequest(app.services, { objectId: gold, inputFields: { target_tier: 'gold' } });

  it('runs a request signed v3 alone', async () => {
    const response = await postAction(app.services, app.web, ACTION, execution(), { signature: 'v3' });

    expect(response.status).toBe(200);
    expect((await answerOf(response)).outputFields.hs_execution_state).toBe('SUCCESS');
  });

  it('refuses a v3-only request whose timestamp is over 5 minutes old, or as far in the future', async () => {
    const old = await postAction(app.services, app.web, ACTION, execution(), { signature: 'v3', timestamp: app.services.clock.now - 5 * 60_000 - 1_000 });
    const future = await postAction(app.services, app.web, ACTION, execution(), { signature: 'v3', timestamp: app.services.clock.now + 5 * 60_000 + 1_000 });

    expect(old.status).toBe(401);
    expect(future.status).toBe(401);
  });

  it('refuses a request with a good v2 and a stale v3: v2 alone counts only when v3 is absent', async () => {
    const response = await postAction(app.services, app.web, ACTION, execution(), { signature: 'v2+v3', timestamp: app.services.clock.now - 10 * 60_000 });

    expect(response.status).toBe(401);
    expect((await answerOf(response)).error.message).toContain('old');
  });

  it('refuses a request with a good v3 and a wrong v2 beside it', async () => {
    const response = await postAction(app.services, app.web, ACTION, execution(), { signature: 'v2+v3', secret: 'someone-elses-secret', v3Secret: SECRET });

    expect(response.status).toBe(401);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
