import crypto from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { main } from '../../../src/cli/main.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import { QuarterCloseStore } from '../../../src/governance/quarter-close-store.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { notesOf } from './quarter-close-harness.js';

/*
 * `partner-enablement governance close` as an operator runs it against a portal in quarterly mode:
 * the sandbox stands in for HubSpot. The Registered tier asks for 1,000.00 of partner-sourced
 * revenue, so only the partner with a won deal qualifies; the deal is created in the sandbox and
 * mirrored into the deal facts as the deal webhooks would.
 */

let sandbox: Sandbox;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let programDir: string;
let partnerId: string;
const AFTER_Q2 = Date.parse('2026-07-02T12:00:00Z');
const AFTER_Q3 = Date.parse('2026-10-02T12:00:00Z');

beforeAll(async () => {
  sandbox = await startSandbox({ today: '2026-11-15' });
  database = await createTestDatabase();
  programDir = mkdtempSync(path.join(os.tmpdir(), 'gov-close-program-'));
  const programFile = path.join(programDir, 'program.json');
  writeFileSync(programFile, JSON.stringify({ tiers: { bronze: { minRevenue12m: 100_000 } }, governance: { mode: 'quarterly' } }));
  env = {
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    HUBSPOT_ACCOUNT_TIME_ZONE: 'America/New_York',
    REDIS_URL: `${inject('redisUrl')}/${1 + crypto.randomInt(14)}`,
    DATABASE_URL: database.url,
    PROGRAM_FILE: programFile,
    LOG_LEVEL: 'warn',
  };
  // A partner that qualifies for Registered by its training, and a deal it won in May 2026.
  partnerId = sandbox.seed.partners.find((partner) => partner.expectedTier !== 'none')!.id;
  // Signed a month before the quarters closed here: the entry-tier deadline (90 days) is not due
  // yet, so what the close decides is the revenue alone.
  sandbox.ui.updateCompany(partnerId, { pe_agreement_signed_on: '2026-06-01' });
  const dealId = sandbox.ui.createRecord('deals', {
    dealname: 'Northwind renewal',
    amount: '2500',
    closedate: '2026-05-14T15:00:00.000Z',
    dealstage: 'closedwon',
    pe_partner_company_id: partnerId,
  });
  const db = openDatabase(database.url, { maxConnections: 1 });
  await applyMigrations(db);
  await new DealFactsStore(db).upsert(String(sandbox.portalId), [
    { dealId, partnerCompanyId: partnerId, customerCompanyId: null, amountInHomeCurrency: 250_000, amount: 250_000, isClosed: true, isWon: true, closedAt: Date.parse('2026-05-14T15:00:00.000Z'), strategic: false, currency: null, productLine: null, pipelineId: null },
  ]);
  await db.destroy();
});

afterAll(async () => {
  await sandbox?.stop();
  await database?.drop();
  rmSync(programDir, { recursive: true, force: true });
});

async function cli(args: string[], now: number): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now: () => now,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function snapshotCount(quarter: string): Promise<number> {
  const db = openDatabase(database.url, { maxConnections: 1 });
  try {
    return (await new QuarterCloseStore(db).snapshotsOfQuarter(String(sandbox.portalId), quarter)).length;
  } finally {
    await db.destroy();
  }
}

describe('partner-enablement governance close', () => {
  it('refuses a quarter that is no quarter', async () => {
    const { code, stderr } = await cli(['governance', 'close', '--quarter', '2026Q5'], AFTER_Q3);
    expect(code).toBe(2);
    expect(stderr).toContain('"2026Q5" is not a quarter');
  });

  it('closes the quarters and moves the partner with the deal one tier, with a note', async () => {
    expect(sandbox.store.getCompany(partnerId)!.properties.pe_rebate_rate_qtd ?? '').toBe('');
    const q2 = await cli(['governance', 'close', '--quarter', '2026Q2'], AFTER_Q2);
    expect(q2.code, q2.stderr).toBe(0);
    // A close by hand is followed, like a scheduled one, by the quarter's rebates and the incentive outputs.
    expect(sandbox.store.getCompany(partnerId)!.properties.pe_rebate_rate_qtd ?? '').not.toBe('');
    expect(q2.stdout).toMatch(/^Closed 2026Q2: \d+ partners, 0 changed/);
    expect(sandbox.store.getCompany(partnerId)!.properties.pe_tier_outlook).toBe('advancing');

    const dryRun = await cli(['governance', 'close', '--quarter', '2026Q3', '--dry-run'], AFTER_Q3);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(/^Dry run of the close of 2026Q3: \d+ partners, 1 would change\. Nothing was written\./);
    expect(dryRun.stdout).toContain(`company ${partnerId}`);
    expect(dryRun.stdout).toMatch(new RegExp(`company ${partnerId} .*: none → bronze \\(advance, qualified_above; qualified bronze\\), outlook \\w+`));
    expect(await snapshotCount('2026Q3')).toBe(0);
    expect(sandbox.store.getCompany(partnerId)!.properties.pe_tier ?? 'none').not.toBe('bronze');

    const closed = await cli(['governance', 'close', '--quarter', '2026Q3'], AFTER_Q3);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(/^Closed 2026Q3: \d+ partners, 1 changed; 1 note\(s\)/);
    // Who moved, in plain words: the partner, from → to, and the quarters that justify it.
    const name = sandbox.store.getCompany(partnerId)!.properties.name;
    expect(closed.stdout).toContain(`\nMoved:\n  ${name} (company ${partnerId}): no tier → Bronze, advanced: qualified above no tier in 2026Q2 and 2026Q3 (Bronze in 2026Q3)\n`);
    expect(sandbox.store.getCompany(partnerId)!.properties.pe_tier).toBe('bronze');
    expect(notesOf(sandbox, partnerId).filter((body) => body.includes('close of 2026Q3'))).toHaveLength(1);

    // Without --quarter: the last ended quarter, 2026Q3 on 2 October 2026.
    const again = await cli(['governance', 'close'], AFTER_Q3);
    expect(again.stdout).toMatch(/^2026Q3 was closed already: \d+ partners, 1 changed/);
  });
});
