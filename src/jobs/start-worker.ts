import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { handleRecalculateCompanies } from './handle-recalculate-companies.js';
import { handleResolveContacts } from './handle-resolve-contacts.js';
import { createJobProcessor, jobRoute } from './job-processor.js';
import { recalculateCompaniesJob, resolveContactsJob, sweepRecalculationsJob } from './recalculation-job-definitions.js';
import type { RecalculateBatch, ResolveContactCompanies } from './recalculation-handler.js';
import { RECALCULATION_BACKOFF, RECALCULATION_QUEUE, RecalculationQueue } from './recalculation-queue.js';
import { retryDelayMs, type RecalculationSettings } from './recalculation-settings.js';

/** BullMQ's lock and stall settings (tests shorten them to see a dead worker's job taken over). */
export interface WorkerLockOptions {
  /** How long a job's lock lasts without renewal; a dead worker's job is free after this. Default 30,000 ms. */
  lockDuration?: number;
  /** How often this worker looks for jobs whose lock expired. Default 30,000 ms. */
  stalledInterval?: number;
  /** Times a job may stall before it fails (its batch is resumed by the next drain anyway). Default 1. */
  maxStalledCount?: number;
}

export interface StartWorkerOptions {
  /** A `worker` connection (`createRedisConnection({ role: 'worker' })`); the caller closes it. */
  connection: Redis;
  /** Recalculates a batch of companies. */
  handler: RecalculateBatch;
  /** Finds the partner companies of contacts. */
  resolveContacts: ResolveContactCompanies;
  /** Jobs this process runs at once (config `WORKER_CONCURRENCY`). Default 4. */
  concurrency?: number;
  logger: Logger;
  metrics?: Metrics;
  /** Pipeline tuning; must agree with the web process on `prefix` and `shards`. */
  settings?: Partial<RecalculationSettings>;
  lock?: WorkerLockOptions;
  /** Register the periodic sweep (idempotent across workers). Default true. */
  scheduleSweep?: boolean;
}

export interface RunningWorker {
  readonly worker: Worker;
  /** The producer side, for the handlers' follow-up jobs; shares the worker's connection. */
  readonly queue: RecalculationQueue;
  /**
   * Stops taking jobs, lets the running batches finish and hands the rest back: a drain job
   * stops after its current batch and leaves a follow-up job for the remaining ids. After
   * `timeoutMs` (default 30,000) it stops waiting; a batch still running then is resumed by
   * another worker once its lock expires. Does not close the connection.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** Starts the recalculation worker: drains companies and contacts, and sweeps. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const logger = options.logger.child({ component: 'recalculation-worker' });
  const queue = new RecalculationQueue(options.connection, options.settings, logger);
  let stopping = false;
  const shouldStop = () => stopping;

  const processor = createJobProcessor(
    [
      jobRoute(recalculateCompaniesJob, handleRecalculateCompanies({ queue, recalculate: options.handler, metrics: options.metrics })),
      jobRoute(resolveContactsJob, handleResolveContacts({ queue, resolveContacts: options.resolveContacts })),
      jobRoute(sweepRecalculationsJob, async (_payload, context) => {
        const woken = await queue.sweep();
        if (woken > 0) context.logger.debug({ shards: woken }, 'swept shards with work');
        return { woken };
      }),
    ],
    { logger, shouldStop },
  );

  const worker = new Worker(RECALCULATION_QUEUE, processor, {
    connection: options.connection,
    prefix: `${queue.settings.prefix}:bull`,
    concurrency: options.concurrency ?? 4,
    // Spread, not assigned: BullMQ treats an explicit undefined as a value, not as "use the default".
    ...definedOnly(options.lock ?? {}),
    settings: {
      backoffStrategy: (attemptsMade: number, type?: string, error?: Error) => {
        const backoff = type === RECALCULATION_BACKOFF ? retryDelayMs(attemptsMade, queue.settings) : queue.settings.backoffBaseMs;
        // HubSpot's daily limit (or a long pause) says when calls may resume: wait until then.
        const retryAt = isAppError(error, 'HUBSPOT_RATE_LIMITED') ? (error.details as { retryAt?: unknown })?.retryAt : undefined;
        return typeof retryAt === 'number' ? Math.max(backoff, retryAt - Date.now()) : backoff;
      },
    },
  });
  worker.on('closing', () => {
    stopping = true;
  });
  worker.on('failed', (job, error) => {
    options.metrics?.jobFailures.inc({ job: job?.name ?? 'unknown' });
    logger.warn({ job: job?.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'job attempt failed');
  });
  worker.on('error', (error) => {
    logger.error({ err: { message: error.message } }, 'worker error');
  });
  await worker.waitUntilReady();

  if (options.scheduleSweep ?? true) await queue.scheduleSweep();
  // A crash may have left shards with work and no job to drain them: look now, not in a minute.
  await queue.sweep();
  logger.info({ concurrency: options.concurrency ?? 4, shards: queue.settings.shards }, 'recalculation worker started');

  return {
    worker,
    queue,
    async close({ timeoutMs = 30_000 } = {}) {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const result = await Promise.race([worker.close().then(() => 'closed' as const), timedOut]);
      clearTimeout(timer);
      if (result === 'timeout') {
        logger.warn({ timeoutMs }, 'running jobs did not finish in time; another worker resumes them when their lock expires');
      }
      await queue.close();
      logger.info('recalculation worker stopped');
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
