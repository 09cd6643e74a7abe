import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../support/redis-server.js';
import { clientConnection, uniquePrefix } from '../jobs/pipeline-harness.js';
import { errorOf, PORTAL, startTestServer, type TestServer } from './web-harness.js';

const redisUrl = inject('redisUrl');
const ADMIN_TOKEN = 'admin-token-for-tests';

describe('health, readiness, metrics and operator routes', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = (options: Partial<Parameters<typeof startTestServer>[0]> = {}) =>
    startTestServer({ redisUrl, prefix: uniquePrefix('operator'), adminToken: ADMIN_TOKEN, ...options });

  it('answers /healthz while a dependency is down', async () => {
    server = await start({ readiness: { redis: async () => Promise.reject(new Error('down')) } });

    const response = await fetch(`${server.web.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when Redis and HubSpot answer', async () => {
    server = await start({ readiness: { redis: () => server!.redis.ping(), hubspot: async () => undefined } });

    const response = await fetch(`${server.web.url}/readyz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { redis: 'ok', hubspot: 'ok' } });
  });

  it('answers /readyz 503 naming HubSpot when HubSpot cannot be reached', async () => {
    server = await start({
      readiness: { redis: () => server!.redis.ping(), hubspot: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND api.hubapi.com')) },
    });

    const response = await fetch(`${server.web.url}/readyz`);
    const body = (await response.json()) as { checks: Record<string, string>; error: { code: string } };

    expect(response.status).toBe(503);
    expect(body.checks).toEqual({ redis: 'ok', hubspot: 'failed: getaddrinfo ENOTFOUND api.hubapi.com' });
    expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers /readyz 503 naming Redis when Redis cannot be reached', async () => {
    const nowhere = clientConnection(`redis://127.0.0.1:${await freePort()}`);
    server = await start({ readiness: { redis: () => nowhere.ping(), hubspot: async () => undefined } });
    try {
      const response = await fetch(`${server.web.url}/readyz`);
      const body = (await response.json()) as { checks: Record<string, string> };

      expect(response.status).toBe(503);
      expect(body.checks.redis).toMatch(/^failed: /);
      expect(body.checks.hubspot).toBe('ok');
    } finally {
      nowhere.disconnect();
    }
  });

  it('serves Prometheus metrics with the queue depths', async () => {
    server = await start();
    await server.queue.enqueueCompanies(String(PORTAL), ['1', '2']);

    const response = await fetch(`${server.web.url}/metrics`);
    const text = await response.text();

    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toContain('pe_queue_depth{queue="companies",state="pending"} 2');
    expect(text).toContain('pe_queue_depth{queue="recalculation",state="jobs_delayed"}');
  });

  it('refuses the queue dashboard without the admin token', async () => {
    server = await start();

    const response = await fetch(`${server.web.url}/admin/queues`);

    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('refuses the queue dashboard with a wrong token', async () => {
    server = await start();

    const response = await fetch(`${server.web.url}/admin/queues`, { headers: { authorization: 'Bearer not-the-token' } });

    expect(response.status).toBe(401);
  });

  it('serves the queue dashboard with the admin token as a bearer token', async () => {
    server = await start();

    const page = await fetch(`${server.web.url}/admin/queues`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const api = await fetch(`${server.web.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('recalculation');
  });

  it('serves the queue dashboard to a browser that sends the token as the Basic password', async () => {
    server = await start();

    const response = await fetch(`${server.web.url}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from(`operator:${ADMIN_TOKEN}`).toString('base64')}` },
    });

    expect(response.status).toBe(200);
  });

  it('has no operator routes when ADMIN_TOKEN is not set', async () => {
    server = await start({ adminToken: undefined });

    const response = await fetch(`${server.web.url}/admin/queues`, { headers: { authorization: 'Bearer anything' } });

    expect(response.status).toBe(404);
  });

  it('lists failed recalculations with their reasons and queues them again on request', async () => {
    server = await start({ settings: { shards: 1 } });
    const { companies } = server.queue;
    await companies.add(String(PORTAL), ['41', '42']);
    await companies.claim(String(PORTAL), 0, 100);
    await companies.finish(String(PORTAL), 0, [{ id: '42', reason: 'HubSpot rejected pe_tier: INVALID_OPTION' }], 1_760_000_000_000);
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

    const listed = await fetch(`${server.web.url}/admin/recalculations/failed`, { headers: auth });
    const retried = await fetch(`${server.web.url}/admin/recalculations/failed/retry`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ portalId: String(PORTAL) }),
    });

    expect(await listed.json()).toEqual({
      failed: [{ portalId: String(PORTAL), id: '42', object: 'company', reason: 'HubSpot rejected pe_tier: INVALID_OPTION', failedAt: 1_760_000_000_000 }],
    });
    expect(await retried.json()).toEqual({ queued: 1 });
    expect(await companies.pending(String(PORTAL), 0)).toEqual(['42']);
    expect(await companies.listFailed()).toEqual([]);
  });

  it('answers 400 to a retry request without a portal id', async () => {
    server = await start();

    const response = await fetch(`${server.web.url}/admin/recalculations/failed/retry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });

    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('INVALID_INPUT');
  });

  it('answers an unknown route with a JSON 404', async () => {
    server = await start();

    const response = await fetch(`${server.web.url}/nowhere`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /nowhere' } });
  });

  it('finishes a request in progress when it is closed, then refuses new connections', async () => {
    let entered!: () => void;
    const checkStarted = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server = await start({
      readiness: {
        slow: async () => {
          entered();
          await held;
        },
      },
    });
    const inProgress = fetch(`${server.web.url}/readyz`);
    await checkStarted;

    const closing = server.web.close();
    release();

    expect((await inProgress).status).toBe(200);
    await closing;
    await expect(fetch(`${server.web.url}/healthz`)).rejects.toThrow();
  });
});
