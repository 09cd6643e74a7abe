import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobData } from '../jobs/job-definition.js';
import { programSnapshotJobs } from './program-snapshot-jobs.js';

export interface ProgramSnapshotQueueOptions {
  /** Key prefix shared with the other queues. Default `pe`. */
  prefix?: string;
}

/** Local time the daily snapshot runs, in the portal's time zone: just after the day turned. */
export const SNAPSHOT_CRON = '10 0 * * *';

/** The refresh of the precomputed dashboard (docs/metrics.md "Precomputed answers"): every 15 minutes. */
export const DASHBOARD_REFRESH_EVERY_MS = 15 * 60_000;

/**
 * The producer side of the daily partner snapshots (docs/data.md "Partner day snapshots"): a job
 * scheduler per portal firing just after midnight in the portal's time zone (idempotent, so every
 * process may upsert it at start), and a run now for the catch-up at start. Does not own the
 * connection.
 */
export class ProgramSnapshotQueue {
  readonly queue: Queue;

  constructor(connection: Redis, options: ProgramSnapshotQueueOptions = {}) {
    this.queue = new Queue(programSnapshotJobs.queueName, { connection, prefix: `${options.prefix ?? 'pe'}:bull` });
    // Connection errors also reject the calls that meet them.
    this.queue.on('error', () => undefined);
  }

  /** Takes the portal's snapshots every day at {@link SNAPSHOT_CRON} in `timeZone`. */
  async schedule(portalId: string, timeZone: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      `${programSnapshotJobs.take.name}:${portalId}`,
      { pattern: SNAPSHOT_CRON, tz: timeZone },
      { name: programSnapshotJobs.take.name, data: jobData(programSnapshotJobs.take, { portalId }), opts: jobOptions() },
    );
  }

  /**
   * Recomputes the portal's last closed quarter's dashboard every {@link DASHBOARD_REFRESH_EVERY_MS}
   * (idempotent, like {@link schedule}; upserted again when Redis comes back empty).
   */
  async scheduleRefresh(portalId: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      `${programSnapshotJobs.refresh.name}:${portalId}`,
      { every: DASHBOARD_REFRESH_EVERY_MS },
      // A refresh that fails logs and is not retried: the next one comes 15 minutes later.
      { name: programSnapshotJobs.refresh.name, data: jobData(programSnapshotJobs.refresh, { portalId }), opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  }

  /** When the portal's next dashboard refresh runs (epoch ms), or null when none is scheduled. */
  async nextRefreshAt(portalId: string): Promise<number | null> {
    const scheduler = await this.queue.getJobScheduler(`${programSnapshotJobs.refresh.name}:${portalId}`);
    return scheduler?.next ?? null;
  }

  /** When the portal's next snapshot runs (epoch ms), or null when none is scheduled. */
  async nextScheduledAt(portalId: string): Promise<number | null> {
    const scheduler = await this.queue.getJobScheduler(`${programSnapshotJobs.take.name}:${portalId}`);
    return scheduler?.next ?? null;
  }

  /** Takes the snapshots now (the catch-up at start), unless such a run is still waiting or running. */
  async runNow(portalId: string): Promise<string> {
    const job = await this.queue.add(programSnapshotJobs.take.name, jobData(programSnapshotJobs.take, { portalId }), {
      ...jobOptions(),
      deduplication: { id: `${programSnapshotJobs.take.name}:${portalId}` },
    });
    return String(job.id);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

function jobOptions() {
  return {
    attempts: 8,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 100 },
    removeOnFail: { age: 30 * 24 * 3600, count: 100 },
  };
}
