import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { IncentiveDeadline } from '../domain/incentives/incentive-due-date.js';
import type { CalendarDate } from '../domain/types.js';
import { jobData } from '../jobs/job-definition.js';
import { incentiveDeadlineJobs } from './incentive-deadline-jobs.js';

/** Jobs per bulk addition: one round trip each, small enough not to hold Redis up. */
const BULK = 1_000;

/** One deadline to schedule; `taskDone` when its task's step is recorded done. */
export interface ScheduledDeadline {
  portalId: string;
  requestId: string;
  deadline: IncentiveDeadline;
  dueOn: CalendarDate;
  taskDone: boolean;
}

export interface IncentiveDeadlineQueueOptions {
  /** Key prefix shared with the other queues. Default `pe`. */
  prefix?: string;
  /** First retry delay of a failed job (doubling per attempt). Default 1 s. */
  backoffMs?: number;
}

/**
 * The producer side of the incentive deadlines: at a claim or an approval, a job at once that
 * creates the owner's task, and a delayed job that checks, once the due day is over in the
 * partner's time zone, whether the request was verified or paid in time. A job's id is the request
 * and the deadline, so scheduling twice (or again after a Redis loss) schedules once.
 * Does not own the connection.
 */
export class IncentiveDeadlineQueue {
  readonly queue: Queue;
  private readonly backoffMs: number;

  constructor(connection: Redis, options: IncentiveDeadlineQueueOptions = {}) {
    this.queue = new Queue(incentiveDeadlineJobs.queueName, { connection, prefix: `${options.prefix ?? 'pe'}:bull` });
    this.backoffMs = options.backoffMs ?? 1_000;
    this.queue.on('error', () => undefined);
  }

  static jobId(requestId: string, deadline: IncentiveDeadline): string {
    return `incentive-deadline-${requestId}-${deadline}`;
  }

  static taskJobId(requestId: string, deadline: IncentiveDeadline): string {
    return `incentive-task-${requestId}-${deadline}`;
  }

  /**
   * Creates the deadline's task at once (unless `taskDone`: its step is recorded done) and checks
   * the deadline at the first instant after `dueOn` in `timeZone`; both jobs go to Redis together.
   */
  async schedule(portalId: string, requestId: string, deadline: IncentiveDeadline, dueOn: CalendarDate, timeZone: string, now: number, taskDone = false): Promise<void> {
    await this.scheduleMany([{ portalId, requestId, deadline, dueOn, taskDone }], timeZone, now);
  }

  /** {@link schedule} for many deadlines, in bulk additions of at most 1,000 jobs (the re-planning). */
  async scheduleMany(deadlines: readonly ScheduledDeadline[], timeZone: string, now: number): Promise<void> {
    const jobs = deadlines.flatMap((entry) => this.jobsOf(entry, timeZone, now));
    for (let start = 0; start < jobs.length; start += BULK) await this.queue.addBulk(jobs.slice(start, start + BULK));
  }

  private jobsOf({ portalId, requestId, deadline, dueOn, taskDone }: ScheduledDeadline, timeZone: string, now: number) {
    const checkAt = DateTime.fromISO(dueOn, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis();
    const data = { portalId, requestId, deadline, dueOn };
    const retries = {
      attempts: 10,
      backoff: { type: 'exponential' as const, delay: this.backoffMs },
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600, count: 1_000 },
    };
    return [
      ...(taskDone ? [] : [{
        name: incentiveDeadlineJobs.task.name,
        data: jobData(incentiveDeadlineJobs.task, data),
        opts: { jobId: IncentiveDeadlineQueue.taskJobId(requestId, deadline), ...retries },
      }]),
      {
        name: incentiveDeadlineJobs.check.name,
        data: jobData(incentiveDeadlineJobs.check, data),
        opts: { jobId: IncentiveDeadlineQueue.jobId(requestId, deadline), delay: Math.max(0, checkAt - now), ...retries },
      },
    ];
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
