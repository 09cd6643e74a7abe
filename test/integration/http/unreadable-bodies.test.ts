import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import {
  PUBLIC_BASE_URL,
  SECRET as ACTIONS_SECRET,
  cardDataRouterFor,
  useEnablementApp,
  workflowActionsRouterFor,
} from '../workflows/enablement-app-harness.js';
import { PORTAL, SECRET, companyChange, startTestServer, type TestServer } from './web-harness.js';

const redisUrl = inject('redisUrl');
const ADMIN_TOKEN = 'admin-token-for-encodings';

/** Bodies whose `Content-Encoding` does not describe their bytes. */
const MISMATCHES = [
  { name: 'a gzip header on a plain body', encoding: 'gzip' },
  { name: 'a deflate header on a plain body', encoding: 'deflate' },
  { name: 'a br header on a plain body', encoding: 'br' },
  { name: 'an encoding nobody knows', encoding: 'x-unknown' },
] as const;

function signedHeaders(url: string, body: string, encoding: string, timestamp = Date.now(), secret = SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'content-encoding': encoding,
    'x-hubspot-signature-v3': signAsHubSpot.v3({ secret, method: 'POST', url, body, timestamp }),
    'x-hubspot-request-timestamp': String(timestamp),
  };
}

async function expectRefusedAsInput(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('INVALID_INPUT');
}

describe('a body whose Content-Encoding does not match: webhooks and operator routes', () => {
  let server: TestServer;
  let prefix = 0;

  beforeEach(async () => {
    prefix += 1;
    server = await startTestServer({ redisUrl, prefix: `test:encodings:${process.pid}:${prefix}`, adminToken: ADMIN_TOKEN, settings: { shards: 1 } });
  });

  afterEach(async () => {
    await server.close();
  });

  for (const { name, encoding } of MISMATCHES) {
    it(`answers a signed webhook with ${name} 400 and queues nothing`, async () => {
      const text = JSON.stringify([companyChange({ objectId: 7001 })]);
      const url = `${server.publicBaseUrl}/hubspot/webhooks`;

      const response = await fetch(`${server.web.url}/hubspot/webhooks`, { method: 'POST', headers: signedHeaders(url, text, encoding), body: text });

      await expectRefusedAsInput(response);
      expect(await server.queue.companies.pending(String(PORTAL), 0)).toEqual([]);
    });

    it(`answers the failed-retry admin route with ${name} 400`, async () => {
      const response = await fetch(`${server.web.url}/admin/recalculations/failed/retry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'content-encoding': encoding },
        body: JSON.stringify({ portalId: String(PORTAL) }),
      });

      await expectRefusedAsInput(response);
    });
  }

  it('still accepts a signed webhook body that really is gzip (the signature covers the decoded JSON)', async () => {
    const text = JSON.stringify([companyChange({ objectId: 7002 })]);
    const url = `${server.publicBaseUrl}/hubspot/webhooks`;

    const response = await fetch(`${server.web.url}/hubspot/webhooks`, { method: 'POST', headers: signedHeaders(url, text, 'gzip'), body: gzipSync(text) });

    expect(response.status).toBe(200);
    expect(await server.queue.companies.pending(String(PORTAL), 0)).toEqual(['7002']);
  });
});

describe('a body whose Content-Encoding does not match: workflow actions and cards', () => {
  const app = useEnablementApp(redisUrl, (services) => [workflowActionsRouterFor(services), cardDataRouterFor(services)]);

  beforeEach(() => {
    app.services.sandbox.requests.reset();
  });

  for (const { name, encoding } of MISMATCHES) {
    it(`answers a workflow action with ${name} 400 and calls HubSpot for nothing`, async () => {
      const path = '/hubspot/actions/check-tier-eligibility';
      const text = JSON.stringify({ callbackId: 'ap-1', origin: { portalId: Number(app.services.portalId) }, object: { objectId: 1, objectType: 'COMPANY' } });

      const response = await fetch(`${app.web.url}${path}`, {
        method: 'POST',
        headers: signedHeaders(`${PUBLIC_BASE_URL}${path}`, text, encoding, app.services.clock.now, ACTIONS_SECRET),
        body: text,
      });

      await expectRefusedAsInput(response);
      expect(app.services.sandbox.requests.count()).toBe(0);
    });

    it(`answers a card action with ${name} 400 and calls HubSpot for nothing`, async () => {
      const pathAndQuery = `/hubspot/cards/partner-enablement/assign-training?portalId=${app.services.portalId}&companyId=1`;
      const text = JSON.stringify({ contactId: '1', track: 'foundation' });

      const response = await fetch(`${app.web.url}${pathAndQuery}`, {
        method: 'POST',
        headers: signedHeaders(`${PUBLIC_BASE_URL}${pathAndQuery}`, text, encoding, app.services.clock.now, ACTIONS_SECRET),
        body: text,
      });

      await expectRefusedAsInput(response);
      expect(app.services.sandbox.requests.count()).toBe(0);
    });
  }
});
