import type { Express, Router } from 'express';
import { countPartnerRegistrations } from '../registrations/count-partner-registrations.js';
import type { Redis } from 'ioredis';
import { AuditTrail } from '../audit/audit-trail.js';
import type { Config } from '../config.js';
import { AppError, isAppError } from '../errors.js';
import { createApp } from '../http/create-app.js';
import { SEED_METRIC_TARGETS } from '../domain/metrics/metric-targets.js';
import type { ComputeAndStoreProgramDashboardOptions } from '../program-metrics/compute-and-store-program-dashboard.js';
import { ProgramDashboardStore } from '../program-metrics/program-dashboard-store.js';
import { serveProgramDashboard } from '../program-metrics/serve-program-dashboard.js';
import { createProgramDashboardRouter } from '../program-metrics/program-dashboard-router.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../hubspot/hubspot-client.js';
import { createPartnerRepository, type PartnerRepository } from '../hubspot/partner-repository.js';
import { createRedisRateLimiter, type RateLimiter } from '../hubspot/rate-limiter.js';
import type { RecalculateBatch, ResolveContactCompanies } from '../jobs/recalculation-handler.js';
import type { RecalculationQueue } from '../jobs/recalculation-queue.js';
import type { RecalculationSettings } from '../jobs/recalculation-settings.js';
import { createLogger, type Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { loadProgram } from '../program/load-program.js';
import type { Program } from '../program/program-schema.js';
import { createPartnerRecalculator, type EvaluatedPartner, type PartnerRecalculator } from '../recalculation/recalculate-partners.js';
import { batchActivityCreator } from '../recalculation/activity-creator.js';
import type { ReconciliationQueue } from '../recalculation/reconciliation.js';
import { resolveContactCompanies } from '../recalculation/resolve-contact-companies.js';
import { ScoreHistoryStore } from '../recalculation/score-history-store.js';
import { SideEffectLedger } from '../recalculation/side-effect-ledger.js';
import { createRedisConnection } from '../redis.js';
import { createLifecycle, type Lifecycle } from '../lifecycle/create-lifecycle.js';
import { createMailSender } from '../mail/create-mail-sender.js';
import { outboxDirectory } from '../mail/outbox-directory.js';
import type { MailSender } from '../mail/mail-sender.js';
import { createTraining, resolveLinkSigningSecrets, type Training } from '../training/create-training.js';
import { TrainingAssignmentStore } from '../training/training-assignment-store.js';
import { createPartnerPage, type PartnerPage } from '../partner-page/create-partner-page.js';
import { PartnerLinkStore } from '../partner-page/partner-link-store.js';
import { checkHubSpotReachable } from '../hubspot/check-hubspot-reachable.js';
import { nextTrainingDeadlines } from './next-training-deadlines.js';
import { resolvePortalId } from '../hubspot/resolve-portal-id.js';
import type { BlockedActionQueue } from '../../workflows/blocked-action-queue.js';
import { ensureRedisReachable } from './ensure-redis-reachable.js';
import { createQueueRegistry, type QueueRegistry } from './queue-registry.js';
import { createWorkflowActionsAndCards, type WorkflowActionsAndCards } from './workflow-actions-and-cards.js';
import { signatureSecrets } from '../hubspot/signature-secrets.js';
import { sql, type Kysely } from 'kysely';
import { applyMigrations } from '../db/apply-migrations.js';
import { connectDatabase } from '../db/connect-database.js';
import type { Database } from '../db/database-schema.js';
import { openDatabase } from '../db/open-database.js';
import { createCustomerIndexReader } from '../hubspot/customer-index-reader.js';
import { ConflictCheckService } from '../registrations/conflict-check-service.js';
import { ConflictIndexStore } from '../registrations/conflict-index-store.js';
import { DirectDealGuard } from '../registrations/direct-deal-guard.js';
import { ProtectedDealStore } from '../registrations/protected-deal-store.js';
import { ConflictIndexUpdater } from '../registrations/conflict-index-updater.js';
import { RegistrationCustomerStore } from '../registrations/registration-customer-store.js';
import { createQuarterClose, type QuarterClose } from '../governance/close-quarter.js';
import { DealFactsMirror } from '../governance/deal-facts-mirror.js';
import { DealFactsStore } from '../governance/deal-facts-store.js';
import { IncentiveAccrualService } from '../incentives/incentive-accrual-service.js';
import { IncentiveRequestStore } from '../incentives/incentive-request-store.js';
import { LedgerStore } from '../incentives/ledger-store.js';
import { IncentiveStatementService } from '../incentives/incentive-statement-service.js';

/** Redis when `REDIS_URL` is unset outside sandbox mode (docs/interfaces.md, "Environment variables"). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface BuildServicesOptions {
  /** The enablement program; default: `PROGRAM_FILE`, else the built-in defaults. */
  program?: Program;
  /** Default: a pino logger at `LOG_LEVEL`. */
  logger?: Logger;
  /** Process role written on every log line (`web`, `worker`, `web+worker`, `cli`). */
  role?: string;
  /** Pipeline tuning (tests shorten the coalescing window and backoff). Prefix default `pe`. */
  recalculation?: Partial<RecalculationSettings>;
  /** Clock of the recalculation (epoch ms); tests freeze it. */
  now?: () => number;
  /** Called with every partner the worker evaluated, after the lifecycle planned its wake-ups. */
  onEvaluated?(portalId: string, partners: EvaluatedPartner[]): Promise<void>;
  /** Where emails go; default SMTP with `SMTP_URL`, else the log (tests pass a memory sender). */
  mail?: MailSender;
  /** More routes for the web app (workflow actions, cards, consent pages), given the services. */
  routers?: Array<(services: Services) => Router>;
  /**
   * Learn the portal's budget from HubSpot's answers, under `HUBSPOT_REQUESTS_PER_10S` as a
   * ceiling. Default true; the rate-limit benchmark's baseline turns it off.
   */
  learnRateLimit?: boolean;
  /** HubSpot client retry policy overrides (tests). */
  hubspotRetry?: Parameters<typeof createHubSpotClient>[0]['retry'];
}

/**
 * Everything the product is made of, wired once per process. Building it connects to Redis and
 * creates the one HubSpot client of the process, but starts nothing: `startProduct` starts the
 * web server and the worker from it, and commands use the parts they need.
 */
export interface Services {
  readonly config: Config;
  readonly program: Program;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The portal this installation serves. */
  readonly portalId: string;
  /** Fails fast while Redis is away (request handlers answer 503 and HubSpot retries). */
  readonly redis: Redis;
  /** Waits Redis out (BullMQ workers, the limiter, the recalculation's stores). */
  readonly workerRedis: Redis;
  /** PostgreSQL, the system of record; the schema is current (migrations ran at start). */
  readonly db: Kysely<Database>;
  readonly limiter: RateLimiter;
  readonly hubspot: HubSpotClient;
  readonly repository: PartnerRepository;
  /** The repository of a portal; another portal than this installation's throws `FORBIDDEN`. */
  repositoryFor(portalId: string): PartnerRepository;
  /** Every queue of the product (the dashboard and the shutdown read it). */
  readonly queues: QueueRegistry;
  readonly recalculationQueue: RecalculationQueue;
  readonly reconciliationQueue: ReconciliationQueue;
  readonly blockedActions: BlockedActionQueue;
  readonly audit: AuditTrail;
  readonly history: ScoreHistoryStore;
  readonly trainingAssignments: TrainingAssignmentStore;
  /** Emails (renewal reminders, consent requests): SMTP with `SMTP_URL`, else logged. */
  readonly mail: MailSender;
  /** Training offers with consent links and pages. */
  readonly training: Training;
  /** Personal partner page links and the public partner page (`/p/<token>`). */
  readonly partnerPage: PartnerPage;
  /** Time-driven work: status changes at midnight, renewal reminders, recorded certifications. */
  readonly lifecycle: Lifecycle;
  /** Custom workflow actions and card data: their routes, and the worker completing BLOCKed executions. */
  readonly actionsAndCards: WorkflowActionsAndCards;
  readonly recalculator: PartnerRecalculator;
  /** The worker's batch handler: the recalculator, with a foreign portal's ids failed rather than retried. */
  readonly recalculateBatch: RecalculateBatch;
  readonly resolveContacts: ResolveContactCompanies;
  /** Every deal of the portal as governance reads it, and the company currency its amounts are in. */
  readonly dealFacts: { store: DealFactsStore; currency: string };
  /** The conflict-check index in PostgreSQL (companies, deals and registrations by customer). */
  readonly conflictIndex: ConflictIndexStore;
  /** Keeps the index from webhook events and repairs it; another portal than this installation's throws `FORBIDDEN`. */
  conflictIndexUpdaterFor(portalId: string): ConflictIndexUpdater;
  /** The conflict check of a registration, reading only the index (no HubSpot call). */
  readonly conflictCheck: ConflictCheckService;
  /** The quarter close of `quarterly` governance (docs/governance.md, "Quarter close"). */
  readonly quarterClose: QuarterClose;
  /** The portal's time zone: quarters close at midnight there. */
  readonly portalTimeZone: string;
  /** What the program dashboard is computed from, and where its precomputed answers are kept (docs/metrics.md "Precomputed answers"). */
  readonly programDashboard: ProgramDashboardSource;
  /** The Express app of the web process. */
  createWebApp(): Express;
  /** Closes queues, Redis and database connections and gives back the HubSpot client. Idempotent. */
  close(): Promise<void>;
}

/** The program dashboard's inputs for this installation's portal, without the quarter and the instant. */
export type ProgramDashboardSource = Omit<ComputeAndStoreProgramDashboardOptions, 'quarter' | 'now'>;

/** Wires the product from the configuration. In sandbox mode pass the sandbox's config (see sandbox-mode). */
export async function buildServices(config: Config, options: BuildServicesOptions = {}): Promise<Services> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, role: options.role });
  const program = options.program ?? loadProgram(config.programFile);
  // Everything that can refuse the configuration is checked before a connection is opened.
  const linkSecrets = resolveLinkSigningSecrets(config);
  if (!config.databaseUrl) {
    throw new AppError('INVALID_CONFIG', 'DATABASE_URL is required when HUBSPOT_ACCESS_TOKEN is set (PostgreSQL keeps the audit trail, score history, reminders and training)');
  }
  // Redis first: it answers (or not) within seconds, before migrations take their time.
  const redisUrl = config.redisUrl ?? DEFAULT_REDIS_URL;
  await ensureRedisReachable(redisUrl, { configured: config.redisUrl !== undefined });
  const db = openDatabase(config.databaseUrl, { maxConnections: config.workerConcurrency + 4 });
  try {
    await connectDatabase(db, config.databaseUrl);
    const migrated = await applyMigrations(db);
    if (migrated.applied.length > 0) logger.info({ applied: migrated.applied, version: migrated.version }, 'database migrations applied');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const prefix = options.recalculation?.prefix ?? 'pe';
  const companyCurrency = config.hubspot.companyCurrency ?? 'USD';
  // The portal's time zone: quarters, deal days and clocks are counted there.
  const portalTimeZone = config.hubspot.accountTimeZone ?? program.defaultTimeZone;
    const metrics = createMetrics();
  const redis = createRedisConnection({ url: redisUrl, role: 'client', logger });
  const workerRedis = createRedisConnection({ url: redisUrl, role: 'worker', logger });
  const closeConnections = async () => {
    await Promise.allSettled([redis.quit(), workerRedis.quit(), db.destroy()]);
  };

  let hubspot: HubSpotClient;
  let portalId: string;
  const limiter = createRedisRateLimiter({
    redis: workerRedis,
    keyPrefix: `${prefix}:hubspot:limiter`,
    standard: { requests: config.hubspot.requestsPer10s, intervalMs: 10_000 },
    learn: options.learnRateLimit ?? true,
  });
  try {
    hubspot = createHubSpotClient({
      accessToken: config.hubspot.accessToken,
      basePath: config.hubspot.apiBaseUrl,
      limiter,
      accountTimeZone: config.hubspot.accountTimeZone,
      logger,
      retry: options.hubspotRetry,
      onResponse: (status) => metrics.recordHubSpotCall(status),
    });
    portalId = await resolvePortalId(hubspot, config.hubspot.portalId);
  } catch (error) {
    releaseHubSpotClient();
    await closeConnections();
    throw error;
  }

  const repository = createPartnerRepository({ client: hubspot, portalId, program, logger });
  const programDashboard: ProgramDashboardSource = {
    db,
    portalId,
    program,
    timeZone: portalTimeZone,
    currency: 'USD',
    targets: SEED_METRIC_TARGETS,
    store: new ProgramDashboardStore(db),
  };
  const repositoryFor = (portal: string): PartnerRepository => {
    if (portal !== portalId) {
      throw new AppError('FORBIDDEN', `portal ${portal} is not the one this installation serves (${portalId})`);
    }
    return repository;
  };
  const queues = createQueueRegistry({ redis, workerRedis, recalculation: { claimSize: config.recalculationClaimSize, ...options.recalculation }, logger });
  const { recalculation: recalculationQueue, reconciliation: reconciliationQueue } = queues;
  const audit = new AuditTrail(db);
  const history = new ScoreHistoryStore(db);
  const dealFacts = new DealFactsStore(db);
  const trainingAssignments = new TrainingAssignmentStore(db);
  const mail =
    options.mail ??
    createMailSender({
      smtpUrl: config.smtpUrl,
      mailFrom: config.mailFrom,
      logger,
      ...(config.mode === 'sandbox' ? { outboxDirectory: outboxDirectory(config) } : {}),
    });
  const shared = { hubspot, repositoryFor, program, mail, audit, logger, now: options.now };
  // Consent emails link to the partner page; the page decides offers through training.
  const pageHolder: { page?: PartnerPage } = {};
  const training = createTraining({
    ...shared,
    store: trainingAssignments,
    ...linkSecrets,
    publicBaseUrl: config.publicBaseUrl,
    partnerPageUrl: (contactId, actor) => pageHolder.page!.links.pageUrlFor(contactId, actor),
  });
  const partnerPage = createPartnerPage({
    ...shared,
    ...linkSecrets,
    portalId,
    store: new PartnerLinkStore(db),
    publicBaseUrl: config.publicBaseUrl,
    linkDays: config.partnerLinkDays,
    training,
    redis,
    prefix,
    // The page registers through the same service as the action and the API.
    registrations: () => ({ submissions: services.actionsAndCards.registrations, store: new RegistrationCustomerStore(db) }),
    incentives: {
      store: new IncentiveRequestStore(db),
      currency: companyCurrency,
      deadlines: queues.incentiveDeadlines,
      statements: new IncentiveStatementService(db, new LedgerStore(db), { program, currency: companyCurrency, timeZone: portalTimeZone }),
    },
  });
  pageHolder.page = partnerPage;
  const lifecycle = createLifecycle({ ...shared, redis: workerRedis, db, prefix, queue: queues.lifecycle, recalculation: recalculationQueue });
  const recalculator = createPartnerRecalculator({
    repositoryFor,
    program,
    history,
    db,
    ledger: new SideEffectLedger(workerRedis, { prefix }),
    audit,
    logger,
    now: options.now,
    trainingDeadlines: nextTrainingDeadlines(trainingAssignments),
    activities: batchActivityCreator(hubspot),
    dealFacts: { store: dealFacts, currency: companyCurrency },
    registrationCounts: (portal, companyIds, at) => countPartnerRegistrations(db, portal, companyIds, portalTimeZone, at),
    async onEvaluated(portal, partners) {
      // Each evaluated partner's next renewal reminder and status change are planned from the same data.
      await lifecycle.onEvaluated(portal, partners);
      await options.onEvaluated?.(portal, partners);
    },
  });

  const recalculateBatch: RecalculateBatch = async (portal, companyIds, context) => {
    try {
      return await recalculator.recalculatePartners(portal, companyIds, { logger: context.logger });
    } catch (error) {
      // Retrying cannot make another portal's ids ours: fail them with the reason instead.
      if (isAppError(error, 'FORBIDDEN')) return { failed: companyIds.map((companyId) => ({ companyId, reason: error.message })) };
      throw error;
    }
  };
  const resolveContacts = resolveContactCompanies(repositoryFor);
  const conflictIndex = new ConflictIndexStore(db);
  const conflictIndexUpdater = new ConflictIndexUpdater({
    store: conflictIndex,
    reader: createCustomerIndexReader({ client: hubspot, portalId }),
    portalId,
    extraFreeMailDomains: program.registrations.conflict.extraFreeMailDomains,
    guard: new DirectDealGuard({
      client: hubspot,
      marks: new ProtectedDealStore(db),
      portalId,
      timeZone: portalTimeZone,
      ...(options.now ? { now: () => new Date(options.now!()) } : {}),
      logger,
    }),
    // Deal facts follow the same reads; a changed deal re-evaluates its partner.
    dealFacts: new DealFactsMirror({
      store: dealFacts,
      portalId,
      companyCurrency,
      recalculation: recalculationQueue,
      // A deal's SPIFFs follow its facts (docs/incentives.md, "Accruals from deals").
      incentives: new IncentiveAccrualService(db, new LedgerStore(db), {
        program,
        currency: companyCurrency,
        timeZone: portalTimeZone,
        ...(options.now ? { now: () => new Date(options.now!()) } : {}),
      }),
      logger,
    }),
    now: options.now,
    logger,
  });
  const conflictCheck = new ConflictCheckService(conflictIndex, portalId, program.registrations.conflict);
  const quarterClose = createQuarterClose({
    db,
    program,
    repositoryFor,
    activities: batchActivityCreator(hubspot),
    audit,
    reviews: queues.tierReviews,
    timeZone: portalTimeZone,
    logger,
    now: options.now,
  });

  let closed: Promise<void> | undefined;
  let actionsAndCards: WorkflowActionsAndCards | undefined;
  const services: Services = {
    config,
    program,
    logger,
    metrics,
    portalId,
    redis,
    workerRedis,
    db,
    limiter,
    hubspot,
    repository,
    repositoryFor,
    queues,
    recalculationQueue,
    reconciliationQueue,
    blockedActions: queues.blockedActions,
    audit,
    history,
    trainingAssignments,
    mail,
    training,
    partnerPage,
    lifecycle,
    recalculator,
    recalculateBatch,
    resolveContacts,
    dealFacts: { store: dealFacts, currency: companyCurrency },
    conflictIndex,
    conflictIndexUpdaterFor(portal) {
      repositoryFor(portal);
      return conflictIndexUpdater;
    },
    conflictCheck,
    quarterClose,
    portalTimeZone,
    programDashboard,
    get actionsAndCards() {
      // Built on first use: it reads the finished services object.
      actionsAndCards ??= createWorkflowActionsAndCards(services, { prefix, now: options.now });
      return actionsAndCards;
    },
    createWebApp() {
      return createApp({
        config: { ...config, hubspot: config.hubspot },
        logger,
        metrics,
        recalculation: recalculationQueue,
        conflictIndex: queues.conflictIndex,
        program,
        readiness: {
          redis: () => redis.ping(),
          database: () => sql`select 1`.execute(db),
          hubspot: checkHubSpotReachable({ client: hubspot, portalId }),
        },
        admin: { queues: [...queues.all], failed: recalculationQueue },
        // Every route group of the product besides the built-in webhook, health, metrics and admin ones.
        extraRouters: [
          lifecycle.router({ clientSecret: signatureSecrets(config.hubspot), publicBaseUrl: config.publicBaseUrl, portalId }),
          training.router({ clientSecret: signatureSecrets(config.hubspot), portalId }),
          partnerPage.router(),
          services.actionsAndCards.workflowActionsRouter(),
          services.actionsAndCards.cardDataRouter(),
          services.actionsAndCards.registrationsRouter(),
          createProgramDashboardRouter({
            clientSecret: signatureSecrets(config.hubspot),
            publicBaseUrl: config.publicBaseUrl,
            portalId,
            load: (quarter) => serveProgramDashboard({ ...programDashboard, quarter }),
            logger,
          }),
          ...(options.routers ?? []).map((router) => router(services)),
        ],
      });
    },
    close() {
      closed ??= (async () => {
        await queues.close();
        await closeConnections();
        releaseHubSpotClient();
      })();
      return closed;
    },
  };
  metrics.addDepthSource(() => recalculationQueue.depthReadings());
  return services;
}
