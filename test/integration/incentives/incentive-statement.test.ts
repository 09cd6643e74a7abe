import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { EXIT_CODES } from '../../../src/cli/exit-codes.js';
import { main } from '../../../src/cli/main.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { LedgerEntry } from '../../../src/domain/incentives/types.js';
import { money } from '../../../src/domain/money/money.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createIncentiveOutputWriter } from '../../../src/hubspot/incentive-output-writer.js';
import { createInProcessRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { COMPANY_INCENTIVE_OUTPUTS } from '../../../src/hubspot/property-names.js';
import { IncentiveStatementService } from '../../../src/incentives/incentive-statement-service.js';
import { LedgerStore } from '../../../src/incentives/ledger-store.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY, sandboxClient } from '../../support/sandbox-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const PORTAL = '4242';
const PARTNER = '501';

let next = 0;
function anEntry(overrides: Partial<LedgerEntry>): LedgerEntry {
  next += 1;
  return {
    key: `statement-test:${next}`, partnerId: PARTNER, kind: 'accrual', bucket: 'spiff', rule: 'first_win',
    amount: money(100_000, 'USD'), source: { type: 'deal', id: `d${next}` }, reason: 'test', occurredOn: '2026-05-01', reverses: null,
    ...overrides,
  };
}

describe('the quarterly statement', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let env: NodeJS.ProcessEnv;

  async function cli(args: string[], withEnv: NodeJS.ProcessEnv = env): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdin: new PassThrough(), stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: withEnv, now: () => Date.parse('2026-07-10T00:00:00Z') };
    return { code: await main(args, io), stdout, stderr };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    env = { DATABASE_URL: database.url, HUBSPOT_ACCESS_TOKEN: 'any', HUBSPOT_CLIENT_SECRET: 'any', LOG_LEVEL: 'warn' };
    await new LedgerStore(db).append(PORTAL, [
      anEntry({ occurredOn: '2026-03-31', amount: money(50_000, 'USD') }),
      anEntry({ occurredOn: '2026-05-31', amount: money(625_000, 'USD') }),
      anEntry({ occurredOn: '2026-06-30', kind: 'clawback', amount: money(-100_000, 'USD') }),
      anEntry({ occurredOn: '2026-06-30', bucket: 'rebate', rule: 'volume_rebate', amount: money(1_050_000, 'USD'), source: { type: 'quarter', id: '2026Q2' } }),
      anEntry({ occurredOn: '2026-06-01', kind: 'approval', amount: money(300_000, 'USD') }),
      anEntry({ occurredOn: '2026-06-20', kind: 'payment', amount: money(200_000, 'USD') }),
      anEntry({ occurredOn: '2026-04-09', bucket: 'mdf', rule: 'events', kind: 'approval', amount: money(300_000, 'USD'), source: { type: 'request', id: 'r1' } }),
      anEntry({ occurredOn: '2026-04-20', bucket: 'mdf', rule: 'events', kind: 'payment', amount: money(200_000, 'USD'), source: { type: 'request', id: 'r1' } }),
      anEntry({ occurredOn: '2026-04-20', bucket: 'mdf', rule: 'events', kind: 'approval', amount: money(-100_000, 'USD'), source: { type: 'request', id: 'r1' } }),
      anEntry({ occurredOn: '2026-07-01', amount: money(99_900, 'USD') }),
    ]);
    await db.insertInto('tier_snapshots').values({
      portal_id: PORTAL, company_id: PARTNER, quarter: '2026Q1', qualified_tier: 'gold', tier_before: 'silver', tier_after: 'gold', action: 'advance',
      reason: 'test', outlook: 'test', quarters_above: 1, quarters_below: 0, proposed_tier: null, program_status: 'active', metrics: '{}', closed_at: new Date('2026-04-01T00:00:00Z'),
    }).execute();
  });
  afterAll(async () => {
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
  });

  it('prints accrued, approved and paid in the quarter, the year and to date, and the MDF of the official tier, each amount with its currency', async () => {
    const { code, stdout, stderr } = await cli(['statement', PARTNER, '--quarter', '2026Q2']);
    expect(code, stderr).toBe(EXIT_CODES.OK);
    expect(stdout).toContain(`Incentive statement of partner ${PARTNER}, 2026Q2 (1 April 2026 – 30 June 2026)`);
    expect(stdout).toMatch(/accrued\s+USD 15,750\.00\s+USD 16,250\.00\s+USD 16,250\.00/);
    expect(stdout).toMatch(/approved\s+USD 3,000\.00\s+USD 3,000\.00\s+USD 3,000\.00/);
    expect(stdout).toMatch(/paid\s+USD 2,000\.00\s+USD 2,000\.00\s+USD 2,000\.00/);
    expect(stdout).toMatch(/SPIFFs\s+USD 5,250\.00/);
    expect(stdout).toMatch(/volume rebate\s+USD 10,500\.00/);
    expect(stdout).toContain('Market development funds, program year 2026 (tier gold)');
    expect(stdout).toMatch(/allocation\s+USD 20,000\.00/);
    expect(stdout).toMatch(/approved\s+USD 2,000\.00\n/);
    expect(stdout).toMatch(/available\s+USD 18,000\.00/);
  });

  it('--json prints the statement as one object', async () => {
    const { stdout } = await cli(['statement', PARTNER, '--quarter', '2026Q3', '--json']);
    const statement = JSON.parse(stdout) as { incentives: { quarter: { accrued: unknown } }; mdf: { tier: string } };
    expect(statement.incentives.quarter.accrued).toEqual(money(99_900, 'USD'));
    expect(statement.mdf.tier).toBe('gold');
  });

  it('refuses a missing or malformed quarter', async () => {
    expect((await cli(['statement', PARTNER])).code).toBe(EXIT_CODES.USAGE);
    const wrong = await cli(['statement', PARTNER, '--quarter', '2026-Q2']);
    expect(wrong.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(wrong.stderr).toContain('YYYYQn');
  });

  describe('company outputs', () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ today: SANDBOX_TODAY });
    });
    afterAll(async () => {
      await sandbox?.stop();
    });

    it('writes the current quarter\'s figures in major units to the partner company, and nothing when they did not change', async () => {
      const partner = sandbox.seed.partners[0]!.id;
      const portalId = String(sandbox.portalId);
      const ledger = new LedgerStore(db);
      await ledger.append(portalId, [
        anEntry({ partnerId: partner, occurredOn: '2026-05-31', amount: money(625_050, 'USD') }),
        anEntry({ partnerId: partner, occurredOn: '2026-02-01', kind: 'payment', amount: money(10_000, 'USD') }),
      ]);
      await new DealFactsStore(db).upsert(portalId, [{
        dealId: '77', partnerCompanyId: partner, customerCompanyId: null, amountInHomeCurrency: 30_000_000, amount: 30_000_000, isClosed: true, isWon: true,
        closedAt: Date.parse('2026-05-10T12:00:00Z'), strategic: false, currency: null, productLine: null, pipelineId: 'default',
      }]);
      const service = new IncentiveStatementService(db, ledger, { program: DEFAULT_PROGRAM, currency: 'USD', timeZone: 'UTC' });
      const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter: createInProcessRateLimiter() });
      const writer = createIncentiveOutputWriter({ client, portalId, program: DEFAULT_PROGRAM });

      // Instant governance, no quarter close: the MDF follows the company's pe_tier.
      sandbox.ui.updateCompany(partner, { pe_tier: 'gold' });
      const first = await service.writeCompanyOutputs(portalId, [partner], '2026-06-15', writer);
      expect(first.failed).toEqual([]);
      const record = await sandboxClient(sandbox).crm.companies.basicApi.getById(partner, [...COMPANY_INCENTIVE_OUTPUTS]);
      expect(record.properties).toMatchObject({
        pe_incentives_accrued_qtd: '6250.5',
        pe_incentives_paid_ytd: '100',
        pe_rebate_rate_qtd: '3.5',
        pe_mdf_allocation: '20000',
        pe_mdf_available: '20000',
      });

      const second = await service.writeCompanyOutputs(portalId, [partner], '2026-06-16', writer);
      expect(second.written).toEqual([]);
      expect(second.unchanged).toEqual([{ objectType: 'companies', id: partner }]);
    });

    it('prints, for a partner with no quarter close, the MDF of its pe_tier read from HubSpot, and says so when HubSpot cannot be read', async () => {
      const partner = sandbox.seed.partners[1]!.id;
      const portalId = String(sandbox.portalId);
      sandbox.ui.updateCompany(partner, { pe_tier: 'silver' });
      await new LedgerStore(db).append(portalId, [
        anEntry({ partnerId: partner, occurredOn: '2026-05-02', bucket: 'mdf', rule: 'events', kind: 'approval', amount: money(100_000, 'USD'), source: { type: 'request', id: 'r-instant' } }),
      ]);
      const hubspot = { ...env, HUBSPOT_ACCESS_TOKEN: sandbox.accessToken, HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_PORTAL_ID: portalId };
      const read = await cli(['statement', partner, '--quarter', '2026Q2'], hubspot);
      expect(read.code, read.stderr).toBe(EXIT_CODES.OK);
      expect(read.stdout).toContain('Market development funds, program year 2026 (tier silver)');
      expect(read.stdout).toMatch(/allocation\s+USD 5,000\.00/);
      expect(read.stdout).toMatch(/available\s+USD 4,000\.00/);
      expect(read.stdout).not.toContain('Note:');
      releaseHubSpotClient();

      const unreachable = await cli(['statement', partner, '--quarter', '2026Q2'], { ...hubspot, HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9' });
      releaseHubSpotClient();
      expect(unreachable.code, unreachable.stderr).toBe(EXIT_CODES.OK);
      expect(unreachable.stdout).toContain('(tier none)');
      expect(unreachable.stdout).toContain('Note: the partner has no quarter close up to this quarter and its current tier (pe_tier) could not be read from HubSpot');
    });
  });
});
