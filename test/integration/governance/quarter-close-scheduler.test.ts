import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { quarterCloseInstant } from '../../../src/domain/governance/quarter-close-instant.js';
import { nextQuarter } from '../../../src/domain/governance/next-quarter.js';
import { establishQuarterCloses, QuarterCloseQueue, quarterClosePattern, startQuarterCloseWorker } from '../../../src/governance/quarter-close-queue.js';
import { createLogger } from '../../../src/logger.js';
import { PORTAL_TIME_ZONE, startQuarterCloseRig, type QuarterCloseRig } from './quarter-close-harness.js';

const redisUrl = inject('redisUrl');
let rig: QuarterCloseRig | undefined;
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rig?.stop();
  rig = undefined;
});

describe('the quarter close schedule', () => {
  it('fires on the first day of each fiscal quarter', () => {
    expect(quarterClosePattern(1)).toBe('0 0 1 1,4,7,10 *');
    expect(quarterClosePattern(7)).toBe('0 0 1 1,4,7,10 *');
    expect(quarterClosePattern(2)).toBe('0 0 1 2,5,8,11 *');
    expect(quarterClosePattern(12)).toBe('0 0 1 3,6,9,12 *');
  });

  it('schedules the next close at the close instant in the portal time zone, and catches up on the last closed quarter at start', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    cleanups.push(async () => redis.quit());
    const queue = new QuarterCloseQueue(redis, { prefix: rig.prefix });
    cleanups.push(() => queue.close());
    const { close } = rig.closer();

    const queued = await establishQuarterCloses(queue, close, { portalId: rig.portalId, timeZone: PORTAL_TIME_ZONE, fiscalYearStartMonth: 1, quarterly: true, now: rig.clock.now });
    expect(queued).toBe('2026Q3');
    // The scheduler's next run is the close of the quarter open now (its clock is the real one).
    const next = await queue.nextScheduledAt(rig.portalId);
    const open = nextQuarter(close.lastClosedQuarter(Date.now()), 1);
    expect(next).toBe(quarterCloseInstant(open, PORTAL_TIME_ZONE));

    const worker = await startQuarterCloseWorker({ connection: redis, prefix: rig.prefix, close, logger: createLogger({ level: 'silent' }), now: () => rig!.clock.now });
    cleanups.push(() => worker.close());
    await expect.poll(() => close.isClosed(rig!.portalId, '2026Q3'), { timeout: 20_000, interval: 100 }).toBe(true);

    // Once closed, a restart queues nothing.
    expect(await establishQuarterCloses(queue, close, { portalId: rig.portalId, timeZone: PORTAL_TIME_ZONE, fiscalYearStartMonth: 1, quarterly: true, now: rig.clock.now })).toBeNull();
  });

  it('in instant mode schedules the close instants (for the rebates) and catches up no close', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    cleanups.push(async () => redis.quit());
    const queue = new QuarterCloseQueue(redis, { prefix: rig.prefix });
    cleanups.push(() => queue.close());
    const { close } = rig.closer();
    expect(await establishQuarterCloses(queue, close, { portalId: rig.portalId, timeZone: PORTAL_TIME_ZONE, fiscalYearStartMonth: 1, quarterly: false, now: rig.clock.now })).toBeNull();
    expect(await queue.nextScheduledAt(rig.portalId)).not.toBeNull();
    expect(await queue.queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 1, active: 0 });
  });
});
