import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { addDays } from '../../../src/domain/calendar-date.js';
import { quarterContaining } from '../../../src/domain/governance/quarter-containing.js';
import type { LedgerBucket, LedgerEntry, LedgerEntryKind } from '../../../src/domain/incentives/types.js';
import { money } from '../../../src/domain/money/money.js';
import { IncentiveStatementService } from '../../../src/incentives/incentive-statement-service.js';
import { LedgerStore, PROBED_PARTNERS } from '../../../src/incentives/ledger-store.js';
import type { PartnerStatement } from '../../../src/incentives/partner-statement.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const PARTNERS = ['p1', 'p2', 'p3'];
const BUCKETS: LedgerBucket[] = ['spiff', 'rebate', 'bonus', 'mdf'];
/** Every kind the ledger holds, those that move no balance included (a claim, a rejection…). */
const KINDS = ['accrual', 'clawback', 'approval', 'payment', 'claim', 'verification', 'rejection'] as const;
/** Four years of rows: every quarter and program year boundary has rows on both sides. */
const FIRST_DAY = '2024-01-01';
const DAYS = 4 * 366;

const row = fc.record({
  partner: fc.constantFrom(...PARTNERS),
  kind: fc.constantFrom(...KINDS),
  bucket: fc.constantFrom(...BUCKETS),
  // Up to ±10 billion dollars a row: sums well beyond 32 bits, still exact.
  amountMinor: fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
  day: fc.nat(DAYS - 1),
});

/** The program year's first day, worked out here from the month and the quarter's first day. */
function programYearStart(quarterFirstDay: string, startMonth: number): string {
  const [year, month] = quarterFirstDay.split('-').map(Number) as [number, number];
  return `${month >= startMonth ? year : year - 1}-${String(startMonth).padStart(2, '0')}-01`;
}

type Column = 'accrued' | 'approved' | 'paid';
const COLUMN: Partial<Record<string, Column>> = { accrual: 'accrued', clawback: 'accrued', approval: 'approved', payment: 'paid' };

/** Adds up rows one by one: what a statement must show, with no SQL and no shared code. */
function sumRows(rows: readonly LedgerEntry[], from: string, to: string, buckets: readonly LedgerBucket[], column: Column): number {
  let total = 0;
  for (const entry of rows) {
    if (COLUMN[entry.kind] === column && buckets.includes(entry.bucket) && entry.occurredOn >= from && entry.occurredOn <= to) total += entry.amount.amountMinor;
  }
  return total;
}

describe('statements over random ledgers, on PostgreSQL', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let ledger: LedgerStore;
  let portal = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    ledger = new LedgerStore(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('equal the row-by-row sums of the quarter, the fiscal year to its end and all time, for one partner and for a batch at once', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(row, { minLength: 1, maxLength: 80, size: 'max' }),
      fc.integer({ min: 1, max: 12 }),
      fc.nat(DAYS - 1),
      async (rows, fiscalYearStartMonth, statementDay) => {
        portal += 1;
        const portalId = `sums-${portal}`;
        const entries: LedgerEntry[] = rows.map((generated, index) => ({
          key: `random:${index}`, partnerId: generated.partner, kind: generated.kind as LedgerEntryKind, bucket: generated.bucket, rule: 'any',
          amount: money(generated.amountMinor, 'USD'), source: { type: 'deal', id: `d${index}` }, reason: 'random', occurredOn: addDays(FIRST_DAY, generated.day), reverses: null,
        }));
        await ledger.append(portalId, entries);
        const program = { ...DEFAULT_PROGRAM, governance: { ...DEFAULT_PROGRAM.governance, fiscalYearStartMonth } };
        const service = new IncentiveStatementService(db, ledger, { program, currency: 'USD', timeZone: 'UTC' });
        const quarter = quarterContaining(addDays(FIRST_DAY, statementDay), fiscalYearStartMonth);
        const yearStart = programYearStart(quarter.firstDay, fiscalYearStartMonth);
        const tiers = new Map(PARTNERS.map((id) => [id, 'none' as const]));

        // One partner at a time probes the index; a batch beyond PROBED_PARTNERS is one grouped scan.
        const batch = [...PARTNERS, ...Array.from({ length: PROBED_PARTNERS }, (_, index) => `no-rows-${index}`)];
        const together = await service.statements(portalId, batch, quarter, { tiers: new Map(batch.map((id) => [id, 'none' as const])) });
        for (const partnerId of PARTNERS) {
          const own = entries.filter((entry) => entry.partnerId === partnerId);
          const alone = (await service.statements(portalId, [partnerId], quarter, { tiers })).get(partnerId)!;
          expect(together.get(partnerId)).toEqual(alone);
          const incentives = ['spiff', 'rebate', 'bonus'] as const;
          const expected = (from: string) => ({
            accrued: money(sumRows(own, from, quarter.lastDay, incentives, 'accrued'), 'USD'),
            approved: money(sumRows(own, from, quarter.lastDay, incentives, 'approved'), 'USD'),
            paid: money(sumRows(own, from, quarter.lastDay, incentives, 'paid'), 'USD'),
          });
          const statement: PartnerStatement = alone;
          expect(statement.incentives).toEqual({ quarter: expected(quarter.firstDay), yearToDate: expected(yearStart), toDate: expected('0000-01-01') });
          expect(statement.accruedInQuarter).toEqual({
            spiff: money(sumRows(own, quarter.firstDay, quarter.lastDay, ['spiff'], 'accrued'), 'USD'),
            rebate: money(sumRows(own, quarter.firstDay, quarter.lastDay, ['rebate'], 'accrued'), 'USD'),
            bonus: money(sumRows(own, quarter.firstDay, quarter.lastDay, ['bonus'], 'accrued'), 'USD'),
          });
          expect(statement.mdf.approved).toEqual(money(sumRows(own, yearStart, quarter.lastDay, ['mdf'], 'approved'), 'USD'));
          expect(statement.mdf.paid).toEqual(money(sumRows(own, yearStart, quarter.lastDay, ['mdf'], 'paid'), 'USD'));
        }
      },
    ), { numRuns: 30 });
  }, 180_000);
});
