import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { uniquePrefix } from '../jobs/pipeline-harness.js';
import {
  APP_ID,
  capturingLogger,
  companyChange,
  contactChange,
  nothingQueued,
  pendingCompanies,
  pendingContacts,
  errorOf,
  postSigned,
  SECRET,
  startTestServer,
  type TestServer,
} from './web-harness.js';

const redisUrl = inject('redisUrl');

describe('POST /hubspot/webhooks', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ redisUrl, prefix: uniquePrefix('webhook-route') });
  });

  afterEach(async () => {
    await server.close();
  });

  describe('signature', () => {
    it('queues the companies of a signed batch and answers 200', async () => {
      const response = await postSigned(server, [companyChange({ objectId: 5001 }), companyChange({ objectId: 5002 })]);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: 2, queued: { companies: 2, contacts: 0 }, ignored: 0 });
      expect(await pendingCompanies(server.queue)).toEqual(['5001', '5002']);
    });

    it('answers 401 to a request without a signature and queues nothing', async () => {
      const response = await fetch(`${server.web.url}/hubspot/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([companyChange()]),
      });

      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe('INVALID_SIGNATURE');
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('answers 401 to a signature made with another secret and queues nothing', async () => {
      const response = await postSigned(server, [companyChange()], { secret: 'someone-elses-secret' });

      expect(response.status).toBe(401);
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('answers 401 to a signature over another body and queues nothing', async () => {
      const signedBody = JSON.stringify([companyChange({ objectId: 1 })]);
      const sentBody = JSON.stringify([companyChange({ objectId: 2 })]);
      const timestamp = Date.now();
      const signature = signAsHubSpot.v3({ secret: SECRET, method: 'POST', url: `${server.publicBaseUrl}/hubspot/webhooks`, body: signedBody, timestamp });

      const forged = await fetch(`${server.web.url}/hubspot/webhooks`, {
        method: 'POST',
        headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) },
        body: sentBody,
      });

      expect(forged.status).toBe(401);
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('answers 401 to a signature made for another URL and queues nothing', async () => {
      const response = await postSigned(server, [companyChange()], { signedUrl: 'http://localhost:3000/hubspot/webhooks' });

      expect(response.status).toBe(401);
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('answers 401 to a timestamp over 5 minutes old and queues nothing', async () => {
      const response = await postSigned(server, [companyChange()], { timestamp: Date.now() - 5 * 60_000 - 1000 });

      expect(response.status).toBe(401);
      expect((await errorOf(response)).message).toMatch(/old/);
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('answers 401 to a timestamp over 5 minutes ahead and queues nothing', async () => {
      const response = await postSigned(server, [companyChange()], { timestamp: Date.now() + 5 * 60_000 + 1000 });

      expect(response.status).toBe(401);
      expect((await errorOf(response)).message).toMatch(/future/);
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('accepts a timestamp 4 minutes old', async () => {
      const response = await postSigned(server, [companyChange()], { timestamp: Date.now() - 4 * 60_000 });

      expect(response.status).toBe(200);
    });
  });

  describe('body', () => {
    const malformed: Array<[string, string]> = [
      ['a body that is not JSON', '[{"eventId": 1,'],
      ['a JSON object instead of an array', JSON.stringify(companyChange())],
      ['an array of strings', JSON.stringify(['company.propertyChange'])],
      ['an event without a portal id', JSON.stringify([companyChange({ portalId: undefined })])],
      ['a property change without an object id', JSON.stringify([companyChange({ objectId: undefined })])],
      ['a property change without a property name', JSON.stringify([companyChange({ propertyName: undefined })])],
      ['a generic property change without objectTypeId', JSON.stringify([companyChange({ subscriptionType: 'object.propertyChange' })])],
      ['an object id that is not a number', JSON.stringify([companyChange({ objectId: 'abc' })])],
      ['an association change without toObjectId', JSON.stringify([{ ...companyChange({ subscriptionType: 'contact.associationChange' }), fromObjectId: 1 }])],
      ['an empty body', ''],
    ];

    it.each(malformed)('answers 400 to %s, signed, and queues nothing', async (_what, body) => {
      const response = await postSigned(server, body);

      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('INVALID_INPUT');
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('answers 400 to a batch with one malformed event among good ones, and queues none of them', async () => {
      const response = await postSigned(server, [companyChange({ objectId: 1 }), companyChange({ objectId: null })]);

      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toContain('[1].objectId');
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('accepts fields it does not know', async () => {
      const response = await postSigned(server, [companyChange({ objectId: 5003, isSensitive: false, somethingNew: { nested: 1 } })]);

      expect(response.status).toBe(200);
      expect(await pendingCompanies(server.queue)).toEqual(['5003']);
    });

    it('answers 200 to an empty array and queues nothing', async () => {
      const response = await postSigned(server, []);

      expect(response.status).toBe(200);
      expect(await nothingQueued(server.queue)).toBe(true);
    });
  });

  describe('what is queued', () => {
    it('drops the app\'s own writes', async () => {
      const response = await postSigned(server, [companyChange({ changeSource: 'INTEGRATION', sourceId: APP_ID })]);

      expect(await response.json()).toMatchObject({ received: 1, ignored: 1 });
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('keeps changes another integration made', async () => {
      await postSigned(server, [companyChange({ objectId: 5004, changeSource: 'INTEGRATION', sourceId: '999999' })]);

      expect(await pendingCompanies(server.queue)).toEqual(['5004']);
    });

    it('drops properties the app does not read, its outputs included', async () => {
      const response = await postSigned(server, [
        companyChange({ propertyName: 'pe_tier' }),
        companyChange({ propertyName: 'name' }),
        contactChange({ propertyName: 'email' }),
      ]);

      expect(await response.json()).toMatchObject({ received: 3, ignored: 3 });
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('ignores subscription types and objects it does not act on, and still answers 200', async () => {
      const response = await postSigned(server, [
        companyChange({ subscriptionType: 'contact.creation' }),
        companyChange({ subscriptionType: 'object.propertyChange', objectTypeId: '0-3', propertyName: 'pe_tier' }),
        { ...companyChange({ subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_LINE_ITEM' }), fromObjectId: 1, toObjectId: 2 },
      ]);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ received: 3, ignored: 3 });
      expect(await nothingQueued(server.queue)).toBe(true);
    });

    it('queues a company for a change in the generic object.propertyChange shape', async () => {
      await postSigned(server, [companyChange({ subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 5005 })]);

      expect(await pendingCompanies(server.queue)).toEqual(['5005']);
    });

    it('queues a contact whose input property changed, for its partners to be looked up', async () => {
      await postSigned(server, [
        contactChange({ objectId: 7001 }),
        contactChange({ subscriptionType: 'contact.propertyChange', objectTypeId: undefined, objectId: 7002, propertyName: 'pe_partner_role' }),
      ]);

      expect(await pendingContacts(server.queue)).toEqual(['7001', '7002']);
      expect(await pendingCompanies(server.queue)).toEqual([]);
    });

    it('queues the company of a contact–company association added or removed', async () => {
      const association = (overrides: Record<string, unknown>) => ({ ...companyChange(), objectId: undefined, propertyName: undefined, ...overrides });
      await postSigned(server, [
        association({ subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_COMPANY', fromObjectId: 7001, toObjectId: 5010, associationRemoved: false }),
        association({ subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_CONTACT', fromObjectId: 5011, toObjectId: 7002, associationRemoved: true }),
        association({
          subscriptionType: 'object.associationChange',
          fromObjectTypeId: '0-1',
          toObjectTypeId: '0-2',
          associationTypeId: 279,
          fromObjectId: 7003,
          toObjectId: 5012,
          associationRemoved: false,
        }),
      ]);

      expect(await pendingCompanies(server.queue)).toEqual(['5010', '5011', '5012']);
    });

    it('counts received, ignored and queued events in /metrics', async () => {
      await postSigned(server, [
        companyChange({ objectId: 1 }),
        companyChange({ changeSource: 'INTEGRATION', sourceId: APP_ID }),
        companyChange({ propertyName: 'name' }),
        contactChange(),
      ]);

      const text = await (await fetch(`${server.web.url}/metrics`)).text();

      expect(text).toContain('pe_webhook_events_received_total 4');
      expect(text).toContain('pe_webhook_events_ignored_total{reason="own_write"} 1');
      expect(text).toContain('pe_webhook_events_ignored_total{reason="not_an_input"} 1');
      expect(text).toContain('pe_webhook_events_enqueued_total{object="company"} 1');
      expect(text).toContain('pe_webhook_events_enqueued_total{object="contact"} 1');
      expect(text).toContain('pe_webhook_requests_total{status="200"} 1');
      expect(text).toContain('pe_queue_depth{queue="companies",state="pending"} 1');
    });
  });
});

describe('POST /hubspot/webhooks with HubSpot\'s published test vector', () => {
  const VECTOR_SECRET = 'cfc68c0b-4b4e-4ef8-b764-95350e4ea479';

  it('accepts the published request when the public URL is the one HubSpot signed', async () => {
    const server = await startTestServer({
      redisUrl,
      prefix: uniquePrefix('webhook-vector'),
      publicBaseUrl: 'https://webhook.site',
      webhookPath: '/335453f5-94b3-49d9-b684-a55354d4b8df',
      secret: VECTOR_SECRET,
      now: () => 1752613922216 + 2000,
    });
    const body =
      '[{"eventId":531833541,"subscriptionId":3923621,"portalId":48807704,"appId":16111050,"occurredAt":1752613920733,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":138017612137,"changeFlag":"CREATED","changeSource":"CRM_UI","sourceId":"userId:76023669"}]';
    try {
      const response = await fetch(`${server.web.url}/335453f5-94b3-49d9-b684-a55354d4b8df`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': 'gbj1XPRvUt0noT7i7fXfTzOD4sLzQmf0VT28ZYq0EYg=',
          'x-hubspot-request-timestamp': '1752613922216',
        },
        body,
      });

      expect(response.status).toBe(200);
      // contact.creation is not something the app acts on.
      expect(await response.json()).toEqual({ received: 1, queued: { companies: 0, contacts: 0 }, ignored: 1 });
      expect(await nothingQueued(server.queue)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('refuses the published request once its timestamp is stale', async () => {
    const server = await startTestServer({
      redisUrl,
      prefix: uniquePrefix('webhook-vector-stale'),
      publicBaseUrl: 'https://webhook.site',
      webhookPath: '/335453f5-94b3-49d9-b684-a55354d4b8df',
      secret: VECTOR_SECRET,
      now: () => 1752613922216 + 5 * 60_000 + 1,
    });
    try {
      const response = await fetch(`${server.web.url}/335453f5-94b3-49d9-b684-a55354d4b8df`, {
        method: 'POST',
        headers: {
          'x-hubspot-signature-v3': 'gbj1XPRvUt0noT7i7fXfTzOD4sLzQmf0VT28ZYq0EYg=',
          'x-hubspot-request-timestamp': '1752613922216',
        },
        body: '[{"eventId":531833541,"subscriptionId":3923621,"portalId":48807704,"appId":16111050,"occurredAt":1752613920733,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":138017612137,"changeFlag":"CREATED","changeSource":"CRM_UI","sourceId":"userId:76023669"}]',
      });

      expect(response.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('POST /hubspot/webhooks logging', () => {
  it('writes one line per request, with what the request queued', async () => {
    const { logger, lines } = capturingLogger();
    const server = await startTestServer({ redisUrl, prefix: uniquePrefix('webhook-log-line'), logger });
    try {
      await postSigned(server, [companyChange({ objectId: 1 }), companyChange({ objectId: 2 }), contactChange({ objectId: 3 })]);
    } finally {
      await server.close();
    }
    const requestLines = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.path === '/hubspot/webhooks');

    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ msg: 'request', status: 200, events: 3, companies: 2, contacts: 1, ignored: 0, portals: ['48807704'] });
  });

  it('never writes the signature, the secret or the event values to the log', async () => {
    const { logger, lines } = capturingLogger();
    const server = await startTestServer({ redisUrl, prefix: uniquePrefix('webhook-logs'), logger });
    try {
      await postSigned(server, [companyChange({ propertyValue: 'jane.doe@example.com' })]);
      await postSigned(server, [companyChange()], { secret: 'wrong' });
    } finally {
      await server.close();
    }
    const log = lines.join('');

    expect(lines.length).toBeGreaterThan(0);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain('jane.doe@example.com');
    expect(log).not.toMatch(/x-hubspot-signature/i);
  });
});
