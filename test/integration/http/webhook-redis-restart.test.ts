import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../../src/jobs/start-worker.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { recordingHandler, silentLogger, testSettings, uniquePrefix, waitFor, waitUntilIdle, workerConnection } from '../jobs/pipeline-harness.js';
import { companyChange, postSigned, startTestServer } from './web-harness.js';

describe('webhooks while Redis is killed and restarted', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer({ persistence: true });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('recalculates every partner with its latest data once Redis is back', async () => {
    const prefix = uniquePrefix('redis-restart');
    const server = await startTestServer({ redisUrl: redis.url, prefix, settings: { coalesceMs: 50 } });
    const workerRedis = workerConnection(redis.url);
    // The "HubSpot" data each event announces, and what the worker wrote after re-reading it.
    const latest = new Map<string, number>();
    const written = new Map<string, number>();
    // A batch takes a little while, so that Redis dies while some are in flight.
    const recorder = recordingHandler(async (_portal, ids) => {
      await new Promise((r) => setTimeout(r, 20));
      for (const id of ids) written.set(id, latest.get(id)!);
      return { failed: [] };
    });
    const running = await startWorker({
      connection: workerRedis,
      handler: recorder.handler,
      resolveContacts: async () => [],
      logger: silentLogger,
      settings: testSettings(prefix, { coalesceMs: 50 }),
      scheduleSweep: false,
      lock: { lockDuration: 2000, stalledInterval: 500 },
    });

    // HubSpot retries a delivery that was not answered 2xx: so does this sender.
    const statuses: number[] = [];
    const deliver = async (round: number) => {
      const events = Array.from({ length: 25 }, (_, i) => {
        const id = 9000 + ((round * 7 + i) % 60);
        latest.set(String(id), round);
        return companyChange({ objectId: id, propertyValue: String(round) });
      });
      for (;;) {
        const response = await postSigned(server, events).catch(() => undefined);
        statuses.push(response?.status ?? 0);
        if (response?.status === 200) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    try {
      for (let round = 1; round <= 8; round += 1) await deliver(round);
      await redis.kill();
      const duringOutage = deliver(9);
      await waitFor(() => statuses.filter((s) => s === 503).length >= 3, 10_000, 'deliveries refused while Redis is down');
      await redis.restart();
      await duringOutage;
      for (let round = 10; round <= 16; round += 1) await deliver(round);

      await waitFor(() => [...latest].every(([id, value]) => written.get(id) === value), 30_000, 'every partner to hold its latest data');
      await waitUntilIdle(server.queue, 30_000);

      expect(statuses).toContain(503);
      expect([...latest].filter(([id, value]) => written.get(id) !== value)).toEqual([]);
    } finally {
      await running.close({ timeoutMs: 5000 });
      await server.close();
      workerRedis.disconnect();
    }
  }, 90_000);
});
