import type { Queue } from 'bullmq';
import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { Program } from '../program/program-schema.js';
import type { EvaluatedPartner } from '../recalculation/recalculate-partners.js';
import type { LifecycleDependencies } from './lifecycle-dependencies.js';
import { createLifecycleRouter } from './lifecycle-router.js';
import { LifecycleWakeSchedule } from './lifecycle-wake-schedule.js';
import { recordCertification, type RecordCertificationInput, type RecordCertificationResult } from './record-certification.js';
import { ReminderLedger } from './reminder-ledger.js';
import { runLifecycleSweep, type LifecycleSweepOptions, type LifecycleSweepReport } from './run-lifecycle-sweep.js';
import { schedulePartnerWakes } from './schedule-partner-wakes.js';
import { startLifecycleWorker, type RunningLifecycleWorker, type StartLifecycleWorkerOptions } from './start-lifecycle-worker.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';

/** What the lifecycle is built from (the app's services). */
export interface CreateLifecycleOptions {
  /** A `worker` Redis connection: the wake schedule and the sweep queue use it. */
  redis: Redis;
  /** The reminder ledger's database. */
  db: Kysely<Database>;
  /** A reminder claimed longer ago than this and not sent is taken over. Default 5 minutes. */
  reminderLeaseMs?: number;
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
  /** The lifecycle queue of the product's queue registry; without one the worker opens its own. */
  queue?: Queue;
  hubspot: HubSpotClient;
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
  recalculation: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  mail: MailSender;
  audit: AuditTrail;
  logger: Logger;
  /** Epoch ms now. Default `Date.now`; tests freeze and advance it. */
  now?: () => number;
}

/** Time moving the state: status changes, renewal reminders, and recording certifications. */
export interface Lifecycle {
  readonly deps: LifecycleDependencies;
  /** The recalculation's `onEvaluated` hook: plans each evaluated partner's next wake-ups. */
  onEvaluated(portalId: string, partners: EvaluatedPartner[]): Promise<void>;
  /** One sweep now (what the worker runs every minute). */
  sweep(options?: LifecycleSweepOptions): Promise<LifecycleSweepReport>;
  /** Starts the every-minute sweep on BullMQ. */
  startWorker(options?: Omit<StartLifecycleWorkerOptions, 'connection' | 'deps' | 'prefix' | 'queue'>): Promise<RunningLifecycleWorker>;
  recordCertification(input: RecordCertificationInput): Promise<RecordCertificationResult>;
  /** `POST /api/certifications`, for `createApp({ extraRouters })`. */
  router(options: { clientSecret: SigningSecrets; publicBaseUrl: string; portalId: string }): Router;
}

export function createLifecycle(options: CreateLifecycleOptions): Lifecycle {
  const prefix = options.prefix ?? 'pe';
  const deps: LifecycleDependencies = {
    repositoryFor: options.repositoryFor,
    program: options.program,
    schedule: new LifecycleWakeSchedule(options.redis, { prefix }),
    ledger: new ReminderLedger(options.db, { leaseMs: options.reminderLeaseMs }),
    recalculation: options.recalculation,
    mail: options.mail,
    audit: options.audit,
    logger: options.logger,
    now: options.now,
  };
  const certificationDeps = { ...deps, hubspot: options.hubspot };
  return {
    deps,
    onEvaluated: (portalId, partners) =>
      schedulePartnerWakes(
        deps,
        portalId,
        partners.map((partner) => partner.snapshot),
      ),
    sweep: (sweepOptions) => runLifecycleSweep(deps, sweepOptions),
    startWorker: (workerOptions = {}) => startLifecycleWorker({ ...workerOptions, connection: options.redis, deps, prefix, queue: options.queue }),
    recordCertification: (input) => recordCertification(certificationDeps, input),
    router: (routerOptions) => createLifecycleRouter({ ...certificationDeps, ...routerOptions }),
  };
}
