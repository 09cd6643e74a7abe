import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../../src/jobs/start-worker.js';
import { gate, recordingHandler, silentLogger, testSettings, uniquePrefix, waitUntilIdle, workerConnection } from '../jobs/pipeline-harness.js';
import { companyChange, PORTAL, postSigned, startTestServer, type TestServer } from './web-harness.js';

const redisUrl = inject('redisUrl');

/**
 * A stand-in for HubSpot's data: the latest value of each company, and what the app wrote after
 * reading it. The handler re-reads the latest value, as the real one re-reads HubSpot.
 */
function mirror() {
  const latest = new Map<string, number>();
  const written = new Map<string, number>();
  let writes = 0;
  const recorder = recordingHandler((_portal, ids) => {
    for (const id of ids) {
      const value = latest.get(id);
      if (value !== undefined && written.get(id) !== value) {
        written.set(id, value);
        writes += 1;
      }
    }
    return { failed: [] };
  });
  return { latest, written, recorder, writes: () => writes };
}

describe('webhooks through to the worker', () => {
  let server: TestServer;
  let workerRedis: Redis;
  let running: RunningWorker | undefined;
  let prefix: string;

  beforeEach(async () => {
    prefix = uniquePrefix('webhook-worker');
    server = await startTestServer({ redisUrl, prefix, settings: { coalesceMs: 500 } });
    workerRedis = workerConnection(redisUrl);
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await server.close();
    workerRedis.disconnect();
  });

  const start = (handler: ReturnType<typeof recordingHandler>['handler']) =>
    startWorker({
      connection: workerRedis,
      handler,
      resolveContacts: async () => [],
      logger: silentLogger,
      settings: testSettings(prefix, { coalesceMs: 500 }),
      scheduleSweep: false,
    });

  it('recalculates a company once for a burst of 1,000 changes to it in 10 requests', async () => {
    const recorder = recordingHandler();
    running = await start(recorder.handler);
    const request = (n: number) =>
      Array.from({ length: 100 }, (_, i) => companyChange({ objectId: 8001, propertyValue: String(n * 100 + i) }));

    const responses = await Promise.all(Array.from({ length: 10 }, (_, n) => postSigned(server, request(n))));
    await waitUntilIdle(server.queue);

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(recorder.calls).toEqual([{ portalId: String(PORTAL), ids: ['8001'] }]);
  });

  it('writes each company once when HubSpot delivers the same batch three times', async () => {
    const state = mirror();
    const ids = Array.from({ length: 50 }, (_, i) => 8100 + i);
    for (const id of ids) state.latest.set(String(id), 1);
    running = await start(state.recorder.handler);
    const batch = ids.map((id) => companyChange({ objectId: id, attemptNumber: 0 }));

    await Promise.all([0, 1, 2].map((attempt) => postSigned(server, batch.map((e) => ({ ...e, attemptNumber: attempt })))));
    await waitUntilIdle(server.queue);

    expect(state.writes()).toBe(50);
    expect([...state.recorder.countsByCompany().values()].every((n) => n === 1)).toBe(true);
  });

  it('ends with the latest data when events arrive out of order', async () => {
    const state = mirror();
    running = await start(state.recorder.handler);
    // HubSpot's data moves 1 → 5; the events about it arrive newest first, across two deliveries.
    state.latest.set('8200', 5);
    const events = [5, 4, 3, 2, 1].map((v) => companyChange({ objectId: 8200, propertyValue: String(v), occurredAt: 1_700_000_000_000 + v }));

    await postSigned(server, events.slice(0, 2));
    await waitUntilIdle(server.queue);
    await postSigned(server, events.slice(2));
    await waitUntilIdle(server.queue);

    expect(state.written.get('8200')).toBe(5);
  });

  it('acknowledges a 100-event request before any recalculation has run, and loses none of it', async () => {
    // The recalculation is held until the answer has arrived: a route that waited for it (or for
    // anything the worker does) would never answer, and HubSpot would time the delivery out.
    const held = gate();
    const recorder = recordingHandler(async () => {
      await held.promise;
      return { failed: [] };
    });
    running = await start(recorder.handler);
    const ids = Array.from({ length: 100 }, (_, i) => 8300 + i);

    const response = await postSigned(server, ids.map((id) => companyChange({ objectId: id })));

    expect(response.status).toBe(200);
    const depth = await server.queue.companies.depth();
    expect(depth.pending + depth.inFlight).toBe(100);
    held.open();
    await waitUntilIdle(server.queue);
    expect([...recorder.countsByCompany().entries()].sort()).toEqual(ids.map((id) => [String(id), 1]).sort());
  });
});
