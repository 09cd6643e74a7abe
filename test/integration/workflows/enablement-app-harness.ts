import { TierChangeDecisionService, type TierChangeDecisionOptions } from '../../../src/governance/tier-change-decision-service.js';
import { TierHistoryReader } from '../../../src/governance/tier-history-reader.js';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { Router } from 'express';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { afterAll, beforeAll } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { createCompanyReader, createContactReader } from '../../../src/hubspot/read-hubspot-record.js';
import type { CardDataSources } from '../../../src/cards/load-card-data.js';
import { loadConfig } from '../../../src/config.js';
import { todayIn } from '../../../src/domain/calendar-date.js';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { createApp } from '../../../src/http/create-app.js';
import { startWeb, type WebServer } from '../../../src/http/start-web.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository, type PartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../../../src/hubspot/read-partner-snapshot.js';
import { createRedisRateLimiter, type BudgetOptions, type RateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { TrackId } from '../../../src/program/program-schema.js';
import { createPartnerRecalculator, type PartnerRecalculator } from '../../../src/recalculation/recalculate-partners.js';
import { ScoreHistoryStore } from '../../../src/recalculation/score-history-store.js';
import { SideEffectLedger } from '../../../src/recalculation/side-effect-ledger.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import { TrainingAssignmentStore } from '../../../src/training/training-assignment-store.js';
import { createTraining, type Training } from '../../../src/training/create-training.js';
import { createMemoryMailSender, type MemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { IncentiveDecisionService } from '../../../src/incentives/incentive-decision-service.js';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { createPartnerLinks, type PartnerLinks } from '../../../src/partner-page/create-partner-links.js';
import { PartnerLinkStore } from '../../../src/partner-page/partner-link-store.js';
import { AnsweredCallbacks } from '../../../workflows/answered-callbacks.js';
import { BlockedActionQueue } from '../../../workflows/blocked-action-queue.js';
import { createWorkflowActionHandlers } from '../../../workflows/index.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationDecisionService } from '../../../src/registrations/registration-decision-service.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import type { WorkflowActionHandlers } from '../../../workflows/workflow-action-handlers.js';
import { createWorkflowActionsRouter } from '../../../src/http/routes/workflow-actions-router.js';
import { createCardDataRouter } from '../../../src/http/routes/card-data-router.js';
import { createDealRegistrationSources } from '../../../src/cards/load-deal-registration-card.js';
import { createCardActions } from '../../../src/cards/card-actions.js';

/** The demo portal's "today": seeded certification statuses never drift with the calendar. */
export const DEMO_TODAY = '2026-11-15';
export const SECRET = 'test-client-secret-actions';
export const PUBLIC_BASE_URL = 'https://partners.example.com';

/** Log lines the app wrote, parsed, for tests that check what was logged. */
export interface CapturedLogs {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function capturingLogger(): CapturedLogs {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** Everything the routes run on, wired to a sandbox HubSpot (real SDK) and the test Redis. */
export interface EnablementServices {
  sandbox: Sandbox;
  /** The sandbox's portal id, as a string. */
  portalId: string;
  /** The services' own database (migrated), dropped by `stopServices`. */
  database: TestDatabase;
  db: Kysely<Database>;
  redis: Redis;
  prefix: string;
  client: HubSpotClient;
  limiter: RateLimiter;
  repository: PartnerRepository;
  recalculator: PartnerRecalculator;
  audit: AuditTrail;
  training: TrainingAssignmentStore;
  /** Training offers with consent, over the store above; consent emails land in `mail.outbox`. */
  trainingService: Training;
  /** Partner page links; their emails land in `mail.outbox` too. */
  partnerLinks: PartnerLinks;
  mail: MemoryMailSender;
  blocked: BlockedActionQueue;
  /** Where webhooks and recorded certifications queue companies for recalculation. */
  recalculation: RecalculationQueue;
  cardSources: CardDataSources;
  logs: CapturedLogs;
  /** The routes' clock (epoch ms): noon UTC of the demo's today unless a test moves it. */
  clock: { now: number };
}

export interface ServicesOptions {
  sandbox?: SandboxOptions;
  /** The shared rate limiter's budget (default HubSpot's 110 per 10 s). */
  budget?: BudgetOptions;
}

export async function startServices(redisUrl: string, options: ServicesOptions = {}): Promise<EnablementServices> {
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefix = `test:actions:${crypto.randomBytes(4).toString('hex')}`;
  const sandbox = await startSandbox({ today: DEMO_TODAY, ...options.sandbox });
  const portalId = String(sandbox.portalId);
  const logs = capturingLogger();
  const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter`, ...(options.budget ? { standard: options.budget } : {}) });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger: logs.logger });
  const audit = new AuditTrail(db);
  const training = new TrainingAssignmentStore(db);
  const clock = { now: Date.parse(`${DEMO_TODAY}T12:00:00Z`) };
  const recalculator = createPartnerRecalculator({
    repositoryFor: () => repository,
    program: DEFAULT_PROGRAM,
    history: new ScoreHistoryStore(db),
    db,
    ledger: new SideEffectLedger(redis, { prefix }),
    audit,
    logger: logs.logger,
    now: () => clock.now,
  });
  const mail = createMemoryMailSender();
  const trainingService = createTraining({
    store: training,
    hubspot: client,
    repositoryFor: () => repository,
    program: DEFAULT_PROGRAM,
    mail,
    audit,
    logger: logs.logger,
    signingSecret: SECRET,
    publicBaseUrl: PUBLIC_BASE_URL,
    now: () => clock.now,
  });
  const partnerLinks = createPartnerLinks({
    store: new PartnerLinkStore(db),
    hubspot: client,
    repositoryFor: () => repository,
    program: DEFAULT_PROGRAM,
    mail,
    audit,
    logger: logs.logger,
    portalId,
    signingSecret: SECRET,
    publicBaseUrl: PUBLIC_BASE_URL,
    now: () => clock.now,
  });
  return {
    sandbox,
    portalId,
    database,
    db,
    redis,
    prefix,
    client,
    limiter,
    repository,
    recalculator,
    audit,
    training,
    trainingService,
    partnerLinks,
    mail,
    blocked: new BlockedActionQueue(redis, { prefix, backoffMs: 50 }),
    recalculation: new RecalculationQueue(redis, { prefix }),
    cardSources: {
      portalId,
      program: DEFAULT_PROGRAM,
      repository,
      readContact: createContactReader({ client, portalId, program: DEFAULT_PROGRAM }),
      trainingAssignments: training,
      registrations: new RegistrationCustomerStore(db),
      tierHistory: new TierHistoryReader(db),
    },
    logs,
    clock,
  };
}

/** Reads a company back, for tests (one request through the shared limiter). */
export function companyReaderOf(services: EnablementServices) {
  return createCompanyReader({ client: services.client, portalId: services.portalId });
}

export async function stopServices(services: EnablementServices): Promise<void> {
  await services.blocked.close();
  await services.recalculation.close();
  releaseHubSpotClient();
  await services.sandbox.stop();
  await services.redis.quit();
  await services.db.destroy();
  await services.database.drop();
}

/** The product's web app (createApp) on an ephemeral port, with the routers under test mounted. */
export async function startAppWith(services: EnablementServices, routers: Router[]): Promise<{ web: WebServer; close(): Promise<void> }> {
  const config = loadConfig({ PUBLIC_BASE_URL, HUBSPOT_ACCESS_TOKEN: 'pat-test', HUBSPOT_CLIENT_SECRET: SECRET });
  const app = createApp({
    config,
    logger: services.logs.logger,
    metrics: createMetrics({ processMetrics: false }),
    recalculation: services.recalculation,
    program: DEFAULT_PROGRAM,
    readiness: { redis: () => services.redis.ping() },
    extraRouters: routers,
    now: () => services.clock.now,
  });
  const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger: services.logs.logger });
  return {
    web,
    async close() {
      await web.close();
    },
  };
}

/** The services and the product's web app that one test file's tests share. */
export interface EnablementApp {
  readonly services: EnablementServices;
  readonly web: WebServer;
}

/**
 * Registers the `beforeAll`/`afterAll` hooks of a test file (or `describe`) that drives the
 * product's app: before its tests, starts the services and the app with the routers `routersFor`
 * mounts; after them, closes the app and stops the services. Read the properties inside tests and
 * hooks, not while the tests are collected.
 */
export function useEnablementApp(
  redisUrl: string,
  routersFor: (services: EnablementServices) => Router[],
  options: ServicesOptions = {},
): EnablementApp {
  let services: EnablementServices | undefined;
  let app: { web: WebServer; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    services = await startServices(redisUrl, options);
    app = await startAppWith(services, routersFor(services));
  });

  afterAll(async () => {
    await app?.close();
    if (services) await stopServices(services);
    app = undefined;
    services = undefined;
  });

  const started = () => {
    if (!services || !app) throw new Error('useEnablementApp: read the app inside a test or a hook, not while tests are collected');
    return { services, web: app.web };
  };
  return {
    get services() {
      return started().services;
    },
    get web() {
      return started().web;
    },
  };
}

/** `useEnablementApp` with the workflow action route mounted. */
export function useWorkflowActionsApp(redisUrl: string, options: ServicesOptions = {}): EnablementApp {
  return useEnablementApp(redisUrl, (services) => [workflowActionsRouterFor(services)], options);
}

/** `useEnablementApp` with the card data routes mounted. */
export function useCardDataApp(redisUrl: string, options: ServicesOptions = {}): EnablementApp {
  return useEnablementApp(redisUrl, (services) => [cardDataRouterFor(services)], options);
}

let callbackSequence = 0;

/** HubSpot's execution request to an action URL, for a record of the sandbox portal. */
export function executionRequest(
  services: Pick<EnablementServices, 'portalId'>,
  overrides: { objectId: string; objectType?: string; inputFields?: Record<string, unknown>; portalId?: string | number; callbackId?: string },
): Record<string, unknown> {
  callbackSequence += 1;
  return {
    callbackId: overrides.callbackId ?? `ap-102-${Date.now()}-${callbackSequence}`,
    origin: { portalId: Number(overrides.portalId ?? services.portalId), actionDefinitionId: 1012, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: 4242 },
    object: { objectId: Number(overrides.objectId), objectType: overrides.objectType ?? 'COMPANY', properties: {} },
    inputFields: overrides.inputFields ?? {},
  };
}

export interface SigningOptions {
  /** `none` sends no signature; default `v2` (how HubSpot signs workflow actions). */
  signature?: 'v2' | 'v3' | 'v2+v3' | 'none';
  secret?: string;
  /** Sign another body than the one sent (a forged request). */
  signedBody?: string;
  /** v3 timestamp; default the services' clock. */
  timestamp?: number;
  v3Secret?: string;
}

/** POSTs an execution request to `/hubspot/actions/<action>`, signed as HubSpot signs it. */
export async function postAction(
  services: EnablementServices,
  web: WebServer,
  action: string,
  body: unknown,
  options: SigningOptions = {},
): Promise<Response> {
  const path = `/hubspot/actions/${action}`;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const url = `${PUBLIC_BASE_URL}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = options.signature ?? 'v2';
  const signed = options.signedBody ?? text;
  if (signature === 'v2' || signature === 'v2+v3') {
    headers['x-hubspot-signature'] = signAsHubSpot.v2({ secret: options.secret ?? SECRET, method: 'POST', url, body: signed });
    headers['x-hubspot-signature-version'] = 'v2';
  }
  if (signature === 'v3' || signature === 'v2+v3') {
    const timestamp = options.timestamp ?? services.clock.now;
    headers['x-hubspot-signature-v3'] = signAsHubSpot.v3({ secret: options.v3Secret ?? options.secret ?? SECRET, method: 'POST', url, body: signed, timestamp });
    headers['x-hubspot-request-timestamp'] = String(timestamp);
  }
  return fetch(`${web.url}${path}`, { method: 'POST', headers, body: text });
}

export interface CardRequestOptions {
  /** Default true. */
  signed?: boolean;
  secret?: string;
  timestamp?: number;
  body?: unknown;
}

/** A `hubspot.fetch` request to a card route, signed v3 as HubSpot signs it. */
export async function cardRequest(
  services: EnablementServices,
  web: WebServer,
  method: 'GET' | 'POST',
  path: string,
  query: Record<string, string | number | ReadonlyArray<string | number>>,
  options: CardRequestOptions = {},
): Promise<Response> {
  // A list repeats the parameter, as HubSpot's fetch proxy does when it appends its own portalId.
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const search = params.toString();
  const pathAndQuery = `${path}?${search}`;
  const text = method === 'POST' ? JSON.stringify(options.body ?? {}) : '';
  const headers: Record<string, string> = method === 'POST' ? { 'content-type': 'application/json' } : {};
  if (options.signed ?? true) {
    const timestamp = options.timestamp ?? services.clock.now;
    headers['x-hubspot-signature-v3'] = signAsHubSpot.v3({ secret: options.secret ?? SECRET, method, url: `${PUBLIC_BASE_URL}${pathAndQuery}`, body: text, timestamp });
    headers['x-hubspot-request-timestamp'] = String(timestamp);
  }
  return fetch(`${web.url}${pathAndQuery}`, { method, headers, ...(method === 'POST' ? { body: text } : {}) });
}

/** Polls until `condition` holds (throws after `timeoutMs`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The first demo partner of a tier. */
export function demoPartner(sandbox: Sandbox, tier: string) {
  const partner = sandbox.seed.partners.find((p) => p.expectedTier === tier);
  if (!partner) throw new Error(`the demo portal has no ${tier} partner`);
  return partner;
}

/**
 * The evaluation of a company straight from the sandbox's records (not through the app's reads),
 * on the services' "today" in the partner's time zone: what the routes' answers must match.
 */
export function evaluateFromSandbox(services: Pick<EnablementServices, 'sandbox' | 'clock'>, companyId: string) {
  const { store } = services.sandbox;
  const company = store.getCompany(companyId);
  if (!company) throw new Error(`sandbox company ${companyId} does not exist`);
  const contacts = store.associatedIds('companies', companyId, 'contacts').map((id) => store.getContact(id)!);
  const { snapshot } = readPartnerSnapshot(company, contacts, DEFAULT_PROGRAM);
  return { snapshot, evaluation: evaluatePartner(snapshot, DEFAULT_PROGRAM, todayIn(snapshot.timeZone, services.clock.now)) };
}

/** The workflow action route over the services, answering within `answerWithinMs`. */
export function workflowActionsRouterFor(
  services: EnablementServices,
  options: {
    answerWithinMs?: number;
    safetyNetDelayMs?: number;
    handlers?: Partial<WorkflowActionHandlers>;
    clientSecret?: string;
    answeredCallbacks?: AnsweredCallbacks;
  } = {},
): Router {
  return createWorkflowActionsRouter({
    clientSecret: options.clientSecret ?? SECRET,
    publicBaseUrl: PUBLIC_BASE_URL,
    portalId: services.portalId,
    handlers: { ...workflowHandlersFor(services), ...options.handlers },
    blocked: services.blocked,
    answeredCallbacks: options.answeredCallbacks ?? new AnsweredCallbacks(services.redis, { prefix: services.prefix }),
    completeCallback: (callbackId, outputFields) => services.repository.completeCallback(callbackId, outputFields),
    logger: services.logs.logger,
    answerWithinMs: options.answerWithinMs ?? 10_000,
    safetyNetDelayMs: options.safetyNetDelayMs,
    now: () => services.clock.now,
  });
}

/** The real handlers of every action, over the services. */
export function workflowHandlersFor(services: EnablementServices): WorkflowActionHandlers {
  return createWorkflowActionHandlers({
    program: DEFAULT_PROGRAM,
    repository: services.repository,
    recalculator: services.recalculator,
    readCompany: companyReaderOf(services),
    certifications: {
      hubspot: services.client,
      repositoryFor: () => services.repository,
      program: DEFAULT_PROGRAM,
      recalculation: services.recalculation,
      audit: services.audit,
      logger: services.logs.logger,
      now: () => services.clock.now,
    },
    training: services.trainingService,
    partnerLinks: services.partnerLinks,
    registrations: new RegistrationSubmissionService({
      client: services.client,
      store: new ConflictIndexStore(services.db),
      customers: new RegistrationCustomerStore(services.db),
      portalId: services.portalId,
      settings: DEFAULT_PROGRAM.registrations,
      timeZone: DEFAULT_PROGRAM.defaultTimeZone,
      now: () => new Date(services.clock.now),
    }),
    decisions: new RegistrationDecisionService({
      client: services.client,
      store: new ConflictIndexStore(services.db),
      audit: services.audit,
      mail: services.mail,
      portalId: services.portalId,
      settings: DEFAULT_PROGRAM.registrations,
      timeZone: DEFAULT_PROGRAM.defaultTimeZone,
      now: () => new Date(services.clock.now),
    }),
    tierDecisions: tierDecisionsFor(services),
    incentives: incentiveDecisionsFor(services),
  });
}

/** Decisions on proposed tier changes over the services. */
export function tierDecisionsFor(services: EnablementServices, overrides: Partial<TierChangeDecisionOptions> = {}): TierChangeDecisionService {
  return new TierChangeDecisionService({
    client: services.client,
    portalId: services.portalId,
    program: DEFAULT_PROGRAM,
    audit: services.audit,
    recalculation: services.recalculation,
    now: () => new Date(services.clock.now),
    ...overrides,
  });
}

/** Decisions on incentive requests over the services (the action and the card). */
export function incentiveDecisionsFor(services: EnablementServices): IncentiveDecisionService {
  return new IncentiveDecisionService({
    store: new IncentiveRequestStore(services.db),
    repository: services.repository,
    program: DEFAULT_PROGRAM,
    audit: services.audit,
    mail: services.mail,
    portalId: services.portalId,
    currency: 'USD',
    now: () => services.clock.now,
  });
}

/** What the routes answer: an action's output fields, or an error body. */
export interface RouteAnswer {
  outputFields: Record<string, string>;
  error: { code: string; message: string };
}

/** The JSON body of a route's answer. */
export async function answerOf(response: Response): Promise<RouteAnswer> {
  return (await response.json()) as RouteAnswer;
}

/** The card data routes over the services. */
export function cardDataRouterFor(services: EnablementServices, options: { clientSecret?: string } = {}): Router {
  const incentives = incentiveDecisionsFor(services);
  return createCardDataRouter({
    clientSecret: options.clientSecret ?? SECRET,
    publicBaseUrl: PUBLIC_BASE_URL,
    sources: { ...services.cardSources, incentives },
    actions: createCardActions({
      portalId: services.portalId,
      recalculator: services.recalculator,
      training: services.trainingService,
      tierDecisions: tierDecisionsFor(services),
      incentives,
    }),
    dealRegistrations: createDealRegistrationSources(
      services.client,
      services.portalId,
      (dealId) => new RegistrationCustomerStore(services.db).conflictReasons(services.portalId, dealId),
      { settings: DEFAULT_PROGRAM.registrations, timeZone: DEFAULT_PROGRAM.defaultTimeZone },
    ),
    registrationDecisions: new RegistrationDecisionService({
      client: services.client,
      store: new ConflictIndexStore(services.db),
      audit: services.audit,
      mail: services.mail,
      portalId: services.portalId,
      settings: DEFAULT_PROGRAM.registrations,
      timeZone: DEFAULT_PROGRAM.defaultTimeZone,
      now: () => new Date(services.clock.now),
    }),
    logger: services.logs.logger,
    now: () => services.clock.now,
  });
}

/** Gives a contact accepted (active) training tracks, as if they had consented to each. */
export async function giveActiveTracks(services: EnablementServices, contactId: string, tracks: TrackId[]): Promise<void> {
  for (const track of tracks) {
    const assignment = {
      id: `given-${contactId}-${track}`,
      portalId: services.portalId,
      contactId,
      companyId: null,
      track,
      state: 'pending' as const,
      contactFirstName: null,
      timeZone: 'UTC',
      assignedAt: services.clock.now,
      assignedBy: { type: 'operator' as const, id: 'test' },
      linkExpiresAt: services.clock.now + 86_400_000,
      decidedAt: null,
      deadlineOn: null,
      deadlineAt: null,
      warnings: [],
    };
    await services.training.createPending(assignment, DEFAULT_PROGRAM.maxActiveTracks, services.clock.now);
    await services.training.accept(assignment, { now: services.clock.now, maxActive: DEFAULT_PROGRAM.maxActiveTracks, deadlineOn: '2027-01-31', deadlineAt: Date.parse('2027-01-31T23:59:59Z') });
  }
  services.sandbox.ui.updateContact(contactId, { pe_active_tracks: tracks.join(';') });
}
