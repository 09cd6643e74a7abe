import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, jobData, parseJobData } from '../jobs/job-definition.js';
import type { Logger } from '../logger.js';
import type { QuarterClose } from './close-quarter.js';

/** The BullMQ queue of quarter closes (its own: a close of 10,000 partners never waits behind drains). */
export const QUARTER_CLOSE_QUEUE = 'quarter-close';

/**
 * Closes a quarter of a portal (docs/governance.md, "Quarter close"). Without `quarter`, the
 * quarter that closed last when the job runs: what the scheduler fires at each close instant.
 */
export const closeQuarterJob = defineJob({
  name: 'close-quarter',
  version: 1,
  payload: z
    .object({
      portalId: z.string().regex(/^\d+$/, 'expected a HubSpot portal id (digits)'),
      quarter: z.string().regex(/^\d{4}Q[1-4]$/, 'expected a quarter as YYYYQn').optional(),
    })
    .strict(),
});

/**
 * The cron pattern of the close instants: midnight on the first day of each quarter, which is the
 * start of the day after the previous quarter's last day (docs/governance.md, "Scheduling").
 */
export function quarterClosePattern(fiscalYearStartMonth: number): string {
  const months = [0, 3, 6, 9].map((offset) => ((fiscalYearStartMonth - 1 + offset) % 12) + 1).sort((a, b) => a - b);
  return `0 0 1 ${months.join(',')} *`;
}

function schedulerId(portalId: string): string {
  return `${closeQuarterJob.name}:${portalId}`;
}

/**
 * A claim held elsewhere is retried until that close finished (then the retry finds it closed) or
 * its holder died and the lease let this worker take it over: up to a day of tries.
 */
function jobOptions() {
  return {
    attempts: 12,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: { age: 90 * 24 * 3600, count: 100 },
    removeOnFail: { age: 90 * 24 * 3600, count: 100 },
  };
}

/** The producer side: the scheduler at each close instant, and closes on demand. Does not own the connection. */
export class QuarterCloseQueue {
  readonly queue: Queue;

  constructor(connection: Redis, options: { prefix?: string } = {}) {
    this.queue = new Queue(QUARTER_CLOSE_QUEUE, { connection, prefix: `${options.prefix ?? 'pe'}:bull` });
    this.queue.on('error', () => undefined);
  }

  /** Fires a close at every close instant in `timeZone` (idempotent: every worker may upsert it). */
  async schedule(portalId: string, timeZone: string, fiscalYearStartMonth: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedulerId(portalId),
      { pattern: quarterClosePattern(fiscalYearStartMonth), tz: timeZone },
      { name: closeQuarterJob.name, data: jobData(closeQuarterJob, { portalId }), opts: jobOptions() },
    );
  }

  /** When the portal's next close fires (epoch ms), or null when none is scheduled. */
  async nextScheduledAt(portalId: string): Promise<number | null> {
    const scheduler = await this.queue.getJobScheduler(schedulerId(portalId));
    return scheduler?.next ?? null;
  }

  /** Queues the close of `quarter` now, unless one for it is already waiting or running. */
  async runNow(portalId: string, quarter: string): Promise<string> {
    const job = await this.queue.add(closeQuarterJob.name, jobData(closeQuarterJob, { portalId, quarter }), {
      ...jobOptions(),
      deduplication: { id: `${closeQuarterJob.name}:${portalId}:${quarter}` },
    });
    return String(job.id);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export interface QuarterCloseWorkerOptions {
  /** A `worker` connection; the caller closes it. */
  connection: Redis;
  prefix?: string;
  close: QuarterClose;
  logger: Logger;
  /** Clock of the scheduled job's quarter (epoch ms). Default `Date.now`. */
  now?: () => number;
  /**
   * What else happens once a quarter is over and, in `quarterly` mode, closed: the volume rebates.
   * Runs on every attempt that finds the quarter closed, so it must be idempotent (the ledger is).
   */
  afterClose?: (portalId: string, quarter: string) => Promise<void>;
}

export interface RunningQuarterCloseWorker {
  readonly worker: Worker;
  close(): Promise<void>;
}

/** Runs quarter closes, one at a time per process; the claim in PostgreSQL keeps each to one run. */
export async function startQuarterCloseWorker(options: QuarterCloseWorkerOptions): Promise<RunningQuarterCloseWorker> {
  const logger = options.logger.child({ component: 'quarter-close' });
  const now = options.now ?? Date.now;
  const worker = new Worker(
    QUARTER_CLOSE_QUEUE,
    async (job: Job) => {
      const payload = parseJobData(closeQuarterJob, job.data);
      const quarter = payload.quarter ?? options.close.lastClosedQuarter(now()).label;
      const outcome = await options.close.closeQuarter(payload.portalId, quarter);
      if (outcome.status === 'claimed-elsewhere') {
        // Retried with backoff: finished by then, or taken over once the holder's lease ran out.
        throw new Error(`the close of ${quarter} is claimed by another worker; looking again later`);
      }
      if (outcome.status === 'not-over') throw new UnrecoverableError(`${quarter} has not closed yet`);
      if (outcome.status !== 'dry-run') await options.afterClose?.(payload.portalId, quarter);
      return outcome.status === 'dry-run' ? { status: outcome.status } : outcome;
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'quarter close attempt failed'));
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'quarter close worker error'));
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
    },
  };
}

/**
 * Upserts the portal's close scheduler and, in `quarterly` mode, queues the last closed quarter
 * when its close never finished (missed while no worker ran, or interrupted). The scheduler runs in
 * both modes: at each close instant the quarter's volume rebates accrue (docs/incentives.md,
 * "Quarterly rebate"), and in `instant` mode that is all it does. Resolves with the quarter
 * queued, if any.
 */
export async function establishQuarterCloses(
  queue: QuarterCloseQueue,
  close: QuarterClose,
  settings: {
    portalId: string;
    timeZone: string;
    fiscalYearStartMonth: number;
    quarterly: boolean;
    now?: number;
    /** Queue the last ended quarter's close when it never finished. Default true; sandbox mode leaves it to the close by hand. */
    catchUp?: boolean;
  },
): Promise<string | null> {
  await queue.schedule(settings.portalId, settings.timeZone, settings.fiscalYearStartMonth);
  if (!settings.quarterly || settings.catchUp === false) return null;
  const last = close.lastClosedQuarter(settings.now ?? Date.now());
  if (await close.isClosed(settings.portalId, last.label)) return null;
  await queue.runNow(settings.portalId, last.label);
  return last.label;
}
