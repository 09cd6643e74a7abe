import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { DepthReading } from '../metrics.js';
import { CoalescingBuffer, type FailedRecord } from './coalescing-buffer.js';
import { jobData } from './job-definition.js';
import {
  recalculateCompaniesJob,
  resolveContactsJob,
  sweepRecalculationsJob,
  type DrainJobDefinition,
} from './recalculation-job-definitions.js';
import { recalculationSettings, type RecalculationSettings } from './recalculation-settings.js';

/** The BullMQ queue the recalculation jobs run on. */
export const RECALCULATION_QUEUE = 'recalculation';

/** Name of the custom backoff the worker registers (capped exponential, see `retryDelayMs`). */
export const RECALCULATION_BACKOFF = 'capped-exponential';

/** What the webhook route, workflow actions and cards need: hand over ids, nothing else. */
export interface RecalculationEnqueuer {
  /** Queues companies for recalculation (coalesced with any already pending). */
  enqueueCompanies(portalId: string, companyIds: Iterable<string>): Promise<void>;
  /** Queues contacts whose partner companies must be recalculated. */
  enqueueContacts(portalId: string, contactIds: Iterable<string>): Promise<void>;
}

/** Failed records as an operator sees them. */
export interface FailedRecalculation extends FailedRecord {
  /** `company`: its recalculation was rejected or abandoned; `contact`: its companies could not be looked up. */
  object: 'company' | 'contact';
}

/**
 * The producer side of the recalculation pipeline: pending ids in Redis (see
 * `CoalescingBuffer`) plus one BullMQ drain job per (portal, shard) that wakes a worker.
 *
 * A drain job is added with a deduplication id per (job, portal, shard) and `keepLastIfActive`:
 * while one is waiting or delayed, adding another changes nothing (the ids are already in the
 * pending set it will drain); while one is running, BullMQ keeps one follow-up that starts when
 * it ends, so an id added after the running drain's last claim is never left behind. The same
 * guarantee keeps at most one drain per shard running, so no company is recalculated twice at once.
 *
 * It does not own the Redis connection: close it after `close()`.
 */
export class RecalculationQueue implements RecalculationEnqueuer {
  readonly queue: Queue;
  readonly companies: CoalescingBuffer;
  readonly contacts: CoalescingBuffer;
  readonly settings: RecalculationSettings;

  constructor(
    private readonly connection: Redis,
    settings: Partial<RecalculationSettings> = {},
    logger?: Logger,
  ) {
    this.settings = recalculationSettings(settings);
    const { prefix, shards } = this.settings;
    this.queue = new Queue(RECALCULATION_QUEUE, { connection, prefix: `${prefix}:bull` });
    // Connection errors also reject the calls that meet them; the event only needs a log line
    // (without a listener BullMQ prints every reconnection attempt to stderr).
    this.queue.on('error', (error) => logger?.debug({ err: { message: error.message } }, 'recalculation queue connection error'));
    this.companies = new CoalescingBuffer(connection, { namespace: `${prefix}:recalc:companies`, shards });
    // Contact look-ups are idempotent and cheap to repeat: one shard per portal is enough.
    this.contacts = new CoalescingBuffer(connection, { namespace: `${prefix}:recalc:contacts`, shards: 1 });
  }

  async enqueueCompanies(portalId: string, companyIds: Iterable<string>): Promise<void> {
    const shards = await this.companies.add(portalId, companyIds);
    await Promise.all(shards.map((shard) => this.wake(recalculateCompaniesJob, portalId, shard)));
  }

  async enqueueContacts(portalId: string, contactIds: Iterable<string>): Promise<void> {
    const shards = await this.contacts.add(portalId, contactIds);
    await Promise.all(shards.map((shard) => this.wake(resolveContactsJob, portalId, shard)));
  }

  /**
   * Makes sure a drain job will run for the shard: starts one after `delayMs` (default the
   * coalescing window), or does nothing when one is already waiting.
   */
  async wake(definition: DrainJobDefinition, portalId: string, shard: number, delayMs = this.settings.coalesceMs): Promise<void> {
    await this.queue.add(definition.name, jobData(definition, { portalId, shard }), this.drainJobOptions(definition, portalId, shard, delayMs));
  }

  /** Wakes every shard that holds work, at once. Resolves with how many it woke. */
  async sweep(): Promise<number> {
    const [companySlots, contactSlots] = await Promise.all([this.companies.slots(), this.contacts.slots()]);
    await Promise.all([
      ...companySlots.map((s) => this.wake(recalculateCompaniesJob, s.portalId, s.shard, 0)),
      ...contactSlots.map((s) => this.wake(resolveContactsJob, s.portalId, s.shard, 0)),
    ]);
    return companySlots.length + contactSlots.length;
  }

  /** Runs a sweep every `sweepEveryMs` (idempotent: every worker may call it at start). */
  async scheduleSweep(): Promise<void> {
    await this.queue.upsertJobScheduler(
      sweepRecalculationsJob.name,
      { every: this.settings.sweepEveryMs },
      {
        name: sweepRecalculationsJob.name,
        data: jobData(sweepRecalculationsJob, {}),
        opts: { removeOnComplete: true, removeOnFail: { count: 100 } },
      },
    );
  }

  /** Records whose recalculation failed, with the reason, oldest first. */
  async listFailed(portalId?: string): Promise<FailedRecalculation[]> {
    const [companies, contacts] = await Promise.all([this.companies.listFailed(portalId), this.contacts.listFailed(portalId)]);
    return [
      ...companies.map((r) => ({ ...r, object: 'company' as const })),
      ...contacts.map((r) => ({ ...r, object: 'contact' as const })),
    ].sort((a, b) => a.failedAt - b.failedAt);
  }

  /**
   * Queues failed records again (all of a portal's, or the given company and contact ids) and
   * resolves with how many were queued.
   */
  async retryFailed(portalId: string, ids?: { companies?: string[]; contacts?: string[] }): Promise<number> {
    const companies = await this.companies.retryFailed(portalId, ids?.companies ?? (ids ? [] : undefined));
    const contacts = await this.contacts.retryFailed(portalId, ids?.contacts ?? (ids ? [] : undefined));
    await Promise.all([
      ...companies.shards.map((shard) => this.wake(recalculateCompaniesJob, portalId, shard, 0)),
      ...contacts.shards.map((shard) => this.wake(resolveContactsJob, portalId, shard, 0)),
    ]);
    return companies.ids.length + contacts.ids.length;
  }

  /** Depths for `/metrics`: pending, in-flight and failed ids, and BullMQ's job counts. */
  async depthReadings(): Promise<DepthReading[]> {
    const [companies, contacts, jobs] = await Promise.all([
      this.companies.depth(),
      this.contacts.depth(),
      this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    ]);
    return [
      { queue: 'companies', state: 'pending', value: companies.pending },
      { queue: 'companies', state: 'in_flight', value: companies.inFlight },
      { queue: 'companies', state: 'failed', value: companies.failed },
      { queue: 'contacts', state: 'pending', value: contacts.pending },
      { queue: 'contacts', state: 'in_flight', value: contacts.inFlight },
      { queue: 'contacts', state: 'failed', value: contacts.failed },
      ...Object.entries(jobs).map(([state, value]) => ({ queue: RECALCULATION_QUEUE, state: `jobs_${state}`, value })),
    ];
  }

  /** Closes the BullMQ queue; the connection stays open (its owner closes it). */
  async close(): Promise<void> {
    await this.queue.close();
  }

  /** The connection, for health checks. */
  get redis(): Redis {
    return this.connection;
  }

  private drainJobOptions(definition: DrainJobDefinition, portalId: string, shard: number, delayMs: number): JobsOptions {
    return {
      delay: delayMs,
      deduplication: { id: `${definition.name}:${portalId}:${shard}`, keepLastIfActive: true },
      // Batches count their own tries (see CoalescingBuffer.claim); the job only needs to be
      // retried as long as a batch may be.
      attempts: this.settings.maxBatchTries + 1,
      backoff: { type: RECALCULATION_BACKOFF },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    };
  }
}
