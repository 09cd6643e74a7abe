import { describe, expect, inject, it } from 'vitest';
import { runApiEfficiencyBench } from '../../../bench/api-efficiency-bench.js';
import { runConflictCheckBench } from '../../../bench/conflict-check-bench.js';
import { runQuarterCloseBench } from '../../../bench/quarter-close-bench.js';
import { runRateLimitBench } from '../../../bench/rate-limit-bench.js';
import { runThroughputBench } from '../../../bench/throughput-bench.js';
import { runWebhookAckBench } from '../../../bench/webhook-ack-bench.js';

const redisUrl = inject('redisUrl');

// Tiny populations: these check that each bench runs end to end and measures something sane, not
// the numbers themselves (those come from `npm run bench`).
describe('benchmarks on a tiny population', () => {
  it('API efficiency counts every event and never beats the lower bound', async () => {
    const result = await runApiEfficiencyBench({ companies: 30, events: 150, naiveEvents: 30, redisUrl });

    expect(result.events).toBe(150);
    expect(result.failed).toBe(0);
    expect(result.calls).toBeGreaterThanOrEqual(result.bound.full);
    expect(result.bound.full).toBeGreaterThanOrEqual(result.bound.strict);
    // A per-event handler reads the company and its associations for every event at least.
    expect(result.naive.callsPerEvent).toBeGreaterThanOrEqual(2);
    expect(result.naiveToProduct).toBeGreaterThan(1);
  });

  it('throughput settles every partner and times it against the physical limit', async () => {
    const result = await runThroughputBench({ partners: 30, redisUrl });

    expect(result.unsettledPartners).toBe(0);
    expect(result.failed).toBe(0);
    expect(result.acceptedCalls).toBeGreaterThanOrEqual(result.bound.full);
    expect(result.physicalLimitSeconds).toBeCloseTo((10 * result.acceptedCalls) / 110, 6);
    expect(result.seconds).toBeGreaterThan(0);
  });

  it('webhook acknowledgement gets a 200 from both routes and orders its percentiles', async () => {
    const result = await runWebhookAckBench({ senders: 2, requests: 40, rounds: 1, eventsPerRequest: 10, redisUrl });

    expect([result.product.errors, result.bare.errors, result.bareWithParse.errors]).toEqual([0, 0, 0]);
    expect(result.product.requests).toBe(40);
    expect(result.product.p50).toBeGreaterThan(0);
    expect(result.product.p99).toBeGreaterThanOrEqual(result.product.p50);
  });

  it('rate limits: both limiters get every partner right at a tight portal budget, and the floor follows the calls', async () => {
    const [result] = await runRateLimitBench({ partners: 30, budgets: [20], redisUrl });

    for (const run of [result!.learning, result!.baseline]) {
      expect(run.wrongPartners).toBe(0);
      expect(run.failed).toBe(0);
      expect(run.calls).toBeGreaterThan(0);
      expect(run.floorSeconds).toBeCloseTo((10 * (run.calls - run.rateLimited)) / 20, 6);
    }
    expect(result!.learning.learning).toBe(true);
    expect(result!.baseline.learning).toBe(false);
    expect(result!.ceilingBound).toBe(false);
  });

  it('conflict checks: the index answers without HubSpot, the baseline searches once per check', async () => {
    const result = await runConflictCheckBench({ checks: 50, baselineChecks: 10, customers: 20 });

    expect(result.index.checks).toBe(50);
    expect(result.index.hubspotCalls).toBe(0);
    expect(result.baseline.callsPerCheck).toBe(1);
    // The demo's registrations and direct deals make some checks conflicts.
    expect(result.outcomes.conflict).toBeGreaterThan(0);
    expect(result.outcomes.none! + result.outcomes.possible! + result.outcomes.conflict!).toBe(50);
    expect(result.index.p99).toBeGreaterThanOrEqual(result.index.p50);
    expect(result.repairCalls).toBeGreaterThan(0);
  }, 60_000);

  it('quarter close: one snapshot per partner, writes only changed partners, never beats the lower bound', async () => {
    const result = await runQuarterCloseBench({ partners: 40, deals: 800, redisUrl });

    expect(result.snapshots).toBe(40);
    expect(result.changed).toBeLessThanOrEqual(40);
    expect(result.breakdown.byKind.companyBatchWrite.calls).toBe(Math.ceil(result.changed / 100));
    expect(result.calls).toBeGreaterThanOrEqual(result.bound.total);
    expect(result.bound.reads).toBe(1);
    expect(result.seconds).toBeGreaterThan(0);
  }, 60_000);
});
