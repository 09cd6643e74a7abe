import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEvictionPolicy, createRedisConnection } from '../../../src/redis.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { capturingLogger } from '../http/web-harness.js';

describe('Redis connections', () => {
  let server: RedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('says nothing when maxmemory-policy is noeviction', async () => {
    const { logger, lines } = capturingLogger();
    const redis = createRedisConnection({ url: server.url, role: 'client' });
    try {
      expect(await checkEvictionPolicy(redis, logger)).toBe('noeviction');
      expect(lines).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('warns, naming the fix, when Redis may evict keys', async () => {
    const { logger, lines } = capturingLogger();
    const redis = createRedisConnection({ url: server.url, role: 'client' });
    try {
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');

      expect(await checkEvictionPolicy(redis, logger)).toBe('allkeys-lru');
      expect(lines.join('')).toContain('set it to noeviction');
    } finally {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      redis.disconnect();
    }
  });

  it('gives a worker connection no per-command retry limit, as BullMQ requires', () => {
    const worker = createRedisConnection({ url: server.url, role: 'worker' });
    const client = createRedisConnection({ url: server.url, role: 'client' });
    try {
      expect(worker.options.maxRetriesPerRequest).toBeNull();
      expect(client.options.maxRetriesPerRequest).toBe(1);
    } finally {
      worker.disconnect();
      client.disconnect();
    }
  });

  it('fails a client command fast while Redis is down, and serves again once it is back', async () => {
    const own = await startRedisServer();
    const redis = createRedisConnection({ url: own.url, role: 'client' });
    try {
      await redis.ping();
      await own.kill();
      const started = performance.now();
      await expect(redis.ping()).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(3000);

      await own.restart();
      await expect.poll(() => redis.ping().catch(() => 'down'), { timeout: 10_000 }).toBe('PONG');
    } finally {
      redis.disconnect();
      await own.stop();
    }
  });
});
