import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { ledgerBalance } from '../../../src/domain/incentives/ledger-balance.js';
import type { LedgerEntry } from '../../../src/domain/incentives/types.js';
import { LEDGER_BUCKETS, LedgerStore } from '../../../src/incentives/ledger-store.js';
import { commandEntries, ledgerCommand, PARTNER_IDS } from '../../support/ledger-simulation.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('the ledger store over random histories, on PostgreSQL', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let store: LedgerStore;
  let portal = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    store = new LedgerStore(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('derives each step from the stored rows, stores each fact once, and sums balances equal to the rows\' domain sums', async () => {
    await fc.assert(fc.asyncProperty(fc.array(ledgerCommand, { minLength: 1, maxLength: 25 }), async (commands) => {
      portal += 1;
      const portalId = `prop-${portal}`;
      for (const [step, command] of commands.entries()) {
        const stored = (await Promise.all(PARTNER_IDS.map((partnerId) => store.readPartnerEntries(portalId, partnerId)))).flat();
        const derived = commandEntries(stored, command, step);
        const added = await store.append(portalId, derived);
        expect(added.map((entry) => entry.key)).toEqual(derived.filter((entry) => !stored.some((old) => old.key === entry.key)).map((entry) => entry.key));
        expect(await store.append(portalId, derived)).toEqual([]);
      }
      for (const partnerId of PARTNER_IDS) {
        const rows: LedgerEntry[] = await store.readPartnerEntries(portalId, partnerId);
        const balances = await store.balances(portalId, partnerId, 'USD');
        expect(balances.total).toEqual(ledgerBalance(rows, 'USD'));
        for (const bucket of LEDGER_BUCKETS) expect(balances.byBucket[bucket]).toEqual(ledgerBalance(rows.filter((entry) => entry.bucket === bucket), 'USD'));
        expect(balances.total.paid.amountMinor).toBeLessThanOrEqual(balances.total.approved.amountMinor);
      }
    }), { numRuns: 25 });
  }, 120_000);
});
