import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, jobData, parseJobData } from '../jobs/job-definition.js';
import type { Logger } from '../logger.js';
import type { ReviewTaskReport } from './create-due-review-tasks.js';

/** The BullMQ queue of the daily review runs. */
export const TIER_REVIEW_QUEUE = 'tier-reviews';

/** Every day at 06:00 UTC: before the working day in Europe, the night before in the Americas. */
export const DEFAULT_TIER_REVIEW_CRON = '0 6 * * *';

/** Creates the portal's due review tasks (docs/governance.md, "Review cadence"). */
export const createReviewTasksJob = defineJob({
  name: 'create-review-tasks',
  version: 1,
  payload: z.object({ portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)') }).strict(),
});

function schedulerId(portalId: string): string {
  return `${createReviewTasksJob.name}:${portalId}`;
}

const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 50 },
  removeOnFail: { age: 30 * 24 * 3600, count: 50 },
};

/**
 * The producer side: the daily job scheduler per portal (idempotent, so every process may upsert
 * it at start) and on-demand runs. Does not own the connection.
 */
export class TierReviewQueue {
  readonly queue: Queue;

  constructor(connection: Redis, options: { prefix?: string } = {}) {
    this.queue = new Queue(TIER_REVIEW_QUEUE, { connection, prefix: `${options.prefix ?? 'pe'}:bull` });
    this.queue.on('error', () => undefined);
  }

  /** Runs the portal's review run on the cron `pattern` (UTC). */
  async schedule(portalId: string, pattern: string = DEFAULT_TIER_REVIEW_CRON): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedulerId(portalId),
      { pattern, tz: 'UTC' },
      { name: createReviewTasksJob.name, data: jobData(createReviewTasksJob, { portalId }), opts: JOB_OPTIONS },
    );
  }

  /** When the portal's next scheduled run is (epoch ms), or null when none is scheduled. */
  async nextScheduledAt(portalId: string): Promise<number | null> {
    return (await this.queue.getJobScheduler(schedulerId(portalId)))?.next ?? null;
  }

  /** Runs now, unless a run started this way is still waiting or running. */
  async runNow(portalId: string): Promise<string> {
    const job = await this.queue.add(createReviewTasksJob.name, jobData(createReviewTasksJob, { portalId }), {
      ...JOB_OPTIONS,
      deduplication: { id: `${createReviewTasksJob.name}:${portalId}` },
    });
    return String(job.id);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export interface TierReviewWorkerOptions {
  /** A `worker` connection; the caller closes it. */
  connection: Redis;
  prefix?: string;
  /** The run for a portal (`createDueReviewTasks` over its services). */
  run(portalId: string): Promise<ReviewTaskReport>;
  logger: Logger;
}

export interface RunningTierReviewWorker {
  readonly worker: Worker;
  close(): Promise<void>;
}

/** Starts the worker of the review runs, one at a time per process. */
export async function startTierReviewWorker(options: TierReviewWorkerOptions): Promise<RunningTierReviewWorker> {
  const logger = options.logger.child({ component: 'tier-reviews' });
  const worker = new Worker(
    TIER_REVIEW_QUEUE,
    async (job: Job) => {
      const { portalId } = parseJobData(createReviewTasksJob, job.data);
      return options.run(portalId);
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'tier review run failed'));
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'tier review worker error'));
  await worker.waitUntilReady();
  return { worker, close: () => worker.close() };
}
