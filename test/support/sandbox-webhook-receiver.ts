import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAppError } from '../../src/errors.js';
import { verifyV3 } from '../../src/hubspot/webhook-signature.js';

/** One POST the receiver got. */
export interface ReceivedWebhook {
  events: Array<Record<string, unknown>>;
  rawBody: string;
  headers: http.IncomingHttpHeaders;
  /** Whether the v3 signature verified with the receiver's secret. */
  verified: boolean;
  /** Why verification failed, when it did. */
  verificationError?: string;
  status: number;
}

export interface WebhookReceiver {
  /** The URL to give the sandbox as `webhookTargetUrl`. */
  url: string;
  readonly received: ReceivedWebhook[];
  /** Answers the next requests with these statuses, in order; afterwards 204. */
  respondWith(...statuses: number[]): void;
  /** Delays every answer (to hold requests in flight). */
  setDelay(ms: number): void;
  /** Requests being handled right now, and the most at once so far. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  allEvents(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A small local app endpoint that verifies HubSpot's v3 signature like the real route must. */
export async function startWebhookReceiver(secret: string, path = '/hubspot/webhooks'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const planned: number[] = [];
  let delayMs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let origin = '';
  const server = http.createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let verificationError: string | undefined;
      try {
        verifyV3({
          secret,
          method: req.method ?? 'POST',
          url: `${origin}${req.url ?? ''}`,
          rawBody,
          signature: req.headers['x-hubspot-signature-v3'],
          timestamp: req.headers['x-hubspot-request-timestamp'],
        });
      } catch (error) {
        verificationError = isAppError(error) ? error.message : String(error);
      }
      const status = verificationError ? 401 : (planned.shift() ?? 204);
      received.push({ events: JSON.parse(rawBody) as Array<Record<string, unknown>>, rawBody, headers: req.headers, verified: !verificationError, ...(verificationError ? { verificationError } : {}), status });
      setTimeout(() => {
        inFlight -= 1;
        res.statusCode = status;
        res.end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${path}`,
    received,
    respondWith: (...statuses) => void planned.push(...statuses),
    setDelay: (ms) => {
      delayMs = ms;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    allEvents: () => received.filter((r) => r.status < 300).flatMap((r) => r.events),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
