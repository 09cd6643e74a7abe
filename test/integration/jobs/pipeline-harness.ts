import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, inject } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { RecalculateBatch, RecalculateBatchResult } from '../../../src/jobs/recalculation-handler.js';
import { RecalculationQueue, type RecalculationQueueOptions } from '../../../src/jobs/recalculation-queue.js';
import type { RecalculationSettings } from '../../../src/jobs/recalculation-settings.js';
import { startWorker, type RunningWorker, type StartWorkerOptions } from '../../../src/jobs/start-worker.js';
import { createRedisConnection } from '../../../src/redis.js';

export const silentLogger = createLogger({ level: 'silent' });

/** A key prefix no other test file or run uses. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${crypto.randomBytes(4).toString('hex')}`;
}

/** Fast settings for tests: a short coalescing window and quick retries. */
export function testSettings(prefix: string, overrides: Partial<RecalculationSettings> = {}): Partial<RecalculationSettings> {
  return { prefix, coalesceMs: 100, backoffBaseMs: 50, backoffMaxMs: 200, sweepEveryMs: 60_000, ...overrides };
}

export function workerConnection(url: string): Redis {
  return createRedisConnection({ url, role: 'worker', name: 'test-worker' });
}

export function clientConnection(url: string): Redis {
  return createRedisConnection({ url, role: 'client', name: 'test-client' });
}

/** A batch handler that records every call and answers with `respond` (all succeed by default). */
export function recordingHandler(respond?: (portalId: string, ids: string[], call: number) => Promise<RecalculateBatchResult> | RecalculateBatchResult) {
  const calls: Array<{ portalId: string; ids: string[] }> = [];
  const handler: RecalculateBatch = async (portalId, ids) => {
    calls.push({ portalId, ids: [...ids] });
    return respond ? respond(portalId, ids, calls.length) : { failed: [] };
  };
  return {
    handler,
    calls,
    /** How many times each company was handed to the handler. */
    countsByCompany(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const call of calls) for (const id of call.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts;
    },
  };
}

/** A promise with its resolver, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Polls `condition` every 20 ms until it holds (throws after `timeoutMs`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True when no id is pending or in flight and no drain job waits, runs or is delayed. */
export async function isIdle(queue: RecalculationQueue): Promise<boolean> {
  const [companies, contacts, jobs] = await Promise.all([
    queue.companies.depth(),
    queue.contacts.depth(),
    queue.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children'),
  ]);
  const busyJobs = Object.values(jobs).reduce((sum, n) => sum + n, 0);
  return companies.pending + companies.inFlight + contacts.pending + contacts.inFlight + busyJobs === 0;
}

export async function waitUntilIdle(queue: RecalculationQueue, timeoutMs = 15_000): Promise<void> {
  await waitFor(() => isIdle(queue), timeoutMs, 'the recalculation pipeline to be idle');
}

export function companyIds(count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => String(from + i));
}

/** What one test of the recalculation pipeline works with: made fresh before each test. */
export interface PipelineFixture {
  /** This test's key prefix, unique to the test. */
  readonly prefix: string;
  /** The producer's `client` connection. */
  readonly producerRedis: Redis;
  /** The `worker` connection that the workers `start` starts share. */
  readonly workerRedis: Redis;
  /** A producer queue on `producerRedis` with the fixture's settings. */
  readonly producer: RecalculationQueue;
  /**
   * Starts a worker on `workerRedis` with the fixture's settings (`options.settings` overrides
   * some of them), no sweep schedule and no contacts to resolve unless `options` says otherwise.
   * A worker the test has not closed is closed after it.
   */
  start(handler: RecalculateBatch, options?: Partial<StartWorkerOptions>): Promise<RunningWorker>;
}

/**
 * Registers the `beforeEach`/`afterEach` hooks of a recalculation pipeline test: a fresh prefix
 * (from `name`), producer and worker connections and a producer queue before each test; after it,
 * the workers it started are closed, then the queue and the connections.
 *
 * @param settings what the producer and the workers use on top of `testSettings`.
 * @param queueOptions for the producer queue, e.g. a frozen `now`.
 */
export function usePipelineFixture(
  name: string,
  settings: Partial<RecalculationSettings> = {},
  queueOptions: RecalculationQueueOptions = {},
): PipelineFixture {
  const redisUrl = inject('redisUrl');
  let current: { prefix: string; producerRedis: Redis; workerRedis: Redis; producer: RecalculationQueue } | undefined;
  const openWorkers = new Set<RunningWorker>();

  const state = () => {
    if (!current) throw new Error('usePipelineFixture: read the fixture inside a test or a hook, not while tests are collected');
    return current;
  };

  beforeEach(() => {
    const prefix = uniquePrefix(name);
    const producerRedis = clientConnection(redisUrl);
    const workerRedis = workerConnection(redisUrl);
    const producer = new RecalculationQueue(producerRedis, testSettings(prefix, settings), undefined, queueOptions);
    current = { prefix, producerRedis, workerRedis, producer };
  });

  afterEach(async () => {
    for (const worker of openWorkers) await worker.close();
    openWorkers.clear();
    if (!current) return;
    const { producer, producerRedis, workerRedis } = current;
    current = undefined;
    await producer.close();
    producerRedis.disconnect();
    workerRedis.disconnect();
  });

  return {
    get prefix() {
      return state().prefix;
    },
    get producerRedis() {
      return state().producerRedis;
    },
    get workerRedis() {
      return state().workerRedis;
    },
    get producer() {
      return state().producer;
    },
    async start(handler, options = {}) {
      const { prefix, workerRedis } = state();
      const running = await startWorker({
        connection: workerRedis,
        handler,
        resolveContacts: async () => [],
        logger: silentLogger,
        scheduleSweep: false,
        ...options,
        settings: testSettings(prefix, { ...settings, ...options.settings }),
      });
      openWorkers.add(running);
      return {
        ...running,
        close(closeOptions) {
          openWorkers.delete(running);
          return running.close(closeOptions);
        },
      };
    },
  };
}
