import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ScoreHistoryStore, type HistoryPoint } from '../../../src/recalculation/score-history-store.js';

const redis = new Redis(inject('redisUrl'));
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 15);

afterAll(async () => {
  await redis.quit();
});

function aStore(options: { keepDays?: number; maxPoints?: number } = {}) {
  return new ScoreHistoryStore(redis, { prefix: `test:history:${crypto.randomBytes(4).toString('hex')}`, ...options });
}

const aPoint = (at: number, score = 50): HistoryPoint => ({ at, score, tier: 'silver', trend: 'stable' });

describe('score history store', () => {
  it('reads back what it recorded, oldest first, per company', async () => {
    const store = aStore();
    await store.append('1', [
      { companyId: 'a', point: aPoint(T0 + 2, 60) },
      { companyId: 'a', point: aPoint(T0 + 1, 55) },
      { companyId: 'b', point: { at: T0, score: 20, tier: 'bronze', trend: 'declining' } },
    ]);
    const histories = await store.read('1', ['a', 'b', 'c']);
    expect(histories.get('a')).toEqual([aPoint(T0 + 1, 55), aPoint(T0 + 2, 60)]);
    expect(histories.get('b')).toEqual([{ at: T0, score: 20, tier: 'bronze', trend: 'declining' }]);
    expect(histories.get('c')).toEqual([]);
  });

  it('keeps at most maxPoints per company, dropping the oldest', async () => {
    const store = aStore({ maxPoints: 5 });
    for (let n = 0; n < 12; n++) await store.append('1', [{ companyId: 'a', point: aPoint(T0 + n, n) }]);
    const history = (await store.read('1', ['a'])).get('a')!;
    expect(history.map((p) => p.score)).toEqual([7, 8, 9, 10, 11]);
  });

  it('drops points older than keepDays but keeps the newest of them, which still says where the window started', async () => {
    const store = aStore({ keepDays: 60 });
    await store.append('1', [
      { companyId: 'a', point: aPoint(T0, 10) },
      { companyId: 'a', point: aPoint(T0 + 10 * DAY, 20) },
      { companyId: 'a', point: aPoint(T0 + 20 * DAY, 30) },
    ]);
    await store.append('1', [{ companyId: 'a', point: aPoint(T0 + 100 * DAY, 40) }]);
    const history = (await store.read('1', ['a'])).get('a')!;
    expect(history.map((p) => p.score)).toEqual([30, 40]);
  });

  it('lets an idle company\'s history expire', async () => {
    const store = aStore();
    await store.append('9', [{ companyId: 'z', point: aPoint(T0) }]);
    const keys = await redis.keys('test:history:*:recalc:history:9:z');
    expect(keys).toHaveLength(1);
    expect(await redis.ttl(keys[0]!)).toBeGreaterThan(300 * 24 * 3600);
  });
});
