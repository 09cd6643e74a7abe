import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { isAppError } from '../errors.js';
import type { Redis } from 'ioredis';
import { parseJobData } from '../jobs/job-definition.js';
import type { Logger } from '../logger.js';
import { conflictIndexJobs } from './conflict-index-jobs.js';
import type { ConflictIndexUpdater, IndexUpdateResult } from './conflict-index-updater.js';

export interface ConflictIndexWorkerOptions {
  /** A `worker` connection; the caller closes it. */
  connection: Redis;
  prefix?: string;
  /** The updater of a portal; another portal than the installation's throws (the job then fails for good). */
  updaterFor(portalId: string): ConflictIndexUpdater;
  logger: Logger;
}

export interface RunningConflictIndexWorker {
  readonly worker: Worker;
  close(): Promise<void>;
}

/**
 * Starts the worker of the conflict-check index queue, one job at a time per process: event jobs
 * re-read the companies and deals named and replace them in the index, repair jobs page through
 * everything. A failed job throws, and BullMQ retries it with backoff.
 */
export async function startConflictIndexWorker(options: ConflictIndexWorkerOptions): Promise<RunningConflictIndexWorker> {
  const logger = options.logger.child({ component: 'conflict-index' });
  const worker = new Worker(
    conflictIndexJobs.queueName,
    async (job: Job): Promise<IndexUpdateResult> => {
      const updaterFor = (portalId: string) => {
        try {
          return options.updaterFor(portalId);
        } catch (error) {
          // Retrying cannot make another portal's events ours.
          if (isAppError(error, 'FORBIDDEN')) throw new UnrecoverableError(error.message);
          throw error;
        }
      };
      if (job.name === conflictIndexJobs.repair.name) {
        const { portalId } = parseJobData(conflictIndexJobs.repair, job.data);
        return updaterFor(portalId).repair();
      }
      const { portalId, events } = parseJobData(conflictIndexJobs.events, job.data);
      const result = await updaterFor(portalId).apply(events);
      logger.debug({ portalId, events: events.length, ...result }, 'conflict-check index updated');
      return result;
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'conflict-check index job failed');
  });
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'conflict-check index worker error'));
  await worker.waitUntilReady();
  return {
    worker,
    close: () => worker.close(),
  };
}
