import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { watchForEmptyRedis } from '../../../src/app/watch-for-empty-redis.js';
import { createLogger } from '../../../src/logger.js';

/* Several workers watch the same Redis: when it is found emptied, one of them restores it, once. */

const suffix = crypto.randomBytes(3).toString('hex');
const key = (name: string) => `test:watch-empty:${suffix}:${name}`;
const connections: Redis[] = [];

beforeAll(() => {
  for (let i = 0; i < 3; i++) connections.push(new Redis(inject('redisUrl')));
});

afterAll(() => {
  for (const connection of connections) connection.disconnect();
});

describe('watching for an emptied Redis', () => {
  it('has one worker among several restore, once, while the restore takes several intervals', async () => {
    const restoredBy: number[] = [];
    const stops = connections.map((redis, worker) =>
      watchForEmptyRedis(redis, {
        isEmptied: async () => (await redis.exists(key('schedules'))) === 0,
        restore: async () => {
          restoredBy.push(worker);
          await new Promise((resolve) => setTimeout(resolve, 400));
          await redis.set(key('schedules'), 'back');
        },
        lockKey: key('lock'),
        intervalMs: 50,
        logger: createLogger({ level: 'silent' }),
      }),
    );
    try {
      const deadline = Date.now() + 10_000;
      while ((await connections[0]!.get(key('schedules'))) !== 'back') {
        if (Date.now() > deadline) throw new Error('never restored');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Several more intervals with the schedules back: nobody restores again.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(restoredBy).toHaveLength(1);
    } finally {
      for (const stop of stops) stop();
    }
  });

  it('leaves a Redis that still holds its schedules alone', async () => {
    await connections[0]!.set(key('present'), '1');
    let restores = 0;
    let checks = 0;
    const stop = watchForEmptyRedis(connections[0]!, {
      isEmptied: async () => {
        checks++;
        return (await connections[0]!.exists(key('present'))) === 0;
      },
      restore: async () => {
        restores++;
      },
      lockKey: key('lock-present'),
      intervalMs: 20,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      while (checks < 5) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(restores).toBe(0);
    } finally {
      stop();
    }
  });
});
