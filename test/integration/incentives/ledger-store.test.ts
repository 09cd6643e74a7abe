import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { ledgerBalance } from '../../../src/domain/incentives/ledger-balance.js';
import type { LedgerEntry } from '../../../src/domain/incentives/types.js';
import { money } from '../../../src/domain/money/money.js';
import { LEDGER_BUCKETS, LedgerStore } from '../../../src/incentives/ledger-store.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

let next = 0;
function anEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  next += 1;
  return {
    key: `test:${next}`,
    partnerId: 'p1',
    kind: 'accrual',
    bucket: 'spiff',
    rule: 'first_win',
    amount: money(100_000, 'USD'),
    source: { type: 'deal', id: `d${next}` },
    reason: 'SPIFF first win',
    occurredOn: '2026-05-31',
    reverses: null,
    ...overrides,
  };
}

describe.each(DATABASE_BACKENDS)('the ledger store on $name', ({ create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let store: LedgerStore;

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    store = new LedgerStore(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('stores an entry appended twice once, and says which entries were new', async () => {
    const [a, b] = [anEntry({ partnerId: 'twice' }), anEntry({ partnerId: 'twice' })];
    expect(await store.append('1', [a])).toEqual([a]);
    expect(await store.append('1', [a, b, b])).toEqual([b]);
    expect(await store.append('1', [a, b])).toEqual([]);
    expect(await store.readPartnerEntries('1', 'twice')).toEqual([a, b]);
  });

  it('refuses a recorded key with other content and stores nothing of that call', async () => {
    const a = anEntry({ partnerId: 'rewrite' });
    await store.append('1', [a]);
    const fresh = anEntry({ partnerId: 'rewrite' });
    await expect(store.append('1', [fresh, { ...a, amount: money(1, 'USD') }])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await store.readPartnerEntries('1', 'rewrite')).toEqual([a]);
  });

  it('keeps portals apart: the same key in another portal is another fact', async () => {
    const a = anEntry({ partnerId: 'portals' });
    await store.append('1', [a]);
    expect(await store.append('2', [a])).toEqual([a]);
  });

  it('has the database refuse to update or delete an entry', async () => {
    const a = anEntry({ partnerId: 'frozen' });
    await store.append('1', [a]);
    await expect(db.updateTable('ledger_entries').set({ amount_minor: 1 }).where('entry_key', '=', a.key).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('ledger_entries').where('entry_key', '=', a.key).execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_entries where partner_id = 'frozen'`.execute(db)).rejects.toThrow(/append-only/);
    expect(await store.readPartnerEntries('1', 'frozen')).toEqual([a]);
  });

  it('reads a partner\'s entries in the order they happened, within days', async () => {
    const late = anEntry({ partnerId: 'order', occurredOn: '2026-07-02' });
    const early = anEntry({ partnerId: 'order', occurredOn: '2026-04-01' });
    const middle = anEntry({ partnerId: 'order', occurredOn: '2026-06-30' });
    await store.append('1', [late, early, middle]);
    expect(await store.readPartnerEntries('1', 'order')).toEqual([early, middle, late]);
    expect(await store.readPartnerEntries('1', 'order', { from: '2026-04-02', to: '2026-06-30' })).toEqual([middle]);
  });

  it('gives balances that equal the domain sums of the rows, per bucket and in all', async () => {
    const entries = [
      anEntry({ partnerId: 'sums', amount: money(100_000, 'USD') }),
      anEntry({ partnerId: 'sums', kind: 'clawback', amount: money(-40_000, 'USD') }),
      anEntry({ partnerId: 'sums', kind: 'approval', amount: money(50_000, 'USD') }),
      anEntry({ partnerId: 'sums', kind: 'payment', amount: money(20_000, 'USD') }),
      anEntry({ partnerId: 'sums', bucket: 'rebate', rule: 'volume_rebate', amount: money(1_050_000, 'USD'), source: { type: 'quarter', id: '2026Q2' } }),
      anEntry({ partnerId: 'sums', bucket: 'mdf', rule: 'events', kind: 'approval', amount: money(300_000, 'USD'), source: { type: 'request', id: 'r1' } }),
      anEntry({ partnerId: 'sums', bucket: 'mdf', rule: 'events', kind: 'approval', amount: money(-100_000, 'USD'), source: { type: 'request', id: 'r1' } }),
      anEntry({ partnerId: 'sums', bucket: 'mdf', rule: 'events', kind: 'payment', amount: money(200_000, 'USD'), source: { type: 'request', id: 'r1' } }),
      anEntry({ partnerId: 'other', amount: money(999, 'USD') }),
    ];
    await store.append('1', entries);
    const rows = await store.readPartnerEntries('1', 'sums');
    const balances = await store.balances('1', 'sums', 'USD');
    expect(balances.total).toEqual(ledgerBalance(rows, 'USD'));
    for (const bucket of LEDGER_BUCKETS) {
      expect(balances.byBucket[bucket]).toEqual(ledgerBalance(rows.filter((entry) => entry.bucket === bucket), 'USD'));
    }
    expect(balances.total).toEqual({ accrued: money(1_110_000, 'USD'), approved: money(250_000, 'USD'), paid: money(220_000, 'USD') });
  });

  it('refuses to add amounts of another currency into a balance', async () => {
    await store.append('1', [anEntry({ partnerId: 'yen', amount: money(500, 'JPY') })]);
    await expect(store.balances('1', 'yen', 'USD')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('sums a statement for the quarter, the program year to its end and to date, in one query for many partners', async () => {
    const at = (partnerId: string, occurredOn: string, amountMinor: number, kind: LedgerEntry['kind'] = 'accrual') =>
      anEntry({ partnerId, occurredOn, kind, amount: money(amountMinor, 'USD') });
    await store.append('1', [
      at('st1', '2025-12-31', 1_000),
      at('st1', '2026-03-31', 2_000),
      at('st1', '2026-04-01', 4_000),
      at('st1', '2026-06-30', 8_000),
      at('st1', '2026-06-30', 3_000, 'approval'),
      at('st1', '2026-07-01', 16_000),
      at('st2', '2026-05-05', 32_000, 'payment'),
    ]);
    const sums = await store.statementSums('1', ['st1', 'st2', 'none'], { quarterStart: '2026-04-01', quarterEnd: '2026-06-30', yearStart: '2026-01-01' }, 'USD');
    const st1 = sums.get('st1')!;
    expect(st1.quarter.total.accrued).toEqual(money(12_000, 'USD'));
    expect(st1.quarter.total.approved).toEqual(money(3_000, 'USD'));
    expect(st1.yearToDate.total.accrued).toEqual(money(14_000, 'USD'));
    expect(st1.toDate.total.accrued).toEqual(money(15_000, 'USD'));
    expect(sums.get('st2')!.quarter.total.paid).toEqual(money(32_000, 'USD'));
    expect(sums.get('none')!.toDate.total).toEqual({ accrued: money(0, 'USD'), approved: money(0, 'USD'), paid: money(0, 'USD') });
  });
});
