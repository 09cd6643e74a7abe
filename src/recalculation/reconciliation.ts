import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { defineJob, jobData, parseJobData } from '../jobs/job-definition.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import { sweepPartnerIds } from './sweep-partner-ids.js';

/** The BullMQ queue of reconciliation sweeps (its own, so a long sweep never waits behind drains). */
export const RECONCILIATION_QUEUE = 'reconciliation';

/**
 * Re-evaluates every partner of a portal: pages through the search API and queues the ids for
 * recalculation, coalesced with whatever webhooks queued. `after` is the cursor of a sweep that
 * was interrupted; a resumed job starts above it.
 */
export const reconcilePartnersJob = defineJob({
  name: 'reconcile-partners',
  version: 1,
  payload: z
    .object({
      portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)'),
      after: z.string().optional(),
    })
    .strict(),
});

type ReconcilePayload = z.infer<typeof reconcilePartnersJob.payload>;

export interface ReconciliationQueueOptions {
  /** Prefix shared with the recalculation pipeline (`RecalculationSettings.prefix`). Default `pe`. */
  prefix?: string;
}

/**
 * The producer side: the nightly schedule (a BullMQ job scheduler per portal, idempotent, so every
 * process may upsert it at start) and on-demand runs. Does not own the connection.
 */
export class ReconciliationQueue {
  readonly queue: Queue;
  private readonly prefix: string;

  constructor(
    private readonly connection: Redis,
    options: ReconciliationQueueOptions = {},
  ) {
    this.prefix = options.prefix ?? 'pe';
    this.queue = new Queue(RECONCILIATION_QUEUE, { connection, prefix: `${this.prefix}:bull` });
    // Connection errors also reject the calls that meet them; without a listener BullMQ prints
    // every reconnection attempt to stderr.
    this.queue.on('error', () => undefined);
  }

  /** Remembers that every partner of the portal was queued (or evaluated) at `at`. */
  async recordCompleted(portalId: string, at: number = Date.now()): Promise<void> {
    await this.connection.set(this.lastKey(portalId), String(at));
  }

  /** When a sweep of the portal last completed (epoch ms), or null when none ever did. */
  async lastCompletedAt(portalId: string): Promise<number | null> {
    const value = await this.connection.get(this.lastKey(portalId));
    return value === null ? null : Number(value);
  }

  /**
   * Starts a sweep now when the last one completed longer than `maxAgeMs` ago, or never: a fresh
   * installation, or one that was down for longer than HubSpot retries webhooks (24 hours), is
   * brought up to date at once instead of at the next scheduled run. Resolves whether it started one.
   */
  async runIfStale(portalId: string, maxAgeMs: number, now: number = Date.now()): Promise<boolean> {
    const last = await this.lastCompletedAt(portalId);
    if (last !== null && now - last <= maxAgeMs) return false;
    await this.runNow(portalId);
    return true;
  }

  private lastKey(portalId: string): string {
    return `${this.prefix}:reconcile:last:${portalId}`;
  }

  /** Runs a sweep of the portal on the cron `pattern` (config `RECONCILE_CRON`, UTC; nightly by default). */
  async schedule(portalId: string, pattern: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedulerId(portalId),
      { pattern, tz: 'UTC' },
      { name: reconcilePartnersJob.name, data: jobData(reconcilePartnersJob, { portalId }), opts: jobOptions() },
    );
  }

  /** When the portal's next scheduled sweep runs (epoch ms), or null when none is scheduled. */
  async nextScheduledAt(portalId: string): Promise<number | null> {
    const scheduler = await this.queue.getJobScheduler(schedulerId(portalId));
    return scheduler?.next ?? null;
  }

  /**
   * Starts a sweep of the portal now, unless one started this way is still waiting or running
   * (then that one covers the request). Resolves with the job id.
   */
  async runNow(portalId: string, after?: string): Promise<string> {
    const job = await this.queue.add(reconcilePartnersJob.name, jobData(reconcilePartnersJob, after === undefined ? { portalId } : { portalId, after }), {
      ...jobOptions(),
      deduplication: { id: `${reconcilePartnersJob.name}:${portalId}${after === undefined ? '' : `:${after}`}` },
    });
    return String(job.id);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

function schedulerId(portalId: string): string {
  return `${reconcilePartnersJob.name}:${portalId}`;
}

function jobOptions() {
  return {
    attempts: 8,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 100 },
    removeOnFail: { age: 30 * 24 * 3600, count: 100 },
  };
}

export interface ReconciliationWorkerOptions {
  /** A `worker` connection; the caller closes it. */
  connection: Redis;
  prefix?: string;
  /** The repository of a portal: its partner search. */
  repositoryFor(portalId: string): Pick<PartnerRepository, 'searchPartnerIds'>;
  /** Where the swept ids go: the recalculation pipeline. */
  enqueuer: RecalculationEnqueuer;
  /** Runs after a sweep queued every partner (the conflict-check index repair); a failure retries the sweep. */
  afterSweep?(portalId: string): Promise<void>;
  logger: Logger;
}

export interface RunningReconciliationWorker {
  readonly worker: Worker;
  /** Stops after the current page; an unfinished sweep continues from its cursor in a new job. */
  close(): Promise<void>;
}

/** Starts the worker that runs reconciliation sweeps, one at a time per process. */
export async function startReconciliationWorker(options: ReconciliationWorkerOptions): Promise<RunningReconciliationWorker> {
  const logger = options.logger.child({ component: 'reconciliation' });
  const followUps = new ReconciliationQueue(options.connection, { prefix: options.prefix });
  let stopping = false;

  const worker = new Worker(
    RECONCILIATION_QUEUE,
    async (job: Job) => {
      const payload: ReconcilePayload = parseJobData(reconcilePartnersJob, job.data);
      const { portalId } = payload;
      const started = Date.now();
      logger.info({ portalId, jobId: job.id, resumeAfter: payload.after }, 'reconciliation sweep started');
      const outcome = await sweepPartnerIds(
        options.repositoryFor(portalId),
        async (ids, progress) => {
          await options.enqueuer.enqueueCompanies(portalId, ids);
          // The cursor travels with the job: a crashed or retried sweep resumes above it.
          await job.updateData(jobData(reconcilePartnersJob, { portalId, after: progress.after }));
          await job.updateProgress({ pages: progress.pages, partners: progress.partners });
        },
        { after: payload.after, shouldStop: () => stopping },
      );
      if (!outcome.complete) {
        await followUps.runNow(portalId, outcome.after);
        logger.info({ portalId, partners: outcome.partners, after: outcome.after }, 'reconciliation sweep paused for shutdown; a new job resumes it');
        return outcome;
      }
      await options.afterSweep?.(portalId);
      await followUps.recordCompleted(portalId);
      logger.info({ portalId, partners: outcome.partners, pages: outcome.pages, ms: Date.now() - started }, 'reconciliation sweep queued every partner');
      return outcome;
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'reconciliation sweep attempt failed');
  });
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'reconciliation worker error'));
  await worker.waitUntilReady();

  return {
    worker,
    async close() {
      stopping = true;
      await worker.close();
      await followUps.close();
    },
  };
}
