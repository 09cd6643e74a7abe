import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { EXIT_CODES } from '../../../src/cli/exit-codes.js';
import { main } from '../../../src/cli/main.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import { money } from '../../../src/domain/money/money.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import { LedgerStore } from '../../../src/incentives/ledger-store.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY, sandboxClient } from '../../support/sandbox-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('partner-enablement rebates', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdin: new PassThrough(), stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env, now: () => Date.parse('2026-07-01T12:00:00Z') };
    return { code: await main(args, io), stdout, stderr };
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY });
    database = await createTestDatabase();
    env = {
      HUBSPOT_ACCESS_TOKEN: sandbox.accessToken, HUBSPOT_CLIENT_SECRET: sandbox.clientSecret, HUBSPOT_PORTAL_ID: String(sandbox.portalId),
      HUBSPOT_API_BASE_URL: sandbox.url, REDIS_URL: `${inject('redisUrl')}/${1 + crypto.randomInt(14)}`, DATABASE_URL: database.url, LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    await sandbox?.stop();
    await database?.drop();
  });

  it('accrues the quarter\'s rebate once, writes the rebate rate to the partner, and records nothing when run again', async () => {
    const partner = sandbox.seed.partners[0]!.id;
    const portalId = String(sandbox.portalId);
    const db = openDatabase(database.url, { maxConnections: 2 });
    try {
      await applyMigrations(db);
      await new DealFactsStore(db).upsert(portalId, [{
        dealId: '88', partnerCompanyId: partner, customerCompanyId: null, amountInHomeCurrency: 60_000_000, amount: 60_000_000, isClosed: true, isWon: true,
        closedAt: Date.parse('2026-05-10T12:00:00Z'), strategic: false, currency: null, productLine: null, pipelineId: 'default',
      }]);

      const first = await cli(['rebates', '--quarter', '2026Q2']);
      expect(first.code, first.stderr).toBe(EXIT_CODES.OK);
      expect(first.stdout).toContain('Volume rebates 2026Q2: 1 partners, USD 30,000.00 in all; 1 ledger entries added.');
      expect(first.stdout).toContain('Incentive outputs: 1 companies written');
      const balances = await new LedgerStore(db).balances(portalId, partner, 'USD');
      expect(balances.byBucket.rebate.accrued).toEqual(money(3_000_000, 'USD'));
      const record = await sandboxClient(sandbox).crm.companies.basicApi.getById(partner, ['pe_rebate_rate_qtd', 'pe_incentives_accrued_qtd']);
      // 1 July is in Q3: nothing closed yet this quarter.
      expect(record.properties).toMatchObject({ pe_rebate_rate_qtd: '0', pe_incentives_accrued_qtd: '0' });

      const again = await cli(['rebates', '--quarter', '2026Q2']);
      expect(again.stdout).toContain('0 ledger entries added');
      expect(again.stdout).toContain('0 companies written, 1 unchanged');
    } finally {
      await db.destroy();
    }
  });

  it('refuses a run without a quarter', async () => {
    expect((await cli(['rebates'])).code).toBe(EXIT_CODES.USAGE);
  });
});
