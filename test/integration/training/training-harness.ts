import crypto from 'node:crypto';
import type { Router } from 'express';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createTestDatabase } from '../../support/test-database.js';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { createApp } from '../../../src/http/create-app.js';
import { startWeb, type WebServer } from '../../../src/http/start-web.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { createMemoryMailSender, type MemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { createMetrics } from '../../../src/metrics.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Role, TrackId } from '../../../src/program/program-schema.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { TrainingAssignmentStore } from '../../../src/training/training-assignment-store.js';
import { createTraining, type Training } from '../../../src/training/create-training.js';

export const silentLogger = createLogger({ level: 'silent' });
export const CLIENT_SECRET = 'training-test-client-secret';

/** Training with consent wired to a sandbox HubSpot (real SDK), the test Redis and a clock the test moves. */
export interface TrainingRig {
  sandbox: Sandbox;
  portalId: string;
  redis: Redis;
  /** The rig's own database (migrated), dropped on `stop`. */
  db: Kysely<Database>;
  prefix: string;
  audit: AuditTrail;
  outbox: MemoryMailSender;
  training: Training;
  clock: { now: number };
  /** The web app (createApp with the training router), listening on 127.0.0.1. */
  web: WebServer;
  stop(): Promise<void>;
}

export async function startTrainingRig(redisUrl: string, start: string, options: { logger?: Logger } = {}): Promise<TrainingRig> {
  const logger = options.logger ?? silentLogger;
  const prefix = `test:training:${crypto.randomBytes(4).toString('hex')}`;
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
  // The public URL is only known once the server listens: the router is built lazily.
  const built: { training?: Training } = {};
  const lazyRouter: Router = ((req, res, next) => built.training!.router({ clientSecret: CLIENT_SECRET, portalId })(req, res, next)) as Router;
  const app = createApp({
    config: { publicBaseUrl: 'http://127.0.0.1', adminToken: undefined, hubspot: { clientSecret: CLIENT_SECRET, appId: sandbox.appId } },
    logger,
    metrics: createMetrics(),
    recalculation,
    program: DEFAULT_PROGRAM,
    readiness: {},
    extraRouters: [lazyRouter],
    now,
  });
  const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger });
  const training = createTraining({
    store: new TrainingAssignmentStore(db),
    hubspot: client,
    repositoryFor: () => repository,
    program: DEFAULT_PROGRAM,
    mail: outbox,
    audit,
    logger,
    signingSecret: 'link-signing-secret',
    publicBaseUrl: web.url,
    now,
  });
  built.training = training;
  return {
    sandbox,
    portalId,
    redis,
    db,
    prefix,
    audit,
    outbox,
    training,
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

/** A partner company in `timeZone` with one contact of `role`; returns their ids. */
export function aPartnerContact(
  sandbox: Sandbox,
  options: { timeZone?: string; role?: Role; email?: string | null; firstName?: string } = {},
): { companyId: string; contactId: string } {
  const companyId = sandbox.ui.createCompany({ name: 'Training Partners', pe_is_partner: 'true', pe_timezone: options.timeZone ?? 'Europe/Berlin' });
  const properties: Record<string, string> = { firstname: options.firstName ?? 'Ada', lastname: 'Lovelace', pe_partner_role: options.role ?? 'sales' };
  if (options.email !== null) properties.email = options.email ?? 'ada@partner.example';
  const contactId = sandbox.ui.createContact(properties);
  sandbox.ui.associate(contactId, companyId);
  return { companyId, contactId };
}

/** The consent link of the last email sent to a contact. */
export function lastConsentLink(outbox: MemoryMailSender, contactId: string): string {
  const message = [...outbox.outbox].reverse().find((m) => m.contactId === contactId && m.template === 'training-consent');
  const link = message?.text.match(/https?:\/\/\S+\/training\/consent\/\S+/)?.[0];
  if (!link) throw new Error(`no consent email was sent to contact ${contactId}`);
  return link;
}

/** Offers tracks and accepts each through its link, as the contact would. */
export async function activeTracks(rig: TrainingRig, contactId: string, tracks: TrackId[]): Promise<void> {
  for (const track of tracks) {
    await rig.training.assignTraining({ portalId: rig.portalId, contactId, track, actor: { type: 'operator', id: 'test' } });
    const token = lastConsentLink(rig.outbox, contactId).split('/').at(-1)!;
    await rig.training.decideConsent(token, 'accept');
  }
}
