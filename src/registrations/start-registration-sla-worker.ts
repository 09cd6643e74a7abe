import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseJobData } from '../jobs/job-definition.js';
import type { Logger } from '../logger.js';
import { registrationSlaJobs } from './registration-sla-jobs.js';
import type { ProtectionStepResult, RegistrationProtectionProcessor } from './registration-protection-processor.js';
import type { RegistrationSlaProcessor, SlaStepResult } from './registration-sla-processor.js';

export interface RegistrationSlaWorkerOptions {
  /** A `worker` connection; the caller closes it. */
  connection: Redis;
  prefix?: string;
  processor: Pick<RegistrationSlaProcessor, 'runStep'>;
  /** Runs the protection's notice and expiry. */
  protection: Pick<RegistrationProtectionProcessor, 'runStep'>;
  logger: Logger;
}

export interface RunningRegistrationSlaWorker {
  readonly worker: Worker;
  close(): Promise<void>;
}

/** Starts the worker of the registration clocks' delayed jobs (decision clock, protection end); a failed step throws and BullMQ retries it. */
export async function startRegistrationSlaWorker(options: RegistrationSlaWorkerOptions): Promise<RunningRegistrationSlaWorker> {
  const logger = options.logger.child({ component: 'registration-sla' });
  const worker = new Worker(
    registrationSlaJobs.queueName,
    async (job: Job): Promise<SlaStepResult | ProtectionStepResult> => {
      if (job.name === registrationSlaJobs.protection.name) {
        const { dealId, step, expiresOn } = parseJobData(registrationSlaJobs.protection, job.data);
        const result = await options.protection.runStep(dealId, step, expiresOn);
        logger.debug({ dealId, expiresOn, ...result }, 'registration protection step');
        return result;
      }
      const { dealId, step } = parseJobData(registrationSlaJobs.step, job.data);
      const result = await options.processor.runStep(dealId, step);
      logger.debug({ dealId, ...result }, 'registration decision clock step');
      return result;
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'registration decision clock step failed');
  });
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'registration decision clock worker error'));
  await worker.waitUntilReady();
  return { worker, close: () => worker.close() };
}
