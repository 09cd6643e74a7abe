import { buildServices, type Services } from '../../src/app/build-services.js';
import { startProduct, type RunningProduct } from '../../src/app/start-product.js';
import { loadConfig } from '../../src/config.js';
import type { RecalculationSettings } from '../../src/jobs/recalculation-settings.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { freePort } from '../../test/support/redis-server.js';
import { createTestDatabase } from '../../test/support/test-database.js';
import { createBenchLogger, type BenchLogger } from './bench-logger.js';

/** Options of {@link startBenchProduct}. */
export interface BenchProductOptions {
  /** The sandbox the product talks to (its HubSpot). */
  sandbox: Sandbox;
  redisUrl: string;
  /** `DATABASE_URL`. Default: a database of its own on the test server, dropped on close. */
  databaseUrl?: string;
  /** `HUBSPOT_REQUESTS_PER_10S`: the shared limiter's budget. Default 110 (marketplace apps). */
  requestsPer10s?: number;
  /** Learn the portal's budget from HubSpot's answers (the product's default). Default true. */
  learnRateLimit?: boolean;
  /** `WORKER_CONCURRENCY`. Default 4 (the product's default). */
  workerConcurrency?: number;
  /** Run the recalculation worker in the process (as `npm start` does). Default true. */
  worker?: boolean;
  /** Key prefix of the pipeline in Redis; unique per run. */
  prefix: string;
  /** Pipeline tuning; default the product's (coalescing window 1 s, 4 shards, claims of up to 1,000). */
  recalculation?: Partial<Omit<RecalculationSettings, 'prefix'>>;
  /** Clock of the recalculation (evaluation dates, history). */
  now?: () => number;
  logger?: BenchLogger;
}

export interface BenchProduct {
  readonly product: RunningProduct;
  readonly services: Services;
  readonly log: BenchLogger;
  /** Where the web server listens; also its PUBLIC_BASE_URL, so signatures are made for it. */
  readonly webUrl: string;
  /** Points the sandbox's webhooks at the product's `/hubspot/webhooks`. */
  connectWebhooks(): void;
  close(): Promise<void>;
}

/**
 * The product as `npm start` runs it — `buildServices` + `startProduct`, web server and worker in
 * one process — configured with a real access token, client secret and app id against a sandbox
 * (so every HubSpot call goes through the shared Redis limiter and the real SDK).
 */
export async function startBenchProduct(options: BenchProductOptions): Promise<BenchProduct> {
  const { sandbox } = options;
  const port = await freePort();
  const webUrl = `http://127.0.0.1:${port}`;
  const log = options.logger ?? createBenchLogger('info');
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ?? database!.url,
    PORT: String(port),
    PUBLIC_BASE_URL: webUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_APP_ID: sandbox.appId,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    HUBSPOT_REQUESTS_PER_10S: String(options.requestsPer10s ?? 110),
    REDIS_URL: options.redisUrl,
    WORKER_CONCURRENCY: String(options.workerConcurrency ?? 4),
    LOG_LEVEL: 'info',
  });
  let services: Services;
  let product: RunningProduct;
  try {
    services = await buildServices(config, {
      logger: log.logger,
      role: 'bench',
      recalculation: { ...options.recalculation, prefix: options.prefix },
      now: options.now,
      learnRateLimit: options.learnRateLimit ?? true,
    });
  } catch (error) {
    await database?.drop();
    throw error;
  }
  try {
    product = await startProduct(services, { web: true, worker: options.worker ?? true }, { port, host: '127.0.0.1', scheduleReconciliation: false });
  } catch (error) {
    await services.close();
    await database?.drop();
    throw error;
  }
  return {
    product,
    services,
    log,
    webUrl,
    connectWebhooks: () => sandbox.webhooks.setTargetUrl(`${webUrl}/hubspot/webhooks`),
    async close() {
      sandbox.webhooks.setTargetUrl(undefined);
      await product.close();
      await database?.drop();
    },
  };
}
