import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobData } from '../jobs/job-definition.js';
import { conflictIndexJobs } from './conflict-index-jobs.js';
import type { IndexEvent } from './index-event.js';

export interface ConflictIndexQueueOptions {
  /** Key prefix shared with the other queues. Default `pe`. */
  prefix?: string;
  /** First retry delay of a failed job (doubling per attempt). Default 1 s. */
  backoffMs?: number;
}

/**
 * The producer side of the conflict-check index: the webhook route hands it the company and deal
 * events it accepted (one job per request, ids only), the reconciliation and the first start ask
 * for a repair. A failed job is retried with backoff, so an acknowledged event is never lost.
 * Does not own the connection.
 */
export class ConflictIndexQueue {
  readonly queue: Queue;
  private readonly backoffMs: number;

  constructor(connection: Redis, options: ConflictIndexQueueOptions = {}) {
    this.queue = new Queue(conflictIndexJobs.queueName, { connection, prefix: `${options.prefix ?? 'pe'}:bull` });
    this.backoffMs = options.backoffMs ?? 1_000;
    // Connection errors also reject the calls that meet them.
    this.queue.on('error', () => undefined);
  }

  /** Queues the events of one request for the portal; nothing when there are none. */
  async enqueueEvents(portalId: string, events: readonly IndexEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.queue.add(conflictIndexJobs.events.name, jobData(conflictIndexJobs.events, { portalId, events: [...events] }), this.jobOptions());
  }

  /** Queues a repair of the portal's index, unless one is still waiting or running. Resolves with the job id. */
  async repairNow(portalId: string): Promise<string> {
    const job = await this.queue.add(conflictIndexJobs.repair.name, jobData(conflictIndexJobs.repair, { portalId }), {
      ...this.jobOptions(),
      deduplication: { id: `${conflictIndexJobs.repair.name}:${portalId}` },
    });
    return String(job.id);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  private jobOptions() {
    return {
      attempts: 10,
      backoff: { type: 'exponential', delay: this.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 3600, count: 1_000 },
    };
  }
}
