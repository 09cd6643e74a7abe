import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SlaStep } from '../domain/registrations/assess-registration-sla.js';
import type { RegistrationSlaPlan } from '../domain/registrations/plan-registration-sla.js';
import { jobData } from '../jobs/job-definition.js';
import { registrationSlaJobs } from './registration-sla-jobs.js';

export interface RegistrationSlaQueueOptions {
  /** Key prefix shared with the other queues. Default `pe`. */
  prefix?: string;
  /** First retry delay of a failed job (doubling per attempt). Default 1 s. */
  backoffMs?: number;
}

const STEPS: ReadonlyArray<[SlaStep, keyof RegistrationSlaPlan]> = [['remind', 'reminderAt'], ['escalate', 'escalationAt'], ['breach', 'dueAt']];

/**
 * The producer side of the decision clock: at submission, one delayed job per step (reminder,
 * escalation, breach) at the plan's instants. A job's id is the registration and the step, so
 * scheduling a registration twice schedules each step once. Does not own the connection.
 */
export class RegistrationSlaQueue {
  readonly queue: Queue;
  private readonly backoffMs: number;

  constructor(connection: Redis, options: RegistrationSlaQueueOptions = {}) {
    this.queue = new Queue(registrationSlaJobs.queueName, { connection, prefix: `${options.prefix ?? 'pe'}:bull` });
    this.backoffMs = options.backoffMs ?? 1_000;
    this.queue.on('error', () => undefined);
  }

  /** The job id of one step of one registration. */
  static jobId(dealId: string, step: SlaStep): string {
    return `registration-sla-${dealId}-${step}`;
  }

  /** Schedules the reminder, escalation and breach of a registration submitted `now`. */
  async schedule(portalId: string, dealId: string, plan: RegistrationSlaPlan, now: number): Promise<void> {
    await this.queue.addBulk(STEPS.map(([step, field]) => ({
      name: registrationSlaJobs.step.name,
      data: jobData(registrationSlaJobs.step, { portalId, dealId, step }),
      opts: {
        jobId: RegistrationSlaQueue.jobId(dealId, step),
        delay: Math.max(0, plan[field] - now),
        attempts: 10,
        backoff: { type: 'exponential', delay: this.backoffMs },
        removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
        removeOnFail: { age: 30 * 24 * 3600, count: 1_000 },
      },
    })));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
