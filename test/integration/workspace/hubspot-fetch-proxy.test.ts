import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyV3 } from '../../../src/hubspot/webhook-signature.js';
import { HUBSPOT_FETCH_LIMITS, proxyHubSpotFetch, type HubSpotFetchProxyOptions } from '../../../src/workspace/proxy-hubspot-fetch.js';

/*
 * The workspace's `hubspot.fetch` plays HubSpot's proxy: what reaches the backend must be what
 * HubSpot would send — signed v3 with the client secret, with HubSpot's query parameters added.
 */

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const SECRET = 'card-proxy-secret';
let server: http.Server;
let origin: string;
const received: Received[] = [];
let respond: (res: http.ServerResponse) => void = (res) => res.end('{"ok":true}');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      respond(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function options(overrides: Partial<HubSpotFetchProxyOptions> = {}): HubSpotFetchProxyOptions {
  return {
    clientSecret: SECRET,
    permittedOrigins: [origin],
    identity: { userId: 9100001, userEmail: 'sam@sandbox.example', appId: '1160452', portalId: 62515 },
    ...overrides,
  };
}

describe('hubspot.fetch through the workspace proxy', () => {
  it('arrives signed v3 with the client secret, HubSpot\'s query parameters added after the card\'s', async () => {
    respond = (res) => res.end('{"ok":true}');
    const result = await proxyHubSpotFetch({ url: `${origin}/hubspot/cards/partner-enablement/recalculate?portalId=62515&companyId=7`, method: 'POST', body: { a: 1 } }, options());
    expect(result).toMatchObject({ ok: true, status: 200 });
    const request = received.at(-1)!;
    const query = new URL(request.url, origin).searchParams;
    expect(query.get('companyId')).toBe('7');
    expect(query.getAll('portalId')).toEqual(['62515', '62515']);
    expect(query.get('userId')).toBe('9100001');
    expect(query.get('userEmail')).toBe('sam@sandbox.example');
    expect(query.get('appId')).toBe('1160452');
    expect(request.body).toBe('{"a":1}');
    // The product's own verifier accepts it, for the URL the backend saw …
    expect(() =>
      verifyV3({ secret: SECRET, method: 'POST', url: `${origin}${request.url}`, rawBody: Buffer.from(request.body), signature: request.headers['x-hubspot-signature-v3'], timestamp: request.headers['x-hubspot-request-timestamp'] }),
    ).not.toThrow();
    // … and refuses it with another secret.
    expect(() =>
      verifyV3({ secret: 'another-secret', method: 'POST', url: `${origin}${request.url}`, rawBody: Buffer.from(request.body), signature: request.headers['x-hubspot-signature-v3'], timestamp: request.headers['x-hubspot-request-timestamp'] }),
    ).toThrow();
  });

  it('sends no body on a GET', async () => {
    await proxyHubSpotFetch({ url: `${origin}/x`, method: 'GET', body: { ignored: true } }, options());
    expect(received.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });

  it('refuses an origin the app does not permit, and sends nothing', async () => {
    const before = received.length;
    const result = await proxyHubSpotFetch({ url: 'http://127.0.0.1:1/elsewhere' }, options());
    expect(result).toMatchObject({ ok: false });
    expect(received.length).toBe(before);
  });

  it('refuses a request body over 1 MB', async () => {
    const result = await proxyHubSpotFetch({ url: `${origin}/big`, method: 'POST', body: { text: 'x'.repeat(HUBSPOT_FETCH_LIMITS.maxBytes) } }, options());
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('1 MB') });
  });

  it('fails a response over 1 MB', async () => {
    respond = (res) => res.end('x'.repeat(HUBSPOT_FETCH_LIMITS.maxBytes + 1));
    const result = await proxyHubSpotFetch({ url: `${origin}/huge` }, options());
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('1 MB') });
  });

  it('gives up when the backend does not answer within the card\'s timeout', async () => {
    respond = () => undefined;
    const result = await proxyHubSpotFetch({ url: `${origin}/slow`, timeout: 200 }, options());
    expect(result).toMatchObject({ ok: false, reason: 'no answer within 200 ms' });
  });
});
