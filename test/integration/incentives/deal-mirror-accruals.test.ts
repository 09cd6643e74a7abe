import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { DealFactsMirror } from '../../../src/governance/deal-facts-mirror.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import type { DealWithCompanies } from '../../../src/hubspot/customer-index-reader.js';
import { IncentiveAccrualService } from '../../../src/incentives/incentive-accrual-service.js';
import { LedgerStore } from '../../../src/incentives/ledger-store.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

// The deal-facts mirror drives the SPIFFs (docs/incentives.md, "Accruals from deals"): a deal read
// from HubSpot as won accrues, read again adds nothing, reopened is clawed back; and the nightly
// repair accrues what a worker killed between the mirror and the ledger left unaccrued.

const PORTAL = '7';
const AT = new Date('2026-07-05T16:00:00Z');

function aHubSpotDeal(id: string, won: boolean): DealWithCompanies {
  return {
    id,
    companyIds: ['501', '900'],
    properties: {
      amount: '20000', amount_in_home_currency: '20000', deal_currency_code: null, pipeline: 'default',
      hs_is_closed: won ? 'true' : 'false', hs_is_closed_won: won ? 'true' : 'false',
      closedate: '2026-06-20T15:00:00.000Z', pe_partner_company_id: '501', pe_strategic: 'false', pe_product_line: null,
    },
  } as DealWithCompanies;
}

describe('SPIFFs from the deal-facts mirror', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let mirror: DealFactsMirror;
  let ledger: LedgerStore;

  const spiffRows = async (dealId: string) => (await ledger.readSourceEntries(PORTAL, 'deal', [dealId])).filter((entry) => entry.bucket === 'spiff');
  const net = async (dealId: string) => (await spiffRows(dealId)).reduce((sum, entry) => sum + entry.amount.amountMinor, 0);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    ledger = new LedgerStore(db);
    const incentives = new IncentiveAccrualService(db, ledger, { program: DEFAULT_PROGRAM, currency: 'USD', timeZone: 'America/New_York', now: () => AT });
    mirror = new DealFactsMirror({ store: new DealFactsStore(db), portalId: PORTAL, companyCurrency: 'USD', incentives });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('accrues a won deal once, and claws it back when the deal is reopened', async () => {
    await mirror.apply([aHubSpotDeal('61', true)], [], AT);
    const first = await spiffRows('61');
    expect(first.length).toBeGreaterThan(0);
    expect(await net('61')).toBeGreaterThan(0);

    await mirror.apply([aHubSpotDeal('61', true)], [], AT);
    expect(await spiffRows('61')).toHaveLength(first.length);

    await mirror.apply([aHubSpotDeal('61', false)], [], AT);
    expect(await net('61')).toBe(0);
  });

  it('accrues at the nightly repair a won deal that was mirrored without its SPIFFs', async () => {
    // A worker killed after the row and before the ledger: the row is there, the ledger has nothing.
    await new DealFactsStore(db).upsert(PORTAL, [{
      dealId: '62', partnerCompanyId: '501', customerCompanyId: '902', amountInHomeCurrency: 2_000_000, amount: 2_000_000,
      isClosed: true, isWon: true, closedAt: Date.parse('2026-06-21T15:00:00Z'), strategic: false, currency: null, productLine: null, pipelineId: 'default',
    }], AT);
    expect(await spiffRows('62')).toEqual([]);

    await mirror.removeNotSeen(new Set(['61', '62']), AT);
    expect(await net('62')).toBeGreaterThan(0);
  });
});
