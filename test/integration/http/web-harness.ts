import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../../src/config.js';
import { createApp, type CreateAppOptions } from '../../../src/http/create-app.js';
import { startWeb, type StartWebOptions, type WebServer } from '../../../src/http/start-web.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { clientConnection, testSettings } from '../jobs/pipeline-harness.js';

export const SECRET = 'test-client-secret-7f3a';
export const APP_ID = '16111050';
export const PORTAL = 48807704;

export interface TestServerOptions {
  redisUrl: string;
  prefix: string;
  publicBaseUrl?: string;
  adminToken?: string;
  webhookPath?: string;
  readiness?: CreateAppOptions['readiness'];
  now?: () => number;
  /** Pipeline settings shared with the test's worker. */
  settings?: Parameters<typeof testSettings>[1];
  logger?: Logger;
  /** The app's client secret; default SECRET. */
  secret?: string;
  /** The web server's request timeouts; default the product's. */
  timeouts?: Pick<StartWebOptions, 'headersTimeoutMs' | 'requestTimeoutMs'>;
}

export interface TestServer {
  web: WebServer;
  /** The public base URL signatures are made for. */
  publicBaseUrl: string;
  queue: RecalculationQueue;
  redis: Redis;
  metrics: Metrics;
  close(): Promise<void>;
}

/** The real app on an ephemeral port, queueing into the test's Redis under its own prefix. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const redis = clientConnection(options.redisUrl);
  const queue = new RecalculationQueue(redis, testSettings(options.prefix, options.settings));
  const metrics = createMetrics({ processMetrics: false });
  metrics.addDepthSource(() => queue.depthReadings());
  const publicBaseUrl = options.publicBaseUrl ?? 'https://partners.example.com';
  const config = loadConfig({
    PUBLIC_BASE_URL: publicBaseUrl,
    HUBSPOT_ACCESS_TOKEN: 'pat-test',
    HUBSPOT_CLIENT_SECRET: options.secret ?? SECRET,
    HUBSPOT_APP_ID: APP_ID,
    ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
  });
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const app = createApp({
    config,
    logger,
    metrics,
    recalculation: queue,
    program: DEFAULT_PROGRAM,
    readiness: options.readiness ?? { redis: () => redis.ping() },
    admin: { queues: [queue.queue], failed: queue },
    webhookPath: options.webhookPath,
    now: options.now,
  });
  const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger, ...options.timeouts });
  return {
    web,
    publicBaseUrl,
    queue,
    redis,
    metrics,
    async close() {
      await web.close();
      await queue.close();
      redis.disconnect();
    },
  };
}

export interface SignOptions {
  secret?: string;
  /** Signed URL; default the public base URL + path. */
  signedUrl?: string;
  timestamp?: number;
  path?: string;
}

/** POSTs a body to the webhook route, signed as HubSpot signs it (v3). */
export async function postSigned(server: TestServer, body: unknown, options: SignOptions = {}): Promise<Response> {
  const path = options.path ?? '/hubspot/webhooks';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? Date.now();
  const signature = signAsHubSpot.v3({
    secret: options.secret ?? SECRET,
    method: 'POST',
    url: options.signedUrl ?? `${server.publicBaseUrl}${path}`,
    body: text,
    timestamp,
  });
  return fetch(`${server.web.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': String(timestamp),
    },
    body: text,
  });
}

let eventId = 1000;

/** A `company.propertyChange` event as HubSpot sends it, with overrides. */
export function companyChange(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  eventId += 1;
  return {
    eventId,
    subscriptionId: 3923621,
    portalId: PORTAL,
    appId: Number(APP_ID),
    occurredAt: Date.now(),
    subscriptionType: 'company.propertyChange',
    attemptNumber: 0,
    objectId: 5001,
    propertyName: 'pe_sales_modules_completed',
    propertyValue: '4',
    changeSource: 'CRM_UI',
    sourceId: 'userId:76023669',
    ...overrides,
  };
}

/** An `object.propertyChange` event for a contact, with overrides. */
export function contactChange(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return companyChange({
    subscriptionType: 'object.propertyChange',
    objectTypeId: '0-1',
    objectId: 7001,
    propertyName: 'pe_cert_sales_fundamentals_earned_on',
    propertyValue: '2026-03-01',
    ...overrides,
  });
}

/** True when nothing at all was queued: no pending id, no job. */
export async function nothingQueued(queue: RecalculationQueue): Promise<boolean> {
  const [companySlots, contactSlots, jobs] = await Promise.all([
    queue.companies.slots(),
    queue.contacts.slots(),
    queue.queue.getJobCounts(),
  ]);
  return companySlots.length + contactSlots.length + Object.values(jobs).reduce((a, b) => a + b, 0) === 0;
}

/** Pending company ids of a portal over every shard. */
export async function pendingCompanies(queue: RecalculationQueue, portalId = String(PORTAL)): Promise<string[]> {
  const shards = Array.from({ length: queue.settings.shards }, (_, shard) => queue.companies.pending(portalId, shard));
  return (await Promise.all(shards)).flat().sort();
}

export async function pendingContacts(queue: RecalculationQueue, portalId = String(PORTAL)): Promise<string[]> {
  return (await queue.contacts.pending(portalId, 0)).sort();
}

/** A logger whose lines the test can read back. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** The `{ error: { code, message } }` body of an error answer. */
export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}
