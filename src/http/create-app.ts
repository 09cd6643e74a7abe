import type { Queue } from 'bullmq';
import express, { type Express, type Router } from 'express';
import type { Config } from '../config.js';
import { COMPANY_INPUTS, contactInputs } from '../hubspot/property-names.js';
import { signatureSecrets } from '../hubspot/signature-secrets.js';
import type { SigningSecrets } from '../hubspot/webhook-signature.js';
import type { RecalculationBatchEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Program } from '../program/program-schema.js';
import { createAdminRouter, type FailedRecalculations } from './admin-routes.js';
import { createHealthRouter, type ReadinessCheck } from './health-routes.js';
import { errorHandler, notFound } from './http-errors.js';
import { createMetricsRouter } from './metrics-route.js';
import { requestLogger } from './request-logger.js';
import { createWebhookRouter, type WebhookRouteOptions } from './webhook-route.js';

/** The path HubSpot posts webhooks to (docs/interfaces.md, "Routes"). */
export const WEBHOOK_PATH = '/hubspot/webhooks';

export interface CreateAppOptions {
  /** `publicBaseUrl`, `hubspot.clientSecret` (and `previousClientSecret`), `hubspot.appId` and `adminToken` are read. */
  config: Pick<Config, 'publicBaseUrl' | 'adminToken'> & {
    hubspot: Pick<Config['hubspot'], 'clientSecret' | 'appId'> & Partial<Pick<Config['hubspot'], 'previousClientSecret'>>;
  };
  logger: Logger;
  metrics: Metrics;
  /** Where webhook events are queued. */
  recalculation: RecalculationBatchEnqueuer;
  /** Where company and deal events for the conflict-check index are queued; without it they are not. */
  conflictIndex?: WebhookRouteOptions['conflictIndex'];
  /** The enablement program: its certifications name the contact input properties. */
  program: Program;
  /** `/readyz` checks by name, e.g. `{ redis: () => redis.ping(), hubspot: checkHubSpot }`. */
  readiness: Record<string, ReadinessCheck>;
  /**
   * The operator pages (Bull Board and the failed set), mounted at `/admin` when
   * `config.adminToken` is set; without a token they do not exist (404).
   */
  admin?: { queues: Queue[]; failed?: FailedRecalculations };
  /** More routes (workflow actions, card data), mounted after the built-in ones, before the 404. */
  extraRouters?: Router[];
  /**
   * The secret webhook signatures are checked with. Default `config.hubspot.clientSecret` and,
   * during a rotation, `previousClientSecret`; the sandbox mode passes the sandbox's own secret.
   */
  webhookSecret?: SigningSecrets;
  /** Where the webhook route is mounted. Default `/hubspot/webhooks`. */
  webhookPath?: string;
  /** Epoch ms now, for the signature's 5-minute window; tests freeze it. */
  now?: () => number;
}

/**
 * The Express app of the web process: webhooks, health, metrics, operator pages, and whatever
 * `extraRouters` add. No route parses a body globally: the webhook route verifies the signature
 * on the raw bytes first, and each other route parses what it accepts.
 */
export function createApp(options: CreateAppOptions): Express {
  const { config, logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  // First: HubSpot's webhook requests are most of the traffic, and each router passed costs.
  app.use(
    createWebhookRouter({
      path: options.webhookPath ?? WEBHOOK_PATH,
      secret: options.webhookSecret ?? signatureSecrets({ previousClientSecret: undefined, ...config.hubspot }),
      publicBaseUrl: config.publicBaseUrl,
      filter: {
        appId: config.hubspot.appId,
        companyInputs: new Set(COMPANY_INPUTS),
        contactInputs: new Set(contactInputs(options.program)),
      },
      recalculation: options.recalculation,
      conflictIndex: options.conflictIndex,
      logger,
      metrics,
      now: options.now,
    }),
  );
  app.use(createHealthRouter({ checks: options.readiness }));
  app.use(createMetricsRouter(metrics));
  if (options.admin && config.adminToken) {
    app.use(createAdminRouter({ adminToken: config.adminToken, queues: options.admin.queues, failed: options.admin.failed }));
  }
  for (const router of options.extraRouters ?? []) app.use(router);
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
