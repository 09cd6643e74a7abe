import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { CrmStore, type ChangeSource, type CompletedCallback, type Owner, type StoredRecord } from './crm-store.js';
import type { ObjectType } from './property-catalog.js';
import { RequestLog, type RequestFilter, type RequestLogEntry } from './request-log.js';
import { RollingRateLimiter, type RateLimit } from './rolling-rate-limiter.js';
import { associationRoutes } from './routes/association-routes.js';
import { callbackRoutes } from './routes/callback-routes.js';
import { objectRoutes } from './routes/object-routes.js';
import { accountRoutes, SANDBOX_ACCOUNT, type SandboxAccount } from './routes/account-routes.js';
import { ownerRoutes } from './routes/owner-routes.js';
import { pipelineRoutes } from './routes/pipeline-routes.js';
import { propertyRoutes } from './routes/property-routes.js';
import type { PortalPlan, SandboxContext } from './sandbox-context.js';
import { handleErrors, notFound, TrafficControl, type PlannedFault } from './sandbox-middleware.js';
import { seedSandbox, type SeedSummary } from './seed-sandbox.js';
import { attributeWrites, authenticateTokens } from './token-attribution.js';
import {
  WebhookDispatcher,
  type DeliveredWebhook,
  type WebhookEvent,
  type WebhookEventFormat,
  type WebhookRetryPolicy,
} from './webhook-dispatcher.js';
import { loadWebhookSubscriptions, toSubscriptions, type SubscriptionSpec, type WebhookSubscription } from './webhook-subscriptions.js';
import type { SandboxLogger } from './sandbox-logger.js';

export type { SandboxLogger } from './sandbox-logger.js';

export interface SandboxOptions {
  /** Port to listen on, on 127.0.0.1. Default 0 (a free port). */
  port?: number;
  /** The app id API writes are attributed to (`sourceId` of their webhook events). Default `'1160452'`. */
  appId?: string;
  /** The portal (account) id events carry. Default `62515`. */
  portalId?: number;
  /** Client secret that signs webhooks (v3). Default `'sandbox-client-secret'`. */
  clientSecret?: string;
  /** The app's bearer token: its writes are the app's own (`INTEGRATION`). Default `'sandbox-access-token'`. */
  accessToken?: string;
  /**
   * A user's bearer token: its writes are a person's edits in HubSpot's UI (`CRM_UI`, `sourceId`
   * `userId:<ui.userId>`), so the app takes them for user changes. Default `'sandbox-user-token'`.
   * Any other token gets 401.
   */
  userToken?: string;
  /** `demo` (default): the demo portal with the app's properties; `empty`: HubSpot's standard properties only. */
  seed?: 'demo' | 'empty';
  /** "Today" of the demo portal, `YYYY-MM-DD`. Default: the current UTC date. */
  today?: string;
  /**
   * Rolling per-10-second limit. Default HubSpot's for a marketplace app, `{ max: 110, intervalMs: 10_000 }`;
   * a test that needs more asks for it; `false` turns it off.
   */
  rateLimit?: RateLimit | false;
  /** HubSpot's search limit. Default `{ max: 5, intervalMs: 1_000 }`; `false` turns it off. */
  searchRateLimit?: RateLimit | false;
  /** Daily request budget (429 `DAILY` once used). Default: unlimited. */
  dailyLimit?: number;
  /**
   * Where webhooks go (the app's `/hubspot/webhooks` URL). Default: none, and events are only
   * recorded in `webhooks.events` (the hsmeta `targetUrl` is a public URL, never called from here).
   */
  webhookTargetUrl?: string;
  /** Subscriptions, hsmeta style. Default: read from `extensions/app/webhooks/webhooks-hsmeta.json` when it exists. */
  subscriptions?: SubscriptionSpec[];
  /** Path of the hsmeta file to read subscriptions from. */
  webhooksHsmetaPath?: string;
  /** Concurrent webhook requests. Default: hsmeta `maxConcurrentRequests`, else 10. */
  maxConcurrentRequests?: number;
  /**
   * `object` (default): every event as `object.propertyChange` with `objectTypeId`; `legacy`:
   * `company.propertyChange`…; `asSubscribed`: as each subscription's `subscriptionType` says.
   */
  eventFormat?: WebhookEventFormat;
  /** Retry schedule of failed deliveries. Default: 10 attempts, 50 ms doubling up to 2 s, 5 s timeout. */
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** How long changes gather before a batch is sent. Default 20 ms. */
  webhookBatchDelayMs?: number;
  /**
   * Keep only the newest this-many request log entries, webhook events and deliveries (a
   * long-running sandbox mode). Default: keep everything (tests count on it).
   */
  historyLimit?: number;
  /**
   * What the portal's subscription allows. Default Professional: custom association labels, 15
   * deal pipelines. `{ customAssociationLabels: false }` makes a portal that refuses label creation;
   * `dealPipelines: 1` one that has only the default pipeline (the demo seed then keeps its
   * registrations there).
   */
  plan?: Partial<PortalPlan>;
  /** What `GET /account-info/v3/details` answers: time zone and currencies. Default {@link SANDBOX_ACCOUNT}. */
  account?: Partial<SandboxAccount>;
  /** Clock of the sandbox (timestamps, rate limits). Default `Date.now`. */
  now?: () => number;
  logger?: SandboxLogger;
}

/**
 * A running sandbox HubSpot portal.
 *
 * - `url`: pass it as the SDK's `basePath`; `accessToken` is the bearer it accepts.
 * - `requests`: every API request (`entries`), `count(filter?)`, `reset()`.
 * - `seed`: what the seed created (partners with ids, expected tiers and contact ids; non-partners).
 * - `store`: `getCompany(id)`, `getContact(id)`, `getRecord(type, id)`, `listRecords(type)`,
 *   `associatedIds(fromType, fromId, toType)`, `owners`, `addOwner(...)`, `raw` — for assertions and set-up.
 * - `ui`: edits "made in HubSpot's UI": they fire webhooks with `changeSource: 'CRM_UI'`, `sourceId: 'userId:N'`.
 * - `faults`: `failNext(n, { status, policyName, match })`, `setRateLimit`, `setSearchRateLimit`, `setDailyLimit`, `clear`.
 * - `webhooks`: `flush()` waits until every pending delivery has ended (delivered or given up),
 *   `delivered` lists each POST with its events, status and attempt, `pause()`/`resume()` hold deliveries,
 *   `setTargetUrl(url)`, `subscriptions`.
 * - `callbacks.completed`: workflow action callbacks the app completed.
 *
 * API writes with `accessToken` are the app's (`changeSource: 'INTEGRATION'`, `sourceId` = `appId`);
 * with `userToken` they are a user's (`CRM_UI`, `userId:N`), like `ui`'s. Writing a value
 * equal to the current one changes nothing and fires no event (HubSpot fires propertyChange only
 * for a changed value). A batch update with one invalid value is refused whole (400, nothing
 * written), as HubSpot does; ids that do not exist make a 207. v4 association answers carry
 * `toObjectId` as a number, as HubSpot's do. Retries and batching run on real timers: a test
 * that fakes timers must advance them before `webhooks.flush()` can resolve.
 */
export interface Sandbox {
  url: string;
  port: number;
  appId: string;
  portalId: number;
  clientSecret: string;
  accessToken: string;
  /** The user's token (see `SandboxOptions.userToken`). */
  userToken: string;
  seed: SeedSummary;
  requests: {
    readonly entries: readonly RequestLogEntry[];
    count(filter?: RequestFilter): number;
    reset(): void;
  };
  store: SandboxStoreAccess;
  ui: SandboxUi;
  faults: SandboxFaults;
  webhooks: SandboxWebhooks;
  callbacks: { readonly completed: readonly CompletedCallback[] };
  stop(): Promise<void>;
}

/** Plain views of records for assertions: properties as HubSpot would return them (strings). */
export interface SandboxRecord {
  id: string;
  properties: Record<string, string>;
}

export interface SandboxStoreAccess {
  getCompany(id: string): SandboxRecord | undefined;
  getContact(id: string): SandboxRecord | undefined;
  getRecord(type: ObjectType, id: string): SandboxRecord | undefined;
  listRecords(type: ObjectType): SandboxRecord[];
  associatedIds(fromType: ObjectType, fromId: string, toType: ObjectType): string[];
  owners: readonly Owner[];
  /** Adds an owner (a HubSpot user); returns it. */
  addOwner(owner: Partial<Owner> & { email: string }): Owner;
  /** The underlying store, for the odd test that needs more. */
  raw: CrmStore;
}

export interface SandboxUi {
  /** Default user id of UI edits. */
  userId: number;
  createCompany(properties: Record<string, string>, userId?: number): string;
  createContact(properties: Record<string, string>, userId?: number): string;
  updateCompany(id: string, properties: Record<string, string>, userId?: number): void;
  updateContact(id: string, properties: Record<string, string>, userId?: number): void;
  associate(contactId: string, companyId: string, userId?: number): void;
  disassociate(contactId: string, companyId: string, userId?: number): void;
  /** Any object type, e.g. a deal a salesperson creates by hand; returns its id. */
  createRecord(type: ObjectType, properties: Record<string, string>, userId?: number): string;
  updateRecord(type: ObjectType, id: string, properties: Record<string, string>, userId?: number): void;
  deleteRecord(type: ObjectType, id: string, userId?: number): void;
  /** Associates two records of any types, unlabelled or with a label's (or Primary's) type id. */
  associateRecords(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeId?: number, userId?: number): void;
}

export interface SandboxFaults {
  /** The next `count` matching requests answer `status` (default 500) instead of being served. */
  failNext(count: number, options?: { status?: PlannedFault['status']; policyName?: PlannedFault['policyName']; match?: RequestFilter }): void;
  setRateLimit(limit: RateLimit | false): void;
  setSearchRateLimit(limit: RateLimit | false): void;
  /** Requests allowed from now on before every answer is 429 `DAILY`; `false` removes the limit. */
  setDailyLimit(max: number | false): void;
  clear(): void;
}

export interface SandboxWebhooks {
  /** Every event generated, delivered or not (also with no target URL). */
  readonly events: readonly WebhookEvent[];
  readonly delivered: readonly DeliveredWebhook[];
  readonly subscriptions: readonly WebhookSubscription[];
  flush(): Promise<void>;
  pause(): void;
  resume(): void;
  setTargetUrl(url: string | undefined): void;
}

/** HubSpot's budget for a marketplace app: 110 requests in any 10 seconds, per installing account. */
export const SANDBOX_RATE_LIMIT: RateLimit = { max: 110, intervalMs: 10_000 };

/** Defaults of a sandbox portal; other tools (the setup command) rely on the token. */
export const SANDBOX_DEFAULTS = {
  appId: '1160452',
  portalId: 62515,
  clientSecret: 'sandbox-client-secret',
  accessToken: 'sandbox-access-token',
  userToken: 'sandbox-user-token',
  userId: 9_100_001,
};

/** Starts a sandbox HubSpot on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const appId = options.appId ?? SANDBOX_DEFAULTS.appId;
  const portalId = options.portalId ?? SANDBOX_DEFAULTS.portalId;
  const clientSecret = options.clientSecret ?? SANDBOX_DEFAULTS.clientSecret;
  const accessToken = options.accessToken ?? SANDBOX_DEFAULTS.accessToken;
  const userToken = options.userToken ?? SANDBOX_DEFAULTS.userToken;
  const plan: PortalPlan = { customAssociationLabels: true, dealPipelines: 15, ...options.plan };
  const store = new CrmStore(now, plan.dealPipelines);
  const traffic = new TrafficControl(
    options.rateLimit ?? SANDBOX_RATE_LIMIT,
    options.searchRateLimit ?? { max: 5, intervalMs: 1_000 },
    now,
  );
  if (options.dailyLimit !== undefined) traffic.dailyMax = options.dailyLimit;
  const log = new RequestLog(options.historyLimit);
  const context: SandboxContext = { store, appId, portalId, now, plan };

  const hsmeta = options.subscriptions ? undefined : loadWebhookSubscriptions(options.webhooksHsmetaPath);
  const dispatcher = new WebhookDispatcher({
    appId,
    portalId,
    clientSecret,
    targetUrl: options.webhookTargetUrl,
    subscriptions: options.subscriptions ? toSubscriptions(options.subscriptions) : (hsmeta?.subscriptions ?? []),
    maxConcurrentRequests: options.maxConcurrentRequests ?? hsmeta?.maxConcurrentRequests ?? 10,
    format: options.eventFormat ?? 'object',
    retry: options.webhookRetry,
    batchDelayMs: options.webhookBatchDelayMs ?? 20,
    historyLimit: options.historyLimit,
    now,
    logger: options.logger,
  });
  const seed = seedSandbox(store, options.seed ?? 'demo', options.today, { customAssociationLabels: plan.customAssociationLabels });
  // Seeding is history, not news: only changes after start become webhooks.
  store.onChange((change) => dispatcher.enqueue(change));

  const app = express();
  app.disable('x-powered-by');
  app.use(traffic.logRequests(log, options.logger));
  app.use(authenticateTokens({ appToken: accessToken, appId, userToken, userId: SANDBOX_DEFAULTS.userId }));
  app.use(traffic.limitRate());
  app.use(traffic.applyFaults());
  app.use(express.json({ limit: '20mb' }));
  app.use(attributeWrites());
  app.use(objectRoutes(context));
  app.use(associationRoutes(context));
  app.use(propertyRoutes(context));
  app.use(pipelineRoutes(context));
  app.use(ownerRoutes(context));
  app.use(accountRoutes(context, { ...SANDBOX_ACCOUNT, ...options.account }));
  app.use(callbackRoutes(context));
  app.use(notFound);
  app.use(handleErrors);

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  options.logger?.info({ url, portalId, appId, seed: options.seed ?? 'demo' }, 'sandbox HubSpot started');

  const uiSource = (userId?: number): ChangeSource => ({ kind: 'CRM_UI', userId: userId ?? ui.userId });
  const mustWrite = (result: ReturnType<CrmStore['updateRecord']>, what: string) => {
    if (!result) throw new Error(`sandbox ui: ${what} does not exist`);
    if (!result.ok) throw new Error(`sandbox ui: ${result.errors.map((e) => e.message).join('; ')}`);
    return result.record;
  };
  const ui: SandboxUi = {
    userId: SANDBOX_DEFAULTS.userId,
    createCompany: (properties, userId) => mustWrite(store.createRecord('companies', properties, uiSource(userId)), 'company').id,
    createContact: (properties, userId) => mustWrite(store.createRecord('contacts', properties, uiSource(userId)), 'contact').id,
    updateCompany: (id, properties, userId) => void mustWrite(store.updateRecord('companies', id, properties, uiSource(userId)), `company ${id}`),
    updateContact: (id, properties, userId) => void mustWrite(store.updateRecord('contacts', id, properties, uiSource(userId)), `contact ${id}`),
    associate: (contactId, companyId, userId) => {
      requireRecord(store, 'contacts', contactId);
      requireRecord(store, 'companies', companyId);
      store.associate('contacts', contactId, 'companies', companyId, uiSource(userId));
    },
    disassociate: (contactId, companyId, userId) => void store.disassociate('contacts', contactId, 'companies', companyId, uiSource(userId)),
    createRecord: (type, properties, userId) => mustWrite(store.createRecord(type, properties, uiSource(userId)), type).id,
    updateRecord: (type, id, properties, userId) => void mustWrite(store.updateRecord(type, id, properties, uiSource(userId)), `${type} ${id}`),
    deleteRecord: (type, id, userId) => {
      if (!store.archiveRecord(type, id, uiSource(userId))) throw new Error(`sandbox ui: ${type} ${id} does not exist`);
    },
    associateRecords: (fromType, fromId, toType, toId, typeId, userId) => {
      requireRecord(store, fromType, fromId);
      requireRecord(store, toType, toId);
      if (!store.associate(fromType, fromId, toType, toId, uiSource(userId), typeId) && typeId !== undefined && !store.labels.get(typeId)) {
        throw new Error(`sandbox ui: no association ${typeId} from ${fromType} to ${toType}`);
      }
    },
  };

  let nextOwnerId = 90_000_001 + store.owners.length;
  return {
    url,
    port,
    appId,
    portalId,
    clientSecret,
    accessToken,
    userToken,
    seed,
    requests: {
      entries: log.entries,
      count: (filter) => log.count(filter),
      reset: () => log.reset(),
    },
    store: {
      getCompany: (id) => plain(store.getRecord('companies', id)),
      getContact: (id) => plain(store.getRecord('contacts', id)),
      getRecord: (type, id) => plain(store.getRecord(type, id)),
      listRecords: (type) => [...store.recordsOf(type).values()].map((r) => plain(r)!),
      associatedIds: (fromType, fromId, toType) => store.associationsOf(fromType, fromId, toType).map((link) => link.toId),
      owners: store.owners,
      addOwner: (owner) => {
        const stamp = new Date(now()).toISOString();
        const id = String(nextOwnerId++);
        const full: Owner = { id, firstName: '', lastName: '', userId: Number(id) + 1_000_000, createdAt: stamp, updatedAt: stamp, archived: false, ...owner };
        store.owners.push(full);
        return full;
      },
      raw: store,
    },
    ui,
    faults: {
      failNext: (count, fault = {}) =>
        void traffic.faults.push({
          remaining: count,
          status: fault.status ?? 500,
          policyName: fault.policyName ?? 'TEN_SECONDLY_ROLLING',
          match: fault.match ?? {},
        }),
      setRateLimit: (limit) => {
        traffic.tenSecondly = limit ? new RollingRateLimiter(limit) : undefined;
      },
      setSearchRateLimit: (limit) => {
        traffic.search = limit ? new RollingRateLimiter(limit) : undefined;
      },
      setDailyLimit: (max) => {
        traffic.dailyMax = max === false ? undefined : max;
        traffic.dailyUsed = 0;
      },
      clear: () => {
        traffic.faults = [];
        traffic.tenSecondly?.reset();
        traffic.search?.reset();
        traffic.dailyUsed = 0;
      },
    },
    webhooks: {
      get events() {
        return dispatcher.events;
      },
      get delivered() {
        return dispatcher.delivered;
      },
      get subscriptions() {
        return dispatcher.subscriptions;
      },
      flush: () => dispatcher.flush(),
      pause: () => dispatcher.pause(),
      resume: () => dispatcher.resume(),
      setTargetUrl: (target) => dispatcher.setTargetUrl(target),
    },
    callbacks: { completed: store.completedCallbacks },
    stop: async () => {
      await dispatcher.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function plain(record: StoredRecord | undefined): SandboxRecord | undefined {
  if (!record) return undefined;
  return { id: record.id, properties: Object.fromEntries(record.properties) };
}

function requireRecord(store: CrmStore, type: ObjectType, id: string): void {
  if (!store.getRecord(type, id)) throw new Error(`sandbox ui: ${type} ${id} does not exist`);
}
