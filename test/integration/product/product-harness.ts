import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import type { Program } from '../../../src/program/program-schema.js';
import { hubspotSignatureHeaders } from '../../../src/sandbox/hubspot-signature-headers.js';
import type { SandboxOptions, WebhookEvent } from '../../../src/sandbox/index.js';
import { startSandboxMode, type SandboxMode } from '../../../src/sandbox-mode/start-sandbox-mode.js';
import { waitUntilSettled } from '../../../src/sandbox-mode/wait-until-settled.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** The demo portal's "today", so seeded certification statuses never drift with the calendar. */
export const DEMO_TODAY = '2026-11-15';

/**
 * The whole product as `npm start` runs it in sandbox mode — web server and worker in one process,
 * the real SDK against the sandbox, the sandbox's signed webhooks to the real route — on the test
 * Redis with keys of its own and quick retries.
 */
export interface TestProduct {
  mode: SandboxMode;
  /** Parsed log lines the product wrote (warn and above are what error counting reads). */
  logs: Array<Record<string, unknown>>;
  /** Waits until every webhook was answered and nothing is queued or running. */
  settle(timeoutMs?: number): Promise<void>;
  /** POSTs events to the webhook route as HubSpot would, signed with the sandbox's secret; resolves with the status. */
  deliver(events: readonly WebhookEvent[]): Promise<number>;
  /** Sum of `inputs` over the sandbox's batch updates of `objectType` since the last request-log reset. */
  recordsWritten(objectType: 'companies' | 'contacts'): number;
  /** HubSpot requests since the last reset. */
  calls(path?: string | RegExp): number;
  stop(): Promise<void>;
}

/**
 * Starts the product on the test Redis and a database of its own (a new one, dropped on `stop`,
 * unless `databaseUrl` names one: a restart of the product on the same data).
 */
export async function startTestProduct(redisUrl: string, options: { sandbox?: SandboxOptions; databaseUrl?: string; program?: Program } = {}): Promise<TestProduct> {
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let database: TestDatabase | undefined;
  if (!options.databaseUrl) database = await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  const config = loadConfig({ REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'info' });
  const prefix = `test:product:${crypto.randomBytes(4).toString('hex')}`;
  let mode: SandboxMode;
  try {
    mode = await startSandboxMode(config, {
      logger: createLogger({ level: 'info', destination }),
      sandbox: { today: DEMO_TODAY, ...options.sandbox },
      services: {
        recalculation: { prefix, coalesceMs: 100, backoffBaseMs: 50, backoffMaxMs: 400 },
        hubspotRetry: { baseDelayMs: 20, maxDelayMs: 200 },
        ...(options.program ? { program: options.program } : {}),
      },
      product: { scheduleReconciliation: false },
      writeStateFile: false,
    });
  } catch (error) {
    await database?.drop();
    throw error;
  }
  const { sandbox } = mode;
  // The lifecycle's start-up sweep (renewal reminders due on the demo's today) runs first.
  await waitUntilSettled(sandbox, mode.product);
  const webhookUrl = `${mode.serverUrl}/hubspot/webhooks`;
  return {
    mode,
    logs,
    settle: (timeoutMs) => waitUntilSettled(sandbox, mode.product, timeoutMs),
    async deliver(events) {
      const body = JSON.stringify(events);
      const timestamp = Date.now();
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Signed as HubSpot signs, by the sandbox's signer rather than the product's.
          ...hubspotSignatureHeaders('v3', { secret: sandbox.clientSecret, method: 'POST', url: webhookUrl, body, timestamp }),
        },
        body,
      });
      await response.arrayBuffer();
      return response.status;
    },
    recordsWritten(objectType) {
      return sandbox.requests.entries
        .filter((entry) => entry.method === 'POST' && entry.path === `/crm/v3/objects/${objectType}/batch/update` && entry.status < 300)
        .reduce((sum, entry) => sum + (entry.inputs ?? 0), 0);
    },
    calls: (path) => sandbox.requests.count(path === undefined ? {} : { path }),
    async stop() {
      await mode.close();
      await database?.drop();
    },
  };
}

/** Companies' and tasks' properties as the sandbox holds them now. */
export function companyProperties(product: TestProduct, companyId: string): Record<string, string> {
  return product.mode.sandbox.store.getCompany(companyId)!.properties;
}

export function recordsAssociatedWith(product: TestProduct, type: 'notes' | 'tasks', companyId: string) {
  const { store } = product.mode.sandbox;
  return store.listRecords(type).filter((record) => store.associatedIds(type, record.id, 'companies').includes(companyId));
}

/** The declining-trend tasks of a company (renewal reminders create tasks of their own). */
export function decliningTasksOf(product: TestProduct, companyId: string) {
  return recordsAssociatedWith(product, 'tasks', companyId).filter((task) => task.properties.hs_task_subject?.startsWith('Partner readiness declining'));
}
