import crypto from 'node:crypto';
import type { Router } from 'express';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createApp } from '../../../src/http/create-app.js';
import { startWeb, type WebServer } from '../../../src/http/start-web.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { IncentiveRequestStore } from '../../../src/incentives/incentive-request-store.js';
import { IncentiveStatementService } from '../../../src/incentives/incentive-statement-service.js';
import { LedgerStore } from '../../../src/incentives/ledger-store.js';
import { createLogger } from '../../../src/logger.js';
import { createMemoryMailSender, type MemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { createMetrics } from '../../../src/metrics.js';
import { createPartnerPage, type PartnerPage } from '../../../src/partner-page/create-partner-page.js';
import { PartnerLinkStore } from '../../../src/partner-page/partner-link-store.js';
import type { PublicRouteRateLimits } from '../../../src/partner-page/public-route-rate-limit.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { RegistrationCustomerStore } from '../../../src/registrations/registration-customer-store.js';
import { RegistrationSubmissionService } from '../../../src/registrations/registration-submission-service.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createTraining, type Training } from '../../../src/training/create-training.js';
import { TrainingAssignmentStore } from '../../../src/training/training-assignment-store.js';
import { createTestDatabase } from '../../support/test-database.js';

const silentLogger = createLogger({ level: 'silent' });
const CLIENT_SECRET = 'partner-page-test-client-secret';

/** Training and the partner page wired to a sandbox HubSpot (real SDK), the test Redis and PostgreSQL, and a clock the test moves. */
export interface PartnerPageRig {
  sandbox: Sandbox;
  portalId: string;
  db: Kysely<Database>;
  audit: AuditTrail;
  outbox: MemoryMailSender;
  training: Training;
  partnerPage: PartnerPage;
  clock: { now: number };
  web: WebServer;
  stop(): Promise<void>;
}

export async function startPartnerPageRig(redisUrl: string, start: string, options: { rateLimits?: Partial<PublicRouteRateLimits> } = {}): Promise<PartnerPageRig> {
  const prefix = `test:partner-page:${crypto.randomBytes(4).toString('hex')}`;
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  await applyMigrations(db);
  const clock = { now: Date.parse(start) };
  const now = () => clock.now;
  const sandbox = await startSandbox({ today: start.slice(0, 10) });
  const portalId = String(sandbox.portalId);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const limiter = createRedisRateLimiter({ redis, keyPrefix: `${prefix}:limiter` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM, logger: silentLogger });
  const audit = new AuditTrail(db);
  const outbox = createMemoryMailSender();
  const recalculation = new RecalculationQueue(redis, { prefix });
  // The public URL is only known once the server listens: the routers are built lazily.
  const built: { training?: Training; page?: PartnerPage; routers?: Router[] } = {};
  const lazyRouter: Router = ((req, res, next) => {
    built.routers ??= [built.training!.router({ clientSecret: CLIENT_SECRET, portalId }), built.page!.router()];
    const [first, second] = built.routers;
    first!(req, res, () => second!(req, res, next));
  }) as Router;
  const app = createApp({
    config: { publicBaseUrl: 'http://127.0.0.1', adminToken: undefined, hubspot: { clientSecret: CLIENT_SECRET, appId: sandbox.appId } },
    logger: silentLogger,
    metrics: createMetrics(),
    recalculation,
    program: DEFAULT_PROGRAM,
    readiness: {},
    extraRouters: [lazyRouter],
    now,
  });
  const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger: silentLogger });
  const shared = { hubspot: client, repositoryFor: () => repository, program: DEFAULT_PROGRAM, mail: outbox, audit, logger: silentLogger, signingSecret: 'link-signing-secret', publicBaseUrl: web.url, now };
  const training = createTraining({
    ...shared,
    store: new TrainingAssignmentStore(db),
    partnerPageUrl: (contactId, actor) => built.page!.links.pageUrlFor(contactId, actor),
  });
  // Registrations from the page go through the same service as the API, on the real index.
  const registrations = new RegistrationSubmissionService({
    client,
    store: new ConflictIndexStore(db),
    customers: new RegistrationCustomerStore(db),
    portalId,
    settings: DEFAULT_PROGRAM.registrations,
    timeZone: 'UTC',
    now: () => new Date(clock.now),
  });
  const partnerPage = createPartnerPage({
    ...shared,
    portalId,
    store: new PartnerLinkStore(db),
    training,
    redis,
    prefix,
    rateLimits: options.rateLimits ?? { perIp: { requests: 10_000, windowMs: 60_000 }, perToken: { requests: 10_000, windowMs: 60_000 } },
    registrations: () => ({ submissions: registrations, store: new RegistrationCustomerStore(db) }),
    incentives: {
      store: new IncentiveRequestStore(db),
      currency: 'USD',
      statements: new IncentiveStatementService(db, new LedgerStore(db), { program: DEFAULT_PROGRAM, currency: 'USD', timeZone: 'UTC' }),
    },
  });
  built.training = training;
  built.page = partnerPage;
  return {
    sandbox,
    portalId,
    db,
    audit,
    outbox,
    training,
    partnerPage,
    clock,
    web,
    async stop() {
      await web.close();
      await recalculation.close();
      releaseHubSpotClient();
      await sandbox.stop();
      await redis.quit();
      await db.destroy();
      await database.drop();
    },
  };
}

/** A partner company with one contact; returns their ids. */
export function aPartnerContact(sandbox: Sandbox, options: { companyName?: string; email?: string; firstName?: string } = {}): { companyId: string; contactId: string } {
  const companyId = sandbox.ui.createCompany({ name: options.companyName ?? 'Acme Partners', pe_is_partner: 'true', pe_timezone: 'Europe/Berlin' });
  const contactId = sandbox.ui.createContact({
    firstname: options.firstName ?? 'Ada',
    lastname: 'Lovelace',
    pe_partner_role: 'sales',
    email: options.email ?? 'ada@partner.example',
  });
  sandbox.ui.associate(contactId, companyId);
  return { companyId, contactId };
}

/** The first link to `/p/…` in the last email of `template` sent to a contact. */
export function lastPageLink(outbox: MemoryMailSender, contactId: string, template: string): string {
  const message = [...outbox.outbox].reverse().find((m) => m.contactId === contactId && m.template === template);
  const link = message?.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9._-]+/)?.[0];
  if (!link) throw new Error(`no ${template} email with a partner page link was sent to contact ${contactId}`);
  return link;
}

/** The hidden anti-CSRF token of a rendered page. */
export function formTokenOf(html: string): string {
  const token = html.match(/name="form_token" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('the page has no form');
  return token;
}

/** The assignment ids of the offers the page shows. */
export function offeredAssignments(html: string): string[] {
  return [...html.matchAll(/name="assignment" value="([^"]+)"/g)].map((match) => match[1]!).filter((id, index, all) => all.indexOf(id) === index);
}

/** Posts a form like a browser without JavaScript. */
export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
}
