import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServices, type BuildServicesOptions, type Services } from '../app/build-services.js';
import { startProduct, type RunningProduct, type StartProductOptions } from '../app/start-product.js';
import type { Config } from '../config.js';
import type { Router } from 'express';
import { setupProperties, type SetupReport } from '../hubspot/setup-properties.js';
import { createMailSender } from '../mail/create-mail-sender.js';
import { createLogger, type Logger } from '../logger.js';
import type { TierOrNone } from '../program/program-schema.js';
import { sweepPartnerIds } from '../recalculation/sweep-partner-ids.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index.js';
import { createOutboxMailSender, type OutboxMailSender } from '../workspace/outbox-mail-sender.js';
import { outboxDirectory } from '../mail/outbox-directory.js';
import { findFreePort } from './find-free-port.js';
import { seedDemoHistory } from './seed-demo-history.js';
import { seedDemoDaySnapshots } from './seed-demo-day-snapshots.js';
import { seedDemoTierHistory, type DemoTierHistory } from './seed-demo-tier-history.js';
import { removeSandboxState, writeSandboxState } from './sandbox-state-file.js';
import { startPrivateRedis, type PrivateRedis } from './start-private-redis.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/start-embedded-database.js';

/** The admin token sandbox mode uses when `ADMIN_TOKEN` is unset, so the dashboard can be opened. */
export const SANDBOX_ADMIN_TOKEN = 'sandbox';

const WEBHOOKS_HSMETA = fileURLToPath(new URL('../../extensions/app/webhooks/webhooks-hsmeta.json', import.meta.url));

export interface SandboxModeOptions {
  /** Process role on log lines. Default `web+worker`. */
  role?: string;
  logger?: Logger;
  /** The sandbox's settings (tests fix `today`; the demo slows nothing). */
  sandbox?: SandboxOptions;
  /** Passed on to `buildServices` (tests shorten the pipeline's timings). */
  services?: BuildServicesOptions;
  /** Passed on to `startProduct`. */
  product?: StartProductOptions;
  /** Where the embedded database keeps its data when `DATABASE_URL` is unset. Default `database/` beside the state file. */
  databaseDir?: string;
  /** Write the state file for CLI commands started beside it. Default true. */
  writeStateFile?: boolean;
  /** Serve the workspace at `/` (the CRM over the sandbox, with the cards). Default true. */
  workspace?: boolean;
}

/** What the first evaluation of the demo partners did, for the banner. */
export interface InitialEvaluation {
  partners: number;
  tiers: Partial<Record<TierOrNone, number>>;
  hubspotCalls: number;
  ms: number;
}

export interface SandboxMode {
  readonly sandbox: Sandbox;
  readonly product: RunningProduct;
  readonly services: Services;
  /** The configuration the product runs with: the sandbox's token, secret, app id and URL. */
  readonly config: Config;
  /** Where the web server answers (`PUBLIC_BASE_URL`). */
  readonly serverUrl: string;
  /** The workspace's address (`serverUrl` + `/`), when it is served. */
  readonly workspaceUrl: string | undefined;
  /** Every email the product sent, newest last (the workspace's outbox). */
  readonly outbox: OutboxMailSender;
  readonly redisUrl: string;
  /** True when sandbox mode started its own redis-server. */
  readonly privateRedis: boolean;
  /** `DATABASE_URL`, else the embedded database's address. */
  readonly databaseUrl: string;
  /** Where the embedded database keeps its data; undefined when `DATABASE_URL` is set. */
  readonly databaseDir: string | undefined;
  readonly setup: SetupReport;
  readonly initialEvaluation: InitialEvaluation;
  /** The past quarters closed for the demo (`quarterly` governance), and the quarter left to close by hand. */
  readonly tierHistory: DemoTierHistory & { nextClose: string };
  /** Stops the product, the sandbox and the private Redis, and removes the state file. */
  close(): Promise<void>;
}

/**
 * docs/interfaces.md, "Sandbox mode": with no access token, the product runs against the built-in sandbox HubSpot.
 *
 * 1. Redis: `REDIS_URL`, else a private `redis-server` on a free port (or a message saying how to
 *    install one).
 * 2. PostgreSQL: `DATABASE_URL`, else an embedded one (PGlite) with its data in `database/`
 *    beside the state file (`.partner-enablement/` by default), served on a free local port.
 * 3. The sandbox HubSpot with the demo portal, signing webhooks with its secret and attributing API
 *    writes to the app id the server drops as its own (`HUBSPOT_APP_ID` if set, else the sandbox's).
 * 4. The product (web server and worker) pointed at the sandbox as if it were HubSpot.
 * 5. `setup` against the sandbox, then every demo partner evaluated once, so the outputs are there.
 * 6. The sandbox's webhooks pointed at the server: edits "in the UI" now flow through the product.
 */
export async function startSandboxMode(baseConfig: Config, options: SandboxModeOptions = {}): Promise<SandboxMode> {
  const logger = options.logger ?? createLogger({ level: baseConfig.logLevel, role: options.role ?? 'web+worker' });
  const cleanup: Array<() => Promise<void>> = [];
  const unwind = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    let privateRedis: PrivateRedis | undefined;
    if (!baseConfig.redisUrl) {
      privateRedis = await startPrivateRedis();
      cleanup.push(() => privateRedis!.stop());
      logger.info({ port: privateRedis.port }, 'private redis-server started');
    }
    const redisUrl = baseConfig.redisUrl ?? privateRedis!.url;

    let embedded: EmbeddedDatabase | undefined;
    if (!baseConfig.databaseUrl) {
      const dataDir = options.databaseDir ?? path.join(path.dirname(path.resolve(baseConfig.sandboxStateFile)), 'database');
      embedded = await startEmbeddedDatabase({ dataDir });
      cleanup.push(() => embedded!.stop());
      logger.info({ port: embedded.port, dataDir: embedded.dataDir }, 'embedded database started');
    }
    const databaseUrl = baseConfig.databaseUrl ?? embedded!.url;

    const sandbox = await startSandbox({
      seed: 'demo',
      rateLimit: { max: baseConfig.hubspot.requestsPer10s, intervalMs: 10_000 },
      historyLimit: 10_000,
      webhooksHsmetaPath: WEBHOOKS_HSMETA,
      ...(baseConfig.hubspot.appId ? { appId: baseConfig.hubspot.appId } : {}),
      logger: logger.child({ component: 'sandbox' }),
      ...options.sandbox,
    });
    cleanup.push(() => sandbox.stop());

    const port = baseConfig.port === 0 ? await findFreePort() : baseConfig.port;
    const publicBaseUrl = baseConfig.port === 0 && baseConfig.publicBaseUrl.endsWith(':0') ? `http://localhost:${port}` : baseConfig.publicBaseUrl;
    const config: Config = {
      ...baseConfig,
      mode: 'sandbox',
      port,
      publicBaseUrl,
      redisUrl,
      databaseUrl,
      adminToken: baseConfig.adminToken ?? SANDBOX_ADMIN_TOKEN,
      hubspot: {
        ...baseConfig.hubspot,
        accessToken: sandbox.accessToken,
        clientSecret: sandbox.clientSecret,
        previousClientSecret: undefined,
        appId: sandbox.appId,
        portalId: String(sandbox.portalId),
        apiBaseUrl: sandbox.url,
      },
    };

    // Every email goes on as before (SMTP or the log) and is kept for the workspace's outbox.
    const outbox = createOutboxMailSender(
      options.services?.mail ?? createMailSender({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, logger, outboxDirectory: outboxDirectory(config) }),
    );
    const workspaceRouters: Array<(services: Services) => Router> = [];
    if (options.workspace ?? true) {
      // Loaded only here: production never loads the workspace (nor its browser bundler).
      const { createWorkspaceRouter, DEFAULT_SRC_DIR } = await import('../workspace/create-workspace-router.js');
      workspaceRouters.push((built) =>
        createWorkspaceRouter({
          sandbox,
          serverUrl: publicBaseUrl,
          clientSecret: sandbox.clientSecret,
          program: built.program,
          audit: built.audit,
          outbox,
          requestsPer10s: config.hubspot.requestsPer10s,
          srcDir: DEFAULT_SRC_DIR,
          logger: logger.child({ component: 'workspace' }),
        }),
      );
    }
    const services = await buildServices(config, {
      logger,
      ...options.services,
      mail: outbox,
      routers: [...(options.services?.routers ?? []), ...workspaceRouters],
    });
    cleanup.push(() => services.close());
    const setup = await setupProperties(services.hubspot, services.program, { portalId: services.portalId, logger });
    // The deals are mirrored before anything reads them, so that the first evaluation counts them
    // and writes each partner once (the worker's start would mirror them only after its sweep).
    await services.conflictIndexUpdaterFor(services.portalId).repair();
    const nextClose = services.quarterClose.lastClosedQuarter(Date.now());
    const tierHistory = await seedDemoTierHistory({
      db: services.db,
      program: services.program,
      repository: services.repository,
      portalId: services.portalId,
      timeZone: services.portalTimeZone,
      nextClose,
    });
    if (tierHistory.quarters.length > 0) logger.info({ portalId: services.portalId, ...tierHistory }, 'demo tier history built from the demo deals');
    const initialEvaluation = await evaluateEveryPartner(services, sandbox);
    await seedDemoHistory(services.db, services.portalId);
    await seedDemoDaySnapshots(services);
    // That was a complete sweep: the worker need not start another one.
    await services.reconciliationQueue.recordCompleted(services.portalId);
    // The last ended quarter is the demo's close to run by hand (`governance close`), not the start's.
    const product = await startProduct(services, { web: true, worker: true }, { port, closeMissedQuarter: false, ...options.product });
    cleanup.pop();
    cleanup.push(() => product.close());
    sandbox.webhooks.setTargetUrl(`${publicBaseUrl}/hubspot/webhooks`);

    const stateFile = path.resolve(config.sandboxStateFile);
    if (options.writeStateFile ?? true) {
      writeSandboxState(stateFile, {
        pid: process.pid,
        serverUrl: publicBaseUrl,
        sandboxUrl: sandbox.url,
        redisUrl,
        databaseUrl,
        portalId: String(sandbox.portalId),
        appId: sandbox.appId,
        accessToken: sandbox.accessToken,
        clientSecret: sandbox.clientSecret,
        startedAt: new Date().toISOString(),
      });
      cleanup.push(async () => removeSandboxState(stateFile));
    }

    let closing: Promise<void> | undefined;
    return {
      sandbox,
      product,
      services,
      config,
      serverUrl: publicBaseUrl,
      workspaceUrl: workspaceRouters.length > 0 ? `${publicBaseUrl}/` : undefined,
      outbox,
      redisUrl,
      privateRedis: privateRedis !== undefined,
      databaseUrl,
      databaseDir: embedded?.dataDir,
      setup,
      initialEvaluation,
      tierHistory: { ...tierHistory, nextClose: nextClose.label },
      close() {
        closing ??= unwind();
        return closing;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** Every partner evaluated once, through the same recalculation the worker runs. */
async function evaluateEveryPartner(services: Services, sandbox: Sandbox): Promise<InitialEvaluation> {
  const started = Date.now();
  const callsBefore = sandbox.requests.count();
  let partners = 0;
  await sweepPartnerIds(services.repository, async (ids) => {
    const report = await services.recalculator.recalculatePartners(services.portalId, ids);
    partners += report.evaluated;
  });
  const tiers: Partial<Record<TierOrNone, number>> = {};
  for (const company of sandbox.store.listRecords('companies')) {
    const tier = company.properties.pe_tier as TierOrNone | undefined;
    if (company.properties.pe_is_partner === 'true' && tier) tiers[tier] = (tiers[tier] ?? 0) + 1;
  }
  return { partners, tiers, hubspotCalls: sandbox.requests.count() - callsBefore, ms: Date.now() - started };
}
