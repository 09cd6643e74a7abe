import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { jobData } from '../../../src/jobs/job-definition.js';
import { recalculateCompaniesJob } from '../../../src/jobs/recalculation-job-definitions.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { createMetrics } from '../../../src/metrics.js';
import { companyIds, recordingHandler, testSettings, usePipelineFixture, waitFor, waitUntilIdle } from './pipeline-harness.js';

const PORTAL = '48807704';

describe('recalculation failures', () => {
  // One shard, so that a few ids make one batch and the tests can count calls.
  const pipeline = usePipelineFixture('failures', { shards: 1 });

  it('puts a company HubSpot rejects in the failed set with its reason and finishes the others', async () => {
    const recorder = recordingHandler(() => ({
      failed: [{ companyId: '2', reason: 'HubSpot rejected pe_tier: INVALID_OPTION' }],
    }));
    await pipeline.producer.enqueueCompanies(PORTAL, ['1', '2', '3']);

    await pipeline.start(recorder.handler);
    await waitUntilIdle(pipeline.producer);

    const failed = await pipeline.producer.listFailed();
    expect(failed.map(({ portalId, id, reason, object }) => ({ portalId, id, reason, object }))).toEqual([
      { portalId: PORTAL, id: '2', reason: 'HubSpot rejected pe_tier: INVALID_OPTION', object: 'company' },
    ]);
    expect(recorder.calls).toHaveLength(1);
  });

  it('clears a failed company once it is recalculated again successfully', async () => {
    const recorder = recordingHandler((_portal, _ids, call) => ({
      failed: call === 1 ? [{ companyId: '2', reason: 'rejected' }] : [],
    }));
    await pipeline.producer.enqueueCompanies(PORTAL, ['1', '2']);
    await pipeline.start(recorder.handler);
    await waitUntilIdle(pipeline.producer);

    const retried = await pipeline.producer.retryFailed(PORTAL);
    await waitUntilIdle(pipeline.producer);

    expect(retried).toBe(1);
    expect(recorder.calls[1]).toEqual({ portalId: PORTAL, ids: ['2'] });
    expect(await pipeline.producer.listFailed()).toEqual([]);
  });

  /**
   * The drain job BullMQ holds back after its `attempt`-th failure, and when it is due (epoch ms,
   * from the delayed set's score), once it is there.
   */
  async function retryAfterFailure(attempt: number) {
    let found: { job: Job; dueAt: number } | undefined;
    await waitFor(async () => {
      const delayed = await pipeline.producer.queue.getJobs(['delayed']);
      const job = delayed.find((candidate) => candidate.attemptsMade === attempt);
      const score = job ? await pipeline.producerRedis.zscore(`${pipeline.prefix}:bull:recalculation:delayed`, job.id!) : null;
      if (job && score !== null) found = { job, dueAt: Math.floor(Number(score) / 0x1000) };
      return found !== undefined;
    }, 15_000, `the retry after failure ${attempt}`);
    return found!;
  }

  it('retries a batch whose handler threw after a delay that doubles, until it succeeds', async () => {
    const threwAt: number[] = [];
    const recorder = recordingHandler((_portal, _ids, call) => {
      if (call > 2) return { failed: [] };
      threwAt.push(Date.now());
      throw new Error('HubSpot answered 503');
    });
    await pipeline.producer.enqueueCompanies(PORTAL, ['10', '11']);
    // Delays of a minute and more, read from where BullMQ schedules them; the test then promotes
    // each retry rather than waiting for it, so no clock is raced.
    await pipeline.start(recorder.handler, { settings: { backoffBaseMs: 60_000, backoffMaxMs: 600_000 } });

    const first = await retryAfterFailure(1);
    expect(recorder.calls).toHaveLength(1);
    await first.job.promote();
    const second = await retryAfterFailure(2);
    await second.job.promote();
    await waitUntilIdle(pipeline.producer);

    expect(recorder.calls.map((c) => [...c.ids].sort())).toEqual([['10', '11'], ['10', '11'], ['10', '11']]);
    // 60 s, then 120 s, each ±10%.
    const firstDelay = first.dueAt - threwAt[0]!;
    const secondDelay = second.dueAt - threwAt[1]!;
    expect(firstDelay).toBeGreaterThanOrEqual(54_000);
    expect(secondDelay).toBeGreaterThanOrEqual(108_000);
    expect(secondDelay / firstDelay).toBeGreaterThan(1.5);
    expect(await pipeline.producer.listFailed()).toEqual([]);
  });

  it('moves a batch that keeps failing to the failed set with the last error, and goes on with the next', async () => {
    const recorder = recordingHandler((_portal, ids) => {
      if (ids.includes('66')) throw new Error('boom: cannot read properties of undefined');
      return { failed: [] };
    });
    const metrics = createMetrics({ processMetrics: false });
    const single = new RecalculationQueue(pipeline.producerRedis, testSettings(pipeline.prefix, { shards: 1, claimSize: 2, maxBatchTries: 3 }));
    await single.enqueueCompanies(PORTAL, ['66', '67', '68']);

    await pipeline.start(recorder.handler, { metrics, settings: { shards: 1, claimSize: 2, maxBatchTries: 3 } });
    await waitUntilIdle(single);

    const failed = await single.listFailed(PORTAL);
    expect(failed.map((f) => f.id).sort()).toEqual(['66', '67']);
    expect(failed[0]!.reason).toBe('gave up after 3 tries: boom: cannot read properties of undefined');
    expect(recorder.calls.filter((c) => c.ids.includes('66'))).toHaveLength(3);
    expect(recorder.countsByCompany().get('68')).toBe(1);
    expect((await metrics.recalculations.get()).values.find((v) => v.labels.outcome === 'abandoned')?.value).toBe(2);
    await single.close();
  });

  it('fails a job with an invalid payload at once, without retries', async () => {
    const recorder = recordingHandler();
    await pipeline.start(recorder.handler);

    const job = await pipeline.producer.queue.add(recalculateCompaniesJob.name, { v: 1, portalId: 'not-a-portal', shard: 0 }, { attempts: 5 });
    await waitFor(async () => (await job.getState()) === 'failed');

    const failed = await pipeline.producer.queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toContain('portalId: expected a HubSpot portal id');
    expect(recorder.calls).toEqual([]);
  });

  it('fails a job whose payload version this worker does not know, without retries', async () => {
    await pipeline.start(recordingHandler().handler);

    const job = await pipeline.producer.queue.add(recalculateCompaniesJob.name, { v: 2, portalId: PORTAL, shard: 0 }, { attempts: 5 });
    await waitFor(async () => (await job.getState()) === 'failed');

    expect((await pipeline.producer.queue.getJob(job.id!))?.failedReason).toBe(
      'recalculate-companies job has payload version 2; this worker handles version 1',
    );
  });

  it('stores ids only in job data: the portal and the shard, never the companies or their data', async () => {
    await pipeline.producer.enqueueCompanies(PORTAL, companyIds(3));

    const jobs = await pipeline.producer.queue.getJobs(['delayed', 'waiting']);

    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(job.data).toEqual(jobData(recalculateCompaniesJob, { portalId: PORTAL, shard: job.data.shard }));
  });

  it('turns contact events into recalculations of their partner companies', async () => {
    const recorder = recordingHandler();
    const partnersOf: Record<string, string[]> = { c1: ['500'], c2: ['500', '501'], c3: [] };
    await pipeline.producer.enqueueContacts(PORTAL, ['c1', 'c2', 'c3']);

    await pipeline.start(recorder.handler, {
      resolveContacts: async (_portal, contactIds) => contactIds.flatMap((id) => partnersOf[id] ?? []),
    });
    await waitUntilIdle(pipeline.producer);

    expect([...recorder.countsByCompany()].sort()).toEqual([
      ['500', 1],
      ['501', 1],
    ]);
  });

  it('retries a contact look-up that threw, and loses no contact', async () => {
    const recorder = recordingHandler();
    let lookups = 0;
    await pipeline.producer.enqueueContacts(PORTAL, ['c9']);

    await pipeline.start(recorder.handler, {
      resolveContacts: async () => {
        lookups += 1;
        if (lookups === 1) throw new Error('HubSpot timed out');
        return ['900'];
      },
    });
    await waitUntilIdle(pipeline.producer);

    expect(lookups).toBe(2);
    expect(recorder.calls).toEqual([{ portalId: PORTAL, ids: ['900'] }]);
  });
});
