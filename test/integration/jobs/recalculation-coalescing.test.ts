import { describe, expect, inject, it } from 'vitest';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { startWorker } from '../../../src/jobs/start-worker.js';
import {
  companyIds,
  gate,
  recordingHandler,
  silentLogger,
  testSettings,
  usePipelineFixture,
  waitUntilIdle,
  workerConnection,
} from './pipeline-harness.js';

const redisUrl = inject('redisUrl');
const PORTAL = '48807704';

describe('recalculation coalescing', () => {
  const pipeline = usePipelineFixture('coalescing');

  it('recalculates a company once for a burst of 1,000 events about it', async () => {
    const recorder = recordingHandler();
    await Promise.all(Array.from({ length: 10 }, () => pipeline.producer.enqueueCompanies(PORTAL, Array(100).fill('901'))));

    await pipeline.start(recorder.handler);
    await waitUntilIdle(pipeline.producer);

    expect(recorder.calls).toEqual([{ portalId: PORTAL, ids: ['901'] }]);
  });

  it('recalculates each company once when a batch of events is delivered three times', async () => {
    const recorder = recordingHandler();
    await pipeline.start(recorder.handler, { settings: { coalesceMs: 1000 } });
    const ids = companyIds(30);

    await Promise.all([1, 2, 3].map(() => pipeline.producer.enqueueCompanies(PORTAL, ids)));
    await waitUntilIdle(pipeline.producer);

    expect([...recorder.countsByCompany().values()].every((n) => n === 1)).toBe(true);
    expect([...recorder.countsByCompany().keys()].sort()).toEqual([...ids].sort());
  });

  it('hands the handler each company once, however the burst is spread over shards', async () => {
    const recorder = recordingHandler();
    const ids = companyIds(250);
    await pipeline.producer.enqueueCompanies(PORTAL, ids);

    await pipeline.start(recorder.handler);
    await waitUntilIdle(pipeline.producer);

    expect([...recorder.countsByCompany().keys()].sort()).toEqual([...ids].sort());
    expect([...recorder.countsByCompany().values()].every((n) => n === 1)).toBe(true);
  });

  it('claims every pending company of a shard at once, up to 1,000 by default', async () => {
    const recorder = recordingHandler();
    const single = new RecalculationQueue(pipeline.producerRedis, testSettings(pipeline.prefix, { shards: 1 }));
    await single.enqueueCompanies(PORTAL, companyIds(1_250));

    await pipeline.start(recorder.handler, { settings: { shards: 1 } });
    await waitUntilIdle(single);
    await single.close();

    expect(recorder.calls.map((call) => call.ids.length)).toEqual([1_000, 250]);
  });

  it('claims at most the configured claim size: 100 gives batches of 100', async () => {
    const recorder = recordingHandler();
    const single = new RecalculationQueue(pipeline.producerRedis, testSettings(pipeline.prefix, { shards: 1, claimSize: 100 }));
    await single.enqueueCompanies(PORTAL, companyIds(250));

    await pipeline.start(recorder.handler, { settings: { shards: 1, claimSize: 100 } });
    await waitUntilIdle(single);
    await single.close();

    expect(recorder.calls.map((call) => call.ids.length)).toEqual([100, 100, 50]);
  });

  it('recalculates a company once more when an event about it arrives while it is being recalculated', async () => {
    const firstCall = gate();
    const release = gate();
    const recorder = recordingHandler(async (_portal, _ids, call) => {
      if (call === 1) {
        firstCall.open();
        await release.promise;
      }
      return { failed: [] };
    });
    await pipeline.producer.enqueueCompanies(PORTAL, ['777']);
    await pipeline.start(recorder.handler);
    await firstCall.promise;

    await pipeline.producer.enqueueCompanies(PORTAL, ['777']);
    release.open();
    await waitUntilIdle(pipeline.producer);

    expect(recorder.countsByCompany().get('777')).toBe(2);
  });

  it('keeps portals apart: the same company id in two portals is recalculated in each', async () => {
    const recorder = recordingHandler();
    await pipeline.producer.enqueueCompanies(PORTAL, ['5']);
    await pipeline.producer.enqueueCompanies('99', ['5']);

    await pipeline.start(recorder.handler);
    await waitUntilIdle(pipeline.producer);

    expect(recorder.calls.map((c) => c.portalId).sort()).toEqual(['48807704', '99']);
  });

  it('never recalculates one company in two batches at the same time', async () => {
    // The most batches seen running at once: the overlap check below means something only when
    // batches did run side by side (a counter read after everything finished is always 0).
    let runningBatches = 0;
    let mostBatchesAtOnce = 0;
    const overlapping: string[] = [];
    const inFlight = new Set<string>();
    const recorder = recordingHandler(async (_portal, ids) => {
      runningBatches += 1;
      mostBatchesAtOnce = Math.max(mostBatchesAtOnce, runningBatches);
      overlapping.push(...ids.filter((id) => inFlight.has(id)));
      ids.forEach((id) => inFlight.add(id));
      await new Promise((r) => setTimeout(r, 30));
      ids.forEach((id) => inFlight.delete(id));
      runningBatches -= 1;
      return { failed: [] };
    });
    await pipeline.start(recorder.handler, { settings: { coalesceMs: 0 } });
    // A second worker on its own connection: two processes competing for the same shards.
    const otherRedis = workerConnection(redisUrl);
    const other = await startWorker({
      connection: otherRedis,
      handler: recorder.handler,
      resolveContacts: async () => [],
      logger: silentLogger,
      settings: testSettings(pipeline.prefix, { coalesceMs: 0 }),
      scheduleSweep: false,
    });

    for (let round = 0; round < 20; round += 1) {
      await pipeline.producer.enqueueCompanies(PORTAL, companyIds(40));
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitUntilIdle(pipeline.producer);
    await other.close();
    otherRedis.disconnect();

    expect(mostBatchesAtOnce).toBeGreaterThan(1);
    expect(overlapping).toEqual([]);
  });

  it('recovers ids whose wake-up was lost when a worker starts', async () => {
    const recorder = recordingHandler();
    // Ids written straight into the pending set, as if the process died before adding the job.
    await pipeline.producer.companies.add(PORTAL, ['4242']);

    await pipeline.start(recorder.handler);
    await waitUntilIdle(pipeline.producer);

    expect(recorder.calls).toEqual([{ portalId: PORTAL, ids: ['4242'] }]);
  });

  it('recovers ids whose wake-up was lost when swept', async () => {
    const recorder = recordingHandler();
    await pipeline.start(recorder.handler);
    await pipeline.producer.companies.add(PORTAL, ['4343']);

    await pipeline.producer.sweep();
    await waitUntilIdle(pipeline.producer);

    expect(recorder.calls).toEqual([{ portalId: PORTAL, ids: ['4343'] }]);
  });
});
