import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { recalculateCompaniesJob } from '../../../src/jobs/recalculation-job-definitions.js';
import { DEBOUNCE_LIMIT_WINDOWS, RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { startWorker, type RunningWorker } from '../../../src/jobs/start-worker.js';
import { commandsSentBy } from '../../support/count-redis-commands.js';
import { clientConnection, recordingHandler, silentLogger, testSettings, uniquePrefix, waitUntilIdle, workerConnection } from './pipeline-harness.js';

const redisUrl = inject('redisUrl');
const PORTAL = '48807704';
const COALESCE_MS = 400;

describe('waking drains', () => {
  let producerRedis: Redis;
  let workerRedis: Redis;
  let producer: RecalculationQueue;
  let running: RunningWorker | undefined;
  let prefix: string;
  /** The producer's clock: its wake-up memo, its debounce and its jobs' timestamps. */
  let clock: number;

  // One shard, so that every id lands in the same one.
  const settings = () => testSettings(prefix, { shards: 1, coalesceMs: COALESCE_MS });

  beforeEach(() => {
    prefix = uniquePrefix('wake');
    // Starts at real time: BullMQ's workers run delayed jobs when real time reaches them.
    clock = Date.now();
    producerRedis = clientConnection(redisUrl);
    workerRedis = workerConnection(redisUrl);
    producer = new RecalculationQueue(producerRedis, settings(), undefined, { now: () => clock });
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await producer.close();
    producerRedis.disconnect();
    workerRedis.disconnect();
  });

  const start = (handler: ReturnType<typeof recordingHandler>['handler']) =>
    startWorker({ connection: workerRedis, handler, resolveContacts: async () => [], logger: silentLogger, settings: settings(), scheduleSweep: false });

  /** When the shard's delayed drain job is due (epoch ms), from BullMQ's delayed set. */
  async function drainDueAt(): Promise<number> {
    const jobId = await producer.queue.getDeduplicationJobId(`${recalculateCompaniesJob.name}:${PORTAL}:0`);
    if (jobId === null) throw new Error('no drain job');
    const score = await producerRedis.zscore(`${prefix}:bull:recalculation:delayed`, jobId);
    if (score === null) throw new Error('no delayed drain job');
    return Math.floor(Number(score) / 0x1000);
  }

  it('adds no job for ids that join a shard it woke lately, and the drain it woke takes them', async () => {
    const recorder = recordingHandler();
    running = await start(recorder.handler);
    const first = await commandsSentBy(producerRedis, () => producer.enqueueCompanies(PORTAL, ['501']));
    clock += COALESCE_MS / 4;

    const second = await commandsSentBy(producerRedis, () => producer.enqueueCompanies(PORTAL, ['502']));
    await waitUntilIdle(producer);

    expect(first.commands.length).toBeGreaterThan(1);
    expect(second.commands.map(([name]) => name)).toEqual(['evalsha']);
    expect(recorder.calls).toEqual([{ portalId: PORTAL, ids: ['501', '502'] }]);
  });

  it('sends the ids handed over in one turn of the event loop in one script', async () => {
    await producer.enqueueCompanies(PORTAL, ['551']);

    const { commands } = await commandsSentBy(producerRedis, () =>
      Promise.all([producer.enqueueCompanies(PORTAL, ['552']), producer.enqueueAll([{ portalId: PORTAL, companyIds: ['553'] }])]),
    );

    expect(commands.map(([name]) => name)).toEqual(['evalsha']);
    expect((await producer.companies.pending(PORTAL, 0)).sort()).toEqual(['551', '552', '553']);
  });

  it('wakes a shard whose drain has finished even when it woke it lately', async () => {
    const recorder = recordingHandler();
    running = await start(recorder.handler);
    await producer.enqueueCompanies(PORTAL, ['601']);
    await waitUntilIdle(producer);

    await producer.enqueueCompanies(PORTAL, ['602']);
    await waitUntilIdle(producer);

    expect(recorder.calls).toEqual([
      { portalId: PORTAL, ids: ['601'] },
      { portalId: PORTAL, ids: ['602'] },
    ]);
  });

  it('pushes a waiting drain back while ids keep coming, up to its limit after the oldest id', async () => {
    const oldest = clock;
    await producer.enqueueCompanies(PORTAL, ['701']);
    const firstDue = await drainDueAt();

    clock += COALESCE_MS;
    await producer.enqueueCompanies(PORTAL, ['702']);
    const pushedBack = await drainDueAt();
    clock += (DEBOUNCE_LIMIT_WINDOWS - 1) * COALESCE_MS - 100;
    await producer.enqueueCompanies(PORTAL, ['703']);
    const capped = await drainDueAt();

    expect(firstDue).toBe(oldest + COALESCE_MS);
    expect(pushedBack).toBe(oldest + 2 * COALESCE_MS);
    expect(capped).toBe(oldest + DEBOUNCE_LIMIT_WINDOWS * COALESCE_MS);
    expect(await producer.queue.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 1, waiting: 0 });
  });

  it('does not pull forward a drain while its shard has a batch in flight, which may be a retry backing off', async () => {
    await producer.companies.add(PORTAL, ['801']);
    await producer.companies.claim(PORTAL, 0, 100);
    await producer.wake(recalculateCompaniesJob, PORTAL, 0, 60_000);
    const backingOff = await drainDueAt();
    clock += COALESCE_MS;

    await producer.enqueueCompanies(PORTAL, ['802']);

    expect(await drainDueAt()).toBe(backingOff);
  });
});
