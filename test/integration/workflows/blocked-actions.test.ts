import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { WebServer } from '../../../src/http/start-web.js';
import { createRedisConnection } from '../../../src/redis.js';
import {
  BlockedActionQueue,
  startBlockedActionWorker,
  type BlockedAction,
  type RunningBlockedActionWorker,
} from '../../../workflows/blocked-action-queue.js';
import {
  answerOf,
  demoPartner,
  evaluateFromSandbox,
  executionRequest,
  postAction,
  startAppWith,
  startServices,
  stopServices,
  waitFor,
  workflowActionsRouterFor,
  workflowHandlersFor,
  type EnablementServices,
} from './enablement-app-harness.js';

const redisUrl = inject('redisUrl');
const ACTION = 'recalculate-partner-readiness';

function completionOf(services: EnablementServices, callbackId: string) {
  return services.sandbox.callbacks.completed.find((completed) => completed.callbackId === callbackId);
}

describe('slow executions answer BLOCK and complete through the callback', () => {
  let services: EnablementServices;
  let app: { web: WebServer; close(): Promise<void> } | undefined;
  let worker: RunningBlockedActionWorker | undefined;
  let workerRedis: Redis | undefined;

  async function startWorker(overrides: { now?: () => Date } = {}): Promise<RunningBlockedActionWorker> {
    workerRedis = createRedisConnection({ url: redisUrl, role: 'worker' });
    return startBlockedActionWorker({
      connection: workerRedis,
      prefix: services.prefix,
      handlers: workflowHandlersFor(services),
      completeCallback: (callbackId, outputFields) => services.repository.completeCallback(callbackId, outputFields),
      logger: services.logs.logger,
      ...overrides,
    });
  }

  beforeEach(async () => {
    // Two requests per second: one partner (about six requests) cannot be done within the deadline.
    services = await startServices(redisUrl, { budget: { requests: 2, intervalMs: 1_000 } });
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await workerRedis?.quit();
    workerRedis = undefined;
    await app?.close();
    app = undefined;
    await stopServices(services);
  });

  it('answers BLOCK when the work outlasts the answer deadline, then completes the callback with the outputs', async () => {
    // The real action, held until the answer has arrived: the route must answer on its own
    // deadline, whatever the work's pace (a route that waited for the work would never answer).
    const real = workflowHandlersFor(services)[ACTION];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const heldAction: typeof real = async (...args) => {
      await held;
      return real(...args);
    };
    app = await startAppWith(services, [workflowActionsRouterFor(services, { answerWithinMs: 300, handlers: { [ACTION]: heldAction } })]);
    const silver = demoPartner(services.sandbox, 'silver').id;
    const { evaluation } = evaluateFromSandbox(services, silver);
    const body = executionRequest(services, { objectId: silver });
    const callbackId = body.callbackId as string;

    const response = await postAction(services, app.web, ACTION, body);

    expect(response.status).toBe(200);
    expect((await answerOf(response)).outputFields).toEqual({ hs_execution_state: 'BLOCK' });
    expect(completionOf(services, callbackId)).toBeUndefined();
    release();
    await waitFor(() => completionOf(services, callbackId) !== undefined, 20_000, 'the callback completion');
    expect(completionOf(services, callbackId)!.outputFields).toEqual({
      readiness_score: String(evaluation.score),
      tier: 'silver',
      next_tier: 'gold',
      points_to_next_tier: String(evaluation.pointsToNextTier),
      gap_count: String(evaluation.gaps.length),
      hs_execution_state: 'SUCCESS',
    });
  });

  it('drops the queued safety net once the web process has completed the callback itself', async () => {
    app = await startAppWith(services, [workflowActionsRouterFor(services, { answerWithinMs: 300 })]);
    const body = executionRequest(services, { objectId: demoPartner(services.sandbox, 'gold').id });
    const callbackId = body.callbackId as string;

    await postAction(services, app.web, ACTION, body);
    expect(await services.blocked.queue.getJobCountByTypes('delayed')).toBe(1);
    await waitFor(() => completionOf(services, callbackId) !== undefined, 20_000, 'the callback completion');
    await waitFor(async () => (await services.blocked.queue.getJobCountByTypes('delayed', 'waiting', 'active')) === 0, 5_000, 'the safety net to be dropped');

    expect(services.sandbox.callbacks.completed.filter((completed) => completed.callbackId === callbackId)).toHaveLength(1);
  });

  it('completes a blocked execution from the queue when the web process never did (it died)', async () => {
    const gold = demoPartner(services.sandbox, 'gold').id;
    const action: BlockedAction = {
      actionId: ACTION,
      portalId: services.portalId,
      objectType: 'COMPANY',
      objectId: gold,
      callbackId: 'ap-orphaned-1',
      workflowId: '4242',
      inputFields: {},
    };
    await services.blocked.enqueue(action, { delayMs: 0 });

    worker = await startWorker({ now: () => new Date(services.clock.now) });

    await waitFor(() => completionOf(services, 'ap-orphaned-1') !== undefined, 20_000, 'the callback completion');
    expect(completionOf(services, 'ap-orphaned-1')!.outputFields).toMatchObject({ tier: 'gold', hs_execution_state: 'SUCCESS' });
  });

  it('completes the execution as failed, with the reason, when HubSpot stays down through every try', async () => {
    const queue = new BlockedActionQueue(services.redis, { prefix: services.prefix, attempts: 2, backoffMs: 20 });
    services.sandbox.faults.failNext(100, { status: 503, match: { path: '/crm/v3/objects/companies/batch/read' } });
    await queue.enqueue(
      {
        actionId: ACTION,
        portalId: services.portalId,
        objectType: 'COMPANY',
        objectId: demoPartner(services.sandbox, 'bronze').id,
        callbackId: 'ap-doomed-1',
        workflowId: null,
        inputFields: {},
      },
      { delayMs: 0 },
    );

    worker = await startWorker();

    await waitFor(() => completionOf(services, 'ap-doomed-1') !== undefined, 20_000, 'the failed completion');
    await queue.close();
    const { outputFields } = completionOf(services, 'ap-doomed-1')!;
    expect(outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', errorCode: 'HUBSPOT_UNAVAILABLE' });
    expect(outputFields.errorMessage).toMatch(/^Could not finish after 2 tries: /);
  });

  it('waits for a spent daily budget without using up its tries', async () => {
    services.sandbox.faults.failNext(1, { status: 429, policyName: 'DAILY', match: { path: '/crm/v3/objects/companies/batch/read' } });
    await services.blocked.enqueue(
      {
        actionId: ACTION,
        portalId: services.portalId,
        objectType: 'COMPANY',
        objectId: demoPartner(services.sandbox, 'silver').id,
        callbackId: 'ap-daily-1',
        workflowId: null,
        inputFields: {},
      },
      { delayMs: 0 },
    );

    worker = await startWorker();

    await waitFor(async () => (await services.blocked.queue.getJobs(['delayed'])).length === 1, 10_000, 'the job to wait for the budget');
    const [job] = await services.blocked.queue.getJobs(['delayed']);
    expect(job!.attemptsMade).toBe(0);
    const pause = await services.limiter.pausedUntil(services.portalId);
    expect(pause).not.toBeNull();
    expect(completionOf(services, 'ap-daily-1')).toBeUndefined();
    await services.limiter.clearPause(services.portalId);
  });

  it('queues one completion when HubSpot sends the same execution twice', async () => {
    const action: BlockedAction = {
      actionId: ACTION,
      portalId: services.portalId,
      objectType: 'COMPANY',
      objectId: '1',
      callbackId: 'ap-twice:1',
      workflowId: null,
      inputFields: {},
    };

    await services.blocked.enqueue(action, { delayMs: 60_000 });
    await services.blocked.enqueue(action, { delayMs: 60_000 });

    expect(await services.blocked.queue.getJobCountByTypes('delayed')).toBe(1);
  });
});
