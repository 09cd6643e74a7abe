import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SlaStep } from '../domain/registrations/assess-registration-sla.js';
import type { RegistrationSlaPlan } from '../domain/registrations/plan-registration-sla.js';
import type { ProtectionSteps } from '../domain/registrations/plan-protection-steps.js';
import type { CalendarDate } from '../domain/types.js';
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
 * The producer side of the registration clocks. The decision clock: at submission, one delayed job per step (reminder,
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

  /** Schedules the reminder, escalation and breach of a registration submitted `now`, but the steps in `skip` (already done). */
  async schedule(portalId: string, dealId: string, plan: RegistrationSlaPlan, now: number, skip: ReadonlySet<SlaStep> = new Set()): Promise<void> {
    const steps = STEPS.filter(([step]) => !skip.has(step));
    if (steps.length === 0) return;
    await this.queue.addBulk(steps.map(([step, field]) => ({
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

  /** The job id of one protection step of one registration, for the protection ending on `expiresOn`. */
  static protectionJobId(dealId: string, step: 'notice' | 'expire', expiresOn: CalendarDate): string {
    return `registration-protection-${dealId}-${expiresOn}-${step}`;
  }

  /**
   * Schedules the expiry notice and the expiry of a protection ending on `expiresOn` (at approval,
   * and again at each extension: the earlier jobs then find another expiry and do nothing). A
   * notice whose day has passed is sent at once; `skipNotice` when it was already sent.
   */
  async scheduleProtection(portalId: string, dealId: string, expiresOn: CalendarDate, steps: ProtectionSteps, now: number, skipNotice = false): Promise<void> {
    const planned = skipNotice ? (['expire'] as const) : (['notice', 'expire'] as const);
    await this.queue.addBulk(planned.map((step) => ({
      name: registrationSlaJobs.protection.name,
      data: jobData(registrationSlaJobs.protection, { portalId, dealId, step, expiresOn }),
      opts: {
        jobId: RegistrationSlaQueue.protectionJobId(dealId, step, expiresOn),
        delay: Math.max(0, (step === 'notice' ? steps.noticeAt : steps.expireAt) - now),
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
