import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { DepthReading } from '../metrics.js';
import { CoalescingBuffer, type FailedRecord, type PendingAddition, type ShardAfterAdd } from './coalescing-buffer.js';
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

/** The companies and contacts of one portal that one webhook request hands over. */
export interface RecalculationRequest {
  portalId: string;
  companyIds?: Iterable<string>;
  contactIds?: Iterable<string>;
}

/** What the webhook route needs: everything one request hands over, queued in one go. */
export interface RecalculationBatchEnqueuer {
  /**
   * Queues the companies and contacts of every request given; one Redis round trip, plus a
   * BullMQ add for each shard whose drain must be woken (usually none under load).
   */
  enqueueAll(requests: readonly RecalculationRequest[]): Promise<void>;
}

/** Options of {@link RecalculationQueue} that are not pipeline settings. */
export interface RecalculationQueueOptions {
  /** Epoch ms now, for the wake-up memo and the debounce; tests freeze it. Default `Date.now`. */
  now?: () => number;
}

/**
 * How long after its oldest pending id a shard's drain starts at the latest, in coalescing
 * windows: the debounce keeps pushing a drain back while events keep coming, up to this.
 */
export const DEBOUNCE_LIMIT_WINDOWS = 5;

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
 * it ends. The same guarantee keeps at most one drain per shard running, so no company is
 * recalculated twice at once.
 *
 * Queueing ids costs one Redis round trip (`CoalescingBuffer.addAll`), and a BullMQ add only for
 * the shards that need one:
 * - a shard that was idle (it had left the slot index, so no drain will look at it) is always
 *   woken — that wake-up is what gets the ids processed;
 * - a shard a drain already covers is left alone when this process woke it less than half a
 *   coalescing window ago. Otherwise it is woken again with `reschedule`, which pushes a drain
 *   still waiting out its delay back to a full window after now (a debounce: a burst longer than
 *   the window lands in one drain, not two), never later than `DEBOUNCE_LIMIT_WINDOWS` windows
 *   after the shard's oldest pending id, so a steady stream still drains. A shard with a batch in
 *   flight is woken without `reschedule`: its delayed job may be a retry backing off.
 *   These wake-ups also repair a wake-up that was lost (a process that died between adding ids
 *   and the job), within half a window of the next event, long before the sweep.
 *
 * It does not own the Redis connection: close it after `close()`.
 */
export class RecalculationQueue implements RecalculationEnqueuer, RecalculationBatchEnqueuer {
  readonly queue: Queue;
  readonly companies: CoalescingBuffer;
  readonly contacts: CoalescingBuffer;
  readonly settings: RecalculationSettings;
  private readonly now: () => number;
  /** Drain deduplication id → when this process last added that drain job, and the add while it runs. */
  private readonly woken = new Map<string, WakeUp>();
  /**
   * Ids handed over during this turn of the event loop: they go to Redis together at its end, so
   * that webhook requests answered in the same turn share one script, one write and one read.
   */
  private nextFlush: { additions: PendingAddition[]; done: Promise<void> } | undefined;

  constructor(
    private readonly connection: Redis,
    settings: Partial<RecalculationSettings> = {},
    logger?: Logger,
    options: RecalculationQueueOptions = {},
  ) {
    this.now = options.now ?? Date.now;
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
    await this.enqueueAll([{ portalId, companyIds }]);
  }

  async enqueueContacts(portalId: string, contactIds: Iterable<string>): Promise<void> {
    await this.enqueueAll([{ portalId, contactIds }]);
  }

  enqueueAll(requests: readonly RecalculationRequest[]): Promise<void> {
    const additions: PendingAddition[] = [];
    // Copied now: they go to Redis at the end of this turn, whatever the caller does with its own.
    for (const { portalId, companyIds, contactIds } of requests) {
      if (companyIds) additions.push({ buffer: this.companies, portalId, ids: [...companyIds] });
      if (contactIds) additions.push({ buffer: this.contacts, portalId, ids: [...contactIds] });
    }
    if (additions.length === 0) return Promise.resolve();
    let flush = this.nextFlush;
    if (flush === undefined) {
      const batch: PendingAddition[] = [];
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.nextFlush = undefined;
        return this.addAndWake(batch);
      });
      flush = { additions: batch, done };
      this.nextFlush = flush;
    }
    flush.additions.push(...additions);
    return flush.done;
  }

  /**
   * Makes sure a drain job will run for the shard: starts one after `delayMs` (default the
   * coalescing window), or does nothing when one is already waiting. Never skipped: the sweep,
   * retries and a drain stopped by a shutdown rely on it.
   */
  async wake(definition: DrainJobDefinition, portalId: string, shard: number, delayMs = this.settings.coalesceMs): Promise<void> {
    await this.addDrainJob(definition, portalId, shard, delayMs, false, this.now());
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

  /** One script for every addition, then the wake-ups the shards it touched need. */
  private async addAndWake(additions: readonly PendingAddition[]): Promise<void> {
    const now = this.now();
    const shards = await CoalescingBuffer.addAll(this.connection, additions, now);
    const wakes: Array<Promise<void>> = [];
    for (const shard of shards) {
      const wake = this.wakeAfterAdd(shard, now);
      if (wake) wakes.push(wake);
    }
    if (wakes.length > 0) await Promise.all(wakes);
  }

  /** The BullMQ add a shard needs after ids were added to it, or undefined when it needs none. */
  private wakeAfterAdd(added: ShardAfterAdd, now: number): Promise<void> | undefined {
    const definition = added.buffer === this.contacts ? resolveContactsJob : recalculateCompaniesJob;
    if (!added.wasIdle) {
      const woken = this.woken.get(drainId(definition, added.portalId, added.shard));
      // A wake-up still being added counts only once it succeeds: wait for it, and fail with it.
      if (woken !== undefined && now - woken.at < this.settings.coalesceMs / 2) return woken.adding;
    }
    const { coalesceMs } = this.settings;
    const latestStart = added.oldestPendingAt + DEBOUNCE_LIMIT_WINDOWS * coalesceMs;
    const delayMs = Math.max(0, Math.min(coalesceMs, latestStart - now));
    return this.addDrainJob(definition, added.portalId, added.shard, delayMs, !added.batchInFlight, now);
  }

  private addDrainJob(definition: DrainJobDefinition, portalId: string, shard: number, delayMs: number, reschedule: boolean, now: number): Promise<void> {
    const id = drainId(definition, portalId, shard);
    const wakeUp: WakeUp = { at: now, adding: undefined };
    this.woken.set(id, wakeUp);
    const adding = this.queue.add(definition.name, jobData(definition, { portalId, shard }), this.drainJobOptions(id, now, delayMs, reschedule)).then(
      () => {
        wakeUp.adding = undefined;
      },
      (error: unknown) => {
        // Not woken after all: the next ids for this shard must not be skipped on its account.
        if (this.woken.get(id) === wakeUp) this.woken.delete(id);
        throw error;
      },
    );
    wakeUp.adding = adding;
    return adding;
  }

  private drainJobOptions(deduplicationId: string, now: number, delayMs: number, reschedule: boolean): JobsOptions {
    return {
      // The delay counts from this queue's clock, as the debounce that chose it.
      timestamp: now,
      delay: delayMs,
      deduplication: { id: deduplicationId, keepLastIfActive: true, ...(reschedule ? { reschedule: true } : {}) },
      // Batches count their own tries (see CoalescingBuffer.claim); the job only needs to be
      // retried as long as a batch may be.
      attempts: this.settings.maxBatchTries + 1,
      backoff: { type: RECALCULATION_BACKOFF },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    };
  }
}

/** A drain job this process added, or is adding. */
interface WakeUp {
  /** Epoch ms of the add. */
  at: number;
  /** The add while it is in progress. */
  adding: Promise<void> | undefined;
}

/** The deduplication id of a shard's drain job: at most one waits and one runs per shard. */
function drainId(definition: DrainJobDefinition, portalId: string, shard: number): string {
  return `${definition.name}:${portalId}:${shard}`;
}
