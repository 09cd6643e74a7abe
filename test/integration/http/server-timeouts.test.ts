import net from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from './web-harness.js';

const redisUrl = inject('redisUrl');

/** What the server wrote on a raw connection until it closed it. */
interface RawExchange {
  received: string;
  closed: boolean;
}

/** Writes `request` as is on a new connection and collects the answer until the server closes. */
function exchange(server: TestServer, request: string): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.web.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ received, closed: true }));
    socket.write(request);
  });
}

describe('the web server does not wait forever for a request', () => {
  let server: TestServer | undefined;
  let prefix = 0;

  async function start(): Promise<TestServer> {
    prefix += 1;
    server = await startTestServer({
      redisUrl,
      prefix: `test:timeouts:${process.pid}:${prefix}`,
      timeouts: { headersTimeoutMs: 300, requestTimeoutMs: 600 },
    });
    return server;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 408 and closes a webhook request whose body is shorter than its Content-Length', async () => {
    const web = await start();
    const head = 'POST /hubspot/webhooks HTTP/1.1\r\nHost: partners.example.com\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';

    const answer = await exchange(web, `${head}[{"portalId":1`);

    expect(answer.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.closed).toBe(true);
  });

  it('answers 408 and closes a request whose headers never end', async () => {
    const web = await start();

    const answer = await exchange(web, 'POST /hubspot/webhooks HTTP/1.1\r\nHost: partners.example.com\r\nContent-Length: 2\r\n');

    expect(answer.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.closed).toBe(true);
  });

  it('still answers a complete request on the same server', async () => {
    const web = await start();

    const answer = await exchange(web, 'GET /healthz HTTP/1.1\r\nHost: partners.example.com\r\nConnection: close\r\n\r\n');

    expect(answer.received).toMatch(/^HTTP\/1\.1 200 /);
  });
});
