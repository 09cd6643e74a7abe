import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseJobData } from '../jobs/job-definition.js';
import type { Logger } from '../logger.js';
import { programSnapshotJobs } from './program-snapshot-jobs.js';
import type { RefreshProgramDashboardOutcome } from './refresh-program-dashboard.js';
import type { DailySnapshotOutcome } from './take-daily-snapshots.js';

export interface ProgramSnapshotWorkerOptions {
  /** A `worker` connection; the caller closes it. */
  connection: Redis;
  prefix?: string;
  /** Takes the portal's snapshots (and fills missed days). */
  takeSnapshots(portalId: string): Promise<DailySnapshotOutcome>;
  /** Recomputes and stores the last closed quarter's dashboard; logs a failure, never throws. */
  refreshDashboard(portalId: string): Promise<RefreshProgramDashboardOutcome>;
  logger: Logger;
}

export interface RunningProgramSnapshotWorker {
  readonly worker: Worker;
  close(): Promise<void>;
}

/**
 * Starts the worker of the daily partner snapshots and the dashboard refreshes, one run at a time
 * per process. The day's snapshots are followed by a refresh of the precomputed dashboard
 * (docs/metrics.md "Precomputed answers"), so a late snapshot shows on the page at once.
 */
export async function startProgramSnapshotWorker(options: ProgramSnapshotWorkerOptions): Promise<RunningProgramSnapshotWorker> {
  const logger = options.logger.child({ component: 'program-snapshots' });
  const worker = new Worker(
    programSnapshotJobs.queueName,
    async (job: Job) => {
      if (job.name === programSnapshotJobs.refresh.name) {
        return options.refreshDashboard(parseJobData(programSnapshotJobs.refresh, job.data).portalId);
      }
      const { portalId } = parseJobData(programSnapshotJobs.take, job.data);
      const outcome = await options.takeSnapshots(portalId);
      await options.refreshDashboard(portalId);
      return outcome;
    },
    { connection: options.connection, prefix: `${options.prefix ?? 'pe'}:bull`, concurrency: 1 },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: error.message } }, 'partner day snapshots failed');
  });
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'program snapshot worker error'));
  await worker.waitUntilReady();
  return { worker, close: () => worker.close() };
}
