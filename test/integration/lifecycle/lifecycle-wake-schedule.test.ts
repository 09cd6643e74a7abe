import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { LifecycleWakeSchedule } from '../../../src/lifecycle/lifecycle-wake-schedule.js';

const now = Date.parse('2026-05-01T10:00:00Z');
const lease = { limit: 100, leaseMs: 60_000 };

describe('lifecycle wake schedule', () => {
  let redis: Redis;
  let schedule: LifecycleWakeSchedule;
  let run = 0;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  beforeEach(() => {
    schedule = new LifecycleWakeSchedule(redis, { prefix: `test-wake-${process.pid}-${++run}` });
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('hands out only what is due', async () => {
    await schedule.set([
      { portalId: '1', companyId: 'due', kind: 'reminder', at: now - 1 },
      { portalId: '1', companyId: 'later', kind: 'reminder', at: now + 1 },
    ]);

    const claimed = await schedule.claimDue(now, lease);

    expect(claimed.map((c) => c.companyId)).toEqual(['due']);
  });

  it('hands a due wake-up to one of two sweepers claiming at once', async () => {
    await schedule.set([{ portalId: '1', companyId: 'a', kind: 'status', at: now }]);

    const [first, second] = await Promise.all([schedule.claimDue(now, lease), schedule.claimDue(now, lease)]);

    expect(first.length + second.length).toBe(1);
  });

  it('hands a claimed wake-up out again when its claimer never released it', async () => {
    await schedule.set([{ portalId: '1', companyId: 'a', kind: 'status', at: now }]);
    await schedule.claimDue(now, lease);

    expect(await schedule.claimDue(now + 59_000, lease)).toHaveLength(0);
    expect(await schedule.claimDue(now + 60_000, lease)).toHaveLength(1);
  });

  it('catches up on everything that fell due during an outage', async () => {
    await schedule.set(
      Array.from({ length: 250 }, (_, i) => ({ portalId: '1', companyId: `p${i}`, kind: 'reminder' as const, at: now + i * 60_000 })),
    );
    const afterOutage = now + 3 * 3_600_000;

    const claimed = [...(await schedule.claimDue(afterOutage, lease)), ...(await schedule.claimDue(afterOutage, lease)), ...(await schedule.claimDue(afterOutage, lease))];

    expect(new Set(claimed.map((c) => c.companyId)).size).toBe(181);
  });

  it('keeps an earlier wake-up set from newer data while the claim was being processed', async () => {
    await schedule.set([{ portalId: '1', companyId: 'a', kind: 'reminder', at: now }]);
    const [claim] = await schedule.claimDue(now, lease);
    await schedule.set([{ portalId: '1', companyId: 'a', kind: 'reminder', at: now + 1000 }]);

    await schedule.release(claim!, now + 5000);

    expect(await schedule.nextAt('1', 'a', 'reminder')).toBe(now + 1000);
  });

  it('replaces its own lease with the next wake-up on release', async () => {
    await schedule.set([{ portalId: '1', companyId: 'a', kind: 'reminder', at: now }]);
    const [claim] = await schedule.claimDue(now, lease);

    await schedule.release(claim!, now + 5 * 86_400_000);

    expect(await schedule.nextAt('1', 'a', 'reminder')).toBe(now + 5 * 86_400_000);
  });
});
