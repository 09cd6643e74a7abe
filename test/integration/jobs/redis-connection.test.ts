import net from 'node:net';
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

  it('fails a client command after one reconnection attempt while Redis is down, and serves again once it is back', async () => {
    const own = await startRedisServer();
    const redis = createRedisConnection({ url: own.url, role: 'client' });
    let reconnections = 0;
    redis.on('reconnecting', () => {
      reconnections += 1;
    });
    try {
      await redis.ping();
      await own.kill();
      // Counted, not timed: a connection that waited Redis out (a worker's) would never settle, and
      // one with ioredis's default of 20 retries would settle only after 20 reconnection attempts.
      await expect(redis.ping()).rejects.toThrow(/max retries per request/);
      expect(reconnections).toBeLessThanOrEqual(2);

      await own.restart();
      await expect.poll(() => redis.ping().catch(() => 'down'), { timeout: 10_000 }).toBe('PONG');
    } finally {
      redis.disconnect();
      await own.stop();
    }
  });

  it('fails a client command, rather than holding it, when Redis accepts the connection and never answers', async () => {
    // A Redis that hangs (stopped, or a full network buffer) keeps the connection open: only the
    // client's command timeout ends the request, so a webhook still gets its 503 in time.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const redis = createRedisConnection({ url: `redis://127.0.0.1:${port}`, role: 'client' });
    try {
      await expect(redis.ping()).rejects.toThrow('Command timed out');
    } finally {
      redis.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
