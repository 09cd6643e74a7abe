import { beforeEach, describe, expect, it } from 'vitest';
import { recalculateCompaniesJob } from '../../../src/jobs/recalculation-job-definitions.js';
import { DEBOUNCE_LIMIT_WINDOWS } from '../../../src/jobs/recalculation-queue.js';
import { commandsSentBy } from '../../support/count-redis-commands.js';
import { recordingHandler, usePipelineFixture, waitUntilIdle } from './pipeline-harness.js';

const PORTAL = '48807704';
const COALESCE_MS = 400;

describe('waking drains', () => {
  /** The producer's clock: its wake-up memo, its debounce and its jobs' timestamps. */
  let clock: number;

  beforeEach(() => {
    // Starts at real time: BullMQ's workers run delayed jobs when real time reaches them.
    clock = Date.now();
  });

  // One shard, so that every id lands in the same one.
  const pipeline = usePipelineFixture('wake', { shards: 1, coalesceMs: COALESCE_MS }, { now: () => clock });

  /** When the shard's delayed drain job is due (epoch ms), from BullMQ's delayed set. */
  async function drainDueAt(): Promise<number> {
    const jobId = await pipeline.producer.queue.getDeduplicationJobId(`${recalculateCompaniesJob.name}:${PORTAL}:0`);
    if (jobId === null) throw new Error('no drain job');
    const score = await pipeline.producerRedis.zscore(`${pipeline.prefix}:bull:recalculation:delayed`, jobId);
    if (score === null) throw new Error('no delayed drain job');
    return Math.floor(Number(score) / 0x1000);
  }

  it('adds no job for ids that join a shard it woke lately, and the drain it woke takes them', async () => {
    const recorder = recordingHandler();
    await pipeline.start(recorder.handler);
    const first = await commandsSentBy(pipeline.producerRedis, () => pipeline.producer.enqueueCompanies(PORTAL, ['501']));
    clock += COALESCE_MS / 4;

    const second = await commandsSentBy(pipeline.producerRedis, () => pipeline.producer.enqueueCompanies(PORTAL, ['502']));
    await waitUntilIdle(pipeline.producer);

    expect(first.commands.length).toBeGreaterThan(1);
    expect(second.commands.map(([name]) => name)).toEqual(['evalsha']);
    expect(recorder.calls).toEqual([{ portalId: PORTAL, ids: ['501', '502'] }]);
  });

  it('sends the ids handed over in one turn of the event loop in one script', async () => {
    await pipeline.producer.enqueueCompanies(PORTAL, ['551']);

    const { commands } = await commandsSentBy(pipeline.producerRedis, () =>
      Promise.all([pipeline.producer.enqueueCompanies(PORTAL, ['552']), pipeline.producer.enqueueAll([{ portalId: PORTAL, companyIds: ['553'] }])]),
    );

    expect(commands.map(([name]) => name)).toEqual(['evalsha']);
    expect((await pipeline.producer.companies.pending(PORTAL, 0)).sort()).toEqual(['551', '552', '553']);
  });

  it('wakes a shard whose drain has finished even when it woke it lately', async () => {
    const recorder = recordingHandler();
    await pipeline.start(recorder.handler);
    await pipeline.producer.enqueueCompanies(PORTAL, ['601']);
    await waitUntilIdle(pipeline.producer);

    await pipeline.producer.enqueueCompanies(PORTAL, ['602']);
    await waitUntilIdle(pipeline.producer);

    expect(recorder.calls).toEqual([
      { portalId: PORTAL, ids: ['601'] },
      { portalId: PORTAL, ids: ['602'] },
    ]);
  });

  it('pushes a waiting drain back while ids keep coming, up to its limit after the oldest id', async () => {
    const oldest = clock;
    await pipeline.producer.enqueueCompanies(PORTAL, ['701']);
    const firstDue = await drainDueAt();

    clock += COALESCE_MS;
    await pipeline.producer.enqueueCompanies(PORTAL, ['702']);
    const pushedBack = await drainDueAt();
    clock += (DEBOUNCE_LIMIT_WINDOWS - 1) * COALESCE_MS - 100;
    await pipeline.producer.enqueueCompanies(PORTAL, ['703']);
    const capped = await drainDueAt();

    expect(firstDue).toBe(oldest + COALESCE_MS);
    expect(pushedBack).toBe(oldest + 2 * COALESCE_MS);
    expect(capped).toBe(oldest + DEBOUNCE_LIMIT_WINDOWS * COALESCE_MS);
    expect(await pipeline.producer.queue.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 1, waiting: 0 });
  });

  it('does not pull forward a drain while its shard has a batch in flight, which may be a retry backing off', async () => {
    await pipeline.producer.companies.add(PORTAL, ['801']);
    await pipeline.producer.companies.claim(PORTAL, 0, 100);
    await pipeline.producer.wake(recalculateCompaniesJob, PORTAL, 0, 60_000);
    const backingOff = await drainDueAt();
    clock += COALESCE_MS;

    await pipeline.producer.enqueueCompanies(PORTAL, ['802']);

    expect(await drainDueAt()).toBe(backingOff);
  });
});
