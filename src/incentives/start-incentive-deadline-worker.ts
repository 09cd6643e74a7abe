import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseJobData } from '../jobs/job-definition.js';
import type { Logger } from '../logger.js';
import { incentiveDeadlineJobs } from './incentive-deadline-jobs.js';
import type { DeadlineCheckResult, IncentiveDeadlineProcessor } from './incentive-deadline-processor.js';
import type { IncentiveTaskProcessor, IncentiveTaskResult } from './incentive-task-processor.js';

export interface IncentiveDeadlineWorkerOptions {
  /** A `worker` connection; the caller closes it. */
  connection: Redis;
  prefix?: string;
  processor: Pick<IncentiveDeadlineProcessor, 'check'>;
  /** Creates the task a deadline starts with. */
  tasks: Pick<IncentiveTaskProcessor, 'startTask'>;
  logger: Logger;
}

export interface RunningIncentiveDeadlineWorker {
  readonly worker: Worker;
  close(): Promise<void>;
}

/** Starts the worker of the incentive deadlines' tasks and checks; a failed job throws and BullMQ retries it. */
export async function startIncentiveDeadlineWorker(options: IncentiveDeadlineWorkerOptions): Promise<RunningIncentiveDeadlineWorker> {
  const logger = options.logger.child({ component: 'incentive-deadlines' });
  const worker = new Worker(
    incentiveDeadlineJobs.queueName,
    async (job: Job): Promise<DeadlineCheckResult | IncentiveTaskResult> => {
      if (job.name === incentiveDeadlineJobs.task.name) {
        const { requestId, deadline, dueOn } = parseJobData(incentiveDeadlineJobs.task, job.data);
        const result = await options.tasks.startTask(requestId, deadline, dueOn);
        logger.debug({ requestId, deadline, dueOn, ...result }, 'incentive deadline task');
        return result;
      }
      const { requestId, deadline, dueOn } = parseJobData(incentiveDeadlineJobs.check, job.data);
      const result = await options.processor.check(requestId, deadline, dueOn);
      logger.debug({ requestId, deadline, dueOn, ...result }, 'incentive deadline checked');
      return result;
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'incentive deadline check failed');
  });
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'incentive deadline worker error'));
  await worker.waitUntilReady();
  return { worker, close: () => worker.close() };
}
