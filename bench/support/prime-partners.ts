import type { Redis } from 'ioredis';
import { AuditTrail } from '../../src/audit/audit-trail.js';
import { createHubSpotClient } from '../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../src/hubspot/partner-repository.js';
import { createInProcessRateLimiter } from '../../src/hubspot/rate-limiter.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import type { Program } from '../../src/program/program-schema.js';
import { batchActivityCreator } from '../../src/recalculation/activity-creator.js';
import { createPartnerRecalculator, type RecalculationReport } from '../../src/recalculation/recalculate-partners.js';
import { ScoreHistoryStore } from '../../src/recalculation/score-history-store.js';
import { applyMigrations } from '../../src/db/apply-migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import { SideEffectLedger } from '../../src/recalculation/side-effect-ledger.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface PrimePartnersOptions {
  sandbox: Sandbox;
  /** The Redis and key prefix the product uses, so that its score history starts from this run. */
  redis: Redis;
  /** The database the product uses, so that its score history starts from this run (migrated here). */
  databaseUrl: string;
  prefix: string;
  companyIds: string[];
  now?: () => number;
  program?: Program;
}

/**
 * Brings partners to a steady state before a measurement: the product's own recalculation writes
 * every output once (and records the first score history point), through a limiter with no
 * practical budget so that priming takes seconds, not minutes. Its requests are not part of any
 * measurement: reset the sandbox's request log afterwards.
 */
export async function primePartners(options: PrimePartnersOptions): Promise<RecalculationReport> {
  const { sandbox, redis, prefix } = options;
  const program = options.program ?? DEFAULT_PROGRAM;
  const logger = createLogger({ level: 'silent' });
  // Same token and base URL as the product's client: the process's one SDK client is shared.
  const client = createHubSpotClient({
    accessToken: sandbox.accessToken,
    basePath: sandbox.url,
    limiter: createInProcessRateLimiter({ standard: { requests: 1_000_000, intervalMs: 10_000 } }),
  });
  const repository = createPartnerRepository({ client, portalId: String(sandbox.portalId), program, logger });
  const db = openDatabase(options.databaseUrl, { maxConnections: 2 });
  const recalculator = createPartnerRecalculator({
    repositoryFor: () => repository,
    program,
    history: new ScoreHistoryStore(db),
    ledger: new SideEffectLedger(redis, { prefix }),
    audit: new AuditTrail(db),
    db,
    logger,
    now: options.now,
    activities: batchActivityCreator(client),
  });
  let report: RecalculationReport;
  try {
    await applyMigrations(db);
    report = await recalculator.recalculatePartners(String(sandbox.portalId), options.companyIds);
  } finally {
    await db.destroy();
  }
  if (report.failed.length > 0) throw new Error(`priming failed for ${report.failed.length} partners: ${report.failed[0]!.reason}`);
  return report;
}
