import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { isAppError } from '../src/errors.js';
import { defineJob, jobData, parseJobData } from '../src/jobs/job-definition.js';
import type { Logger } from '../src/logger.js';
import { parseActionInput, runWorkflowAction, toHubSpotOutputFields, type WorkflowActionResult } from './run-workflow-action.js';
import { resolveWorkflowAction, type WorkflowActionHandlers } from './workflow-action-handlers.js';
import { isWorkflowActionId } from './workflow-definitions.js';

/** The BullMQ queue of workflow actions that answered BLOCK and still have to be completed. */
export const BLOCKED_ACTION_QUEUE = 'workflow-actions';

/**
 * Finishes one workflow action that answered `BLOCK`, then completes HubSpot's callback. The job
 * carries the ids and the action's input fields (enumerations and dates), never record data: the
 * handler reads HubSpot again when it runs, so the outcome reflects the data at that time.
 */
export const completeBlockedActionJob = defineJob({
  name: 'complete-blocked-workflow-action',
  version: 1,
  payload: z
    .object({
      actionId: z.string().min(1),
      portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)'),
      objectType: z.enum(['COMPANY', 'CONTACT', 'DEAL']),
      objectId: z.string().min(1),
      callbackId: z.string().min(1),
      workflowId: z.string().nullable(),
      inputFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    })
    .strict(),
});

export type BlockedAction = z.infer<typeof completeBlockedActionJob.payload>;

/** Options of {@link BlockedActionQueue}; producer and worker must agree on `prefix`. */
export interface BlockedActionQueueOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
  /**
   * Tries before the action is completed as failed (HubSpot unavailable or rate limited all along).
   * Default 8: with `backoffMs` 10 s doubling, about 40 minutes in all.
   */
  attempts?: number;
  /** First retry delay, doubled on each retry. Default 10,000 ms. */
  backoffMs?: number;
}

/** BullMQ refuses custom job ids with `:`; HubSpot's callback ids are opaque strings. */
function jobIdOf(callbackId: string): string {
  return `callback-${callbackId.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** The producer side: the workflow action route hands a BLOCKed action over with `enqueue`. */
export class BlockedActionQueue {
  readonly queue: Queue;
  readonly prefix: string;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(connection: Redis, options: BlockedActionQueueOptions = {}) {
    this.prefix = options.prefix ?? 'pe';
    this.attempts = options.attempts ?? 8;
    this.backoffMs = options.backoffMs ?? 10_000;
    this.queue = new Queue(BLOCKED_ACTION_QUEUE, { connection, prefix: `${this.prefix}:bull` });
    // Connection errors also reject the calls that meet them; without a listener BullMQ prints
    // every reconnection attempt to stderr.
    this.queue.on('error', () => undefined);
  }

  /**
   * Queues the completion, to start after `delayMs`. The job id is derived from the callback id,
   * so HubSpot sending the same execution again (our BLOCK answer lost on the way) queues nothing
   * twice.
   */
  async enqueue(action: BlockedAction, options: { delayMs?: number } = {}): Promise<void> {
    await this.queue.add(completeBlockedActionJob.name, jobData(completeBlockedActionJob, action), {
      jobId: jobIdOf(action.callbackId),
      delay: options.delayMs ?? 0,
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: this.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    });
  }

  /**
   * Drops the queued completion of a callback the web process completed itself. Resolves false when
   * there was nothing to drop, or when a worker is already running it (then both complete it, and
   * HubSpot keeps the first).
   */
  async cancel(callbackId: string): Promise<boolean> {
    return (await this.queue.remove(jobIdOf(callbackId))) === 1;
  }

  /** Runs a delayed completion now (the web process gave up on it). */
  async promote(callbackId: string): Promise<void> {
    const job = await this.queue.getJob(jobIdOf(callbackId));
    if (job && (await job.isDelayed())) await job.promote();
  }

  /** Closes the BullMQ queue; the connection stays open (its owner closes it). */
  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** What finishing a blocked action needs. */
export interface CompleteBlockedActionDependencies {
  handlers: WorkflowActionHandlers;
  /** `POST /automation/v4/actions/callbacks/{callbackId}/complete` (the partner repository's `completeCallback`). */
  completeCallback(callbackId: string, outputFields: Record<string, string>): Promise<void>;
  /** The clock handlers derive "today" from. Default `new Date()`. */
  now?: () => Date;
}

/**
 * Runs the blocked action to its end: SUCCESS with its outputs, or FAIL_CONTINUE with a reason.
 * Throws what is worth retrying (HubSpot rate limited or down, Redis away, a bug).
 */
export async function finishBlockedAction(action: BlockedAction, deps: CompleteBlockedActionDependencies): Promise<WorkflowActionResult> {
  if (!isWorkflowActionId(action.actionId)) {
    return { state: 'FAIL_CONTINUE', errorCode: 'INVALID_INPUT', errorMessage: `Unknown workflow action "${action.actionId}".` };
  }
  const { definition, handler } = resolveWorkflowAction(deps.handlers, action.actionId);
  let input;
  try {
    input = parseActionInput(definition, action.inputFields);
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT')) return { state: 'FAIL_CONTINUE', errorCode: error.code, errorMessage: error.message };
    throw error;
  }
  return runWorkflowAction(definition, handler, input, {
    portalId: action.portalId,
    objectType: action.objectType,
    objectId: action.objectId,
    callbackId: action.callbackId,
    workflowId: action.workflowId,
    receivedAt: deps.now?.() ?? new Date(),
  });
}

/** The reason HubSpot shows when the action could not be finished after every try. */
function gaveUp(error: unknown, tries: number): WorkflowActionResult {
  const code = isAppError(error) ? error.code : 'INTERNAL_ERROR';
  const reason = error instanceof Error ? error.message : String(error);
  return { state: 'FAIL_CONTINUE', errorCode: code, errorMessage: `Could not finish after ${tries} tries: ${reason}` };
}

export interface BlockedActionWorkerOptions extends CompleteBlockedActionDependencies, Pick<BlockedActionQueueOptions, 'prefix'> {
  /** A `worker` connection (`maxRetriesPerRequest: null`); the caller closes it. */
  connection: Redis;
  logger: Logger;
  /** Jobs run at once. Default 2: each one waits on HubSpot's rate limit, not on this process. */
  concurrency?: number;
}

export interface RunningBlockedActionWorker {
  readonly worker: Worker;
  /** Stops taking jobs and waits for the running ones; does not close the connection. */
  close(): Promise<void>;
}

/** HubSpot gives up on a BLOCKed execution after a week by default: no point waiting past that. */
export const BLOCK_EXPIRY_MS = 7 * 24 * 3600 * 1000;

/** When HubSpot's rate limit (a spent daily budget) lets the portal be called again, if that is known. */
function rateLimitedUntil(error: unknown): number | undefined {
  if (!isAppError(error, 'HUBSPOT_RATE_LIMITED')) return undefined;
  const retryAt = (error.details as { retryAt?: unknown } | undefined)?.retryAt;
  return typeof retryAt === 'number' ? retryAt : undefined;
}

/**
 * Processes one job: finish the action, complete the callback; on the last try, complete it as
 * failed. A spent daily budget does not use up tries: the job waits until the budget is back
 * (while HubSpot still waits for the callback).
 */
export function blockedActionProcessor(deps: CompleteBlockedActionDependencies, logger: Logger) {
  return async (job: Job, token?: string): Promise<{ state: WorkflowActionResult['state'] }> => {
    const action = parseJobData(completeBlockedActionJob, job.data);
    const log = logger.child({ portalId: action.portalId, action: action.actionId, objectId: action.objectId, jobId: job.id });
    const tries = job.opts.attempts ?? 1;
    let result: WorkflowActionResult;
    try {
      result = await finishBlockedAction(action, deps);
    } catch (error) {
      const resumeAt = rateLimitedUntil(error);
      if (resumeAt !== undefined && resumeAt > Date.now() && resumeAt < job.timestamp + BLOCK_EXPIRY_MS) {
        log.warn({ resumeAt: new Date(resumeAt).toISOString() }, 'HubSpot rate limit spent; the blocked workflow action waits for it');
        await job.moveToDelayed(resumeAt, token);
        throw new DelayedError();
      }
      if (job.attemptsMade + 1 < tries) throw error;
      log.error({ err: { message: (error as Error).message } }, 'blocked workflow action failed on its last try; completing it as failed');
      result = gaveUp(error, tries);
    }
    await deps.completeCallback(action.callbackId, toHubSpotOutputFields(result));
    log.info({ state: result.state }, 'blocked workflow action completed');
    return { state: result.state };
  };
}

/** Starts the worker that completes blocked workflow actions. */
export async function startBlockedActionWorker(options: BlockedActionWorkerOptions): Promise<RunningBlockedActionWorker> {
  const logger = options.logger.child({ component: 'blocked-action-worker' });
  const worker = new Worker(BLOCKED_ACTION_QUEUE, blockedActionProcessor(options, logger), {
    connection: options.connection,
    prefix: `${options.prefix ?? 'pe'}:bull`,
    concurrency: options.concurrency ?? 2,
  });
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'blocked workflow action attempt failed');
  });
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'blocked action worker error'));
  await worker.waitUntilReady();
  return {
    worker,
    close: () => worker.close(),
  };
}
