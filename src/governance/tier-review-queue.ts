import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, jobData, parseJobData } from '../jobs/job-definition.js';
import type { Logger } from '../logger.js';
import type { ReviewTaskReport } from './create-due-review-tasks.js';
import type { ReplanReport } from './replan-tier-reviews.js';

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

/** Most partners one replan job carries: one batch read and one batch update of HubSpot. */
const REPLAN_BATCH = 100;

/**
 * Plans the reviews of partners whose official tier changed again (docs/governance.md, "Review
 * cadence"): the quarter close queues it, the review job writes the dates.
 */
export const replanTierReviewsJob = defineJob({
  name: 'replan-tier-reviews',
  version: 1,
  payload: z.object({
    portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)'),
    companyIds: z.array(z.string().regex(/^\d+$/, 'expected a HubSpot company id (digits)')).min(1).max(REPLAN_BATCH),
  }).strict(),
});

/** What asks the review job to plan partners' reviews again; the quarter close holds one. */
export interface TierReviewReplanner {
  /** Queues a replan of the partners (their official tier changed). */
  replan(portalId: string, companyIds: readonly string[]): Promise<void>;
}

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
export class TierReviewQueue implements TierReviewReplanner {
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

  /** Queues replans of the partners, 100 a job (docs/governance.md, "Review cadence"). */
  async replan(portalId: string, companyIds: readonly string[]): Promise<void> {
    const jobs = [];
    for (let start = 0; start < companyIds.length; start += REPLAN_BATCH) {
      const payload = { portalId, companyIds: companyIds.slice(start, start + REPLAN_BATCH) };
      jobs.push({ name: replanTierReviewsJob.name, data: jobData(replanTierReviewsJob, payload), opts: JOB_OPTIONS });
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs);
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
  /** The replan of partners whose tier changed (`replanTierReviews` over its services). */
  replan(portalId: string, companyIds: readonly string[]): Promise<ReplanReport>;
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
      if (job.name === replanTierReviewsJob.name) {
        const { portalId, companyIds } = parseJobData(replanTierReviewsJob, job.data);
        return options.replan(portalId, companyIds);
      }
      const { portalId } = parseJobData(createReviewTasksJob, job.data);
      const report = await options.run(portalId);
      // Another run holds some reviews (or a killed one did, until its lease ends): retried
      // later, this run finishes them; everything else it did stays done.
      if (report.inProgress > 0) throw new Error(`${report.inProgress} review task(s) held by another run; trying again later`);
      return report;
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'tier review run failed'));
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'tier review worker error'));
  await worker.waitUntilReady();
  return { worker, close: () => worker.close() };
}
