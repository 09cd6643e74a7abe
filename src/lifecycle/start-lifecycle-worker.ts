import { Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, jobData } from '../jobs/job-definition.js';
import { createJobProcessor, jobRoute } from '../jobs/job-processor.js';
import { createLifecycleQueue, LIFECYCLE_QUEUE } from './create-lifecycle-queue.js';
import type { LifecycleDependencies } from './lifecycle-dependencies.js';
import { runLifecycleSweep, type LifecycleSweepOptions } from './run-lifecycle-sweep.js';

export { LIFECYCLE_QUEUE } from './create-lifecycle-queue.js';

/** One pass over the wake-ups that are due. Carries nothing: the due set is in Redis. */
export const lifecycleSweepJob = defineJob({ name: 'lifecycle-sweep', version: 1, payload: z.object({}) });

/** Options of {@link startLifecycleWorker}. */
export interface StartLifecycleWorkerOptions {
  /** A `worker` connection (`maxRetriesPerRequest: null`); the caller closes it. */
  connection: Redis;
  deps: LifecycleDependencies;
  /** Key prefix of the BullMQ keys (`<prefix>:bull`). Default `pe`, like the recalculation queue. */
  prefix?: string;
  /**
   * The lifecycle queue from the product's queue registry (its owner closes it). Without one the
   * worker opens its own and closes it on `close()`.
   */
  queue?: Queue;
  /** How often the sweep runs. Default 60,000 ms: reminders go out within a minute of 09:00. */
  everyMs?: number;
  sweep?: LifecycleSweepOptions;
  /** Upsert the repeating sweep (idempotent: every worker may do it). Default true. */
  scheduleSweep?: boolean;
}

export interface RunningLifecycleWorker {
  readonly queue: Queue;
  readonly worker: Worker;
  /** Queues one sweep now (start-up catch-up, tests, operators). */
  sweepNow(): Promise<void>;
  /** Upserts the repeating sweep (idempotent); again after Redis came back empty. */
  schedule(): Promise<void>;
  /** Stops taking sweeps and waits for the running one; does not close the connection. */
  close(): Promise<void>;
}

/**
 * Runs the lifecycle sweep every minute through a BullMQ job scheduler (BullMQ 6's
 * `upsertJobScheduler`; one job per interval whatever the number of workers). A sweep queued at
 * start catches up at once on what fell due while no worker ran.
 */
export async function startLifecycleWorker(options: StartLifecycleWorkerOptions): Promise<RunningLifecycleWorker> {
  const prefix = `${options.prefix ?? 'pe'}:bull`;
  const logger = options.deps.logger.child({ component: 'lifecycle-worker' });
  const ownQueue = options.queue === undefined;
  const queue = options.queue ?? createLifecycleQueue(options.connection, { prefix: options.prefix, logger });
  let stopping = false;
  const processor = createJobProcessor(
    [
      jobRoute(lifecycleSweepJob, async (_payload, context) => {
        const report = await runLifecycleSweep(options.deps, options.sweep);
        const sent = report.reminders.filter((reminder) => reminder.outcome === 'sent').length;
        if (report.partners > 0) {
          context.logger.info(
            { partners: report.partners, remindersSent: sent, recalculations: report.recalculations.length, failed: report.failed.length },
            'lifecycle sweep',
          );
        }
        return { partners: report.partners, remindersSent: sent, recalculations: report.recalculations.length, failed: report.failed.length };
      }),
    ],
    { logger, shouldStop: () => stopping },
  );
  const worker = new Worker(LIFECYCLE_QUEUE, processor, { connection: options.connection, prefix, concurrency: 2 });
  worker.on('error', (error) => logger.debug({ err: { message: error.message } }, 'lifecycle worker connection error'));
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, err: { message: error.message } }, 'lifecycle sweep failed; the next one retries'));

  const sweepOptions = { removeOnComplete: true, removeOnFail: { count: 100 } };
  const schedule = async () => {
    await queue.upsertJobScheduler(
      lifecycleSweepJob.name,
      { every: options.everyMs ?? 60_000 },
      { name: lifecycleSweepJob.name, data: jobData(lifecycleSweepJob, {}), opts: sweepOptions },
    );
  };
  if (options.scheduleSweep ?? true) await schedule();
  const sweepNow = async () => {
    await queue.add(lifecycleSweepJob.name, jobData(lifecycleSweepJob, {}), sweepOptions);
  };
  await sweepNow();
  return {
    queue,
    worker,
    sweepNow,
    schedule,
    async close() {
      stopping = true;
      await worker.close();
      if (ownQueue) await queue.close();
    },
  };
}
