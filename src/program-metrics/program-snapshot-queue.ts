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
