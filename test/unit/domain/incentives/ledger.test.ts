import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLedgerEntries } from '../../../../src/domain/incentives/append-ledger-entries.js';
import { ledgerBalance } from '../../../../src/domain/incentives/ledger-balance.js';
import { reverseLedgerEntry } from '../../../../src/domain/incentives/reverse-ledger-entry.js';
import type { LedgerEntry } from '../../../../src/domain/incentives/types.js';
import { money } from '../../../../src/domain/money/money.js';
import { isAppError } from '../../../../src/errors.js';

function anEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    key: 'deal:1:event:e1:spiff:first_win:accrual',
    partnerId: 'p1',
    kind: 'accrual',
    bucket: 'spiff',
    rule: 'first_win',
    amount: money(100_000, 'USD'),
    source: { type: 'deal', id: '1' },
    reason: 'SPIFF first win',
    occurredOn: '2026-05-31',
    reverses: null,
    ...overrides,
  };
}

const entryArbitrary: fc.Arbitrary<LedgerEntry> = fc
  .record({
    id: fc.uuid(),
    kind: fc.constantFrom('accrual', 'clawback', 'approval', 'payment') as fc.Arbitrary<LedgerEntry['kind']>,
    amountMinor: fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
  })
  .map(({ id, kind, amountMinor }) => anEntry({ key: id, kind, amount: money(amountMinor, 'USD') }));

describe('appendLedgerEntries', () => {
  it('appends new entries and skips a fact already recorded', () => {
    const first = appendLedgerEntries([], [anEntry()]);
    expect(first.added).toHaveLength(1);
    const again = appendLedgerEntries(first.ledger, [anEntry()]);
    expect(again.added).toEqual([]);
    expect(again.ledger).toEqual(first.ledger);
  });

  it('refuses to rewrite a recorded fact under the same key', () => {
    const { ledger } = appendLedgerEntries([], [anEntry()]);
    let caught: unknown;
    try {
      appendLedgerEntries(ledger, [anEntry({ amount: money(1, 'USD') })]);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
  });

  it('never changes the entries already on the ledger', () => {
    const original = [anEntry()];
    const snapshot = structuredClone(original);
    appendLedgerEntries(original, [anEntry({ key: 'other' })]);
    expect(original).toEqual(snapshot);
  });
});

describe('reverseLedgerEntry', () => {
  it('turns an accrual into a clawback that names it', () => {
    const reversal = reverseLedgerEntry(anEntry(), { reason: 'deal reopened', occurredOn: '2026-06-02' });
    expect(reversal).toMatchObject({
      key: 'deal:1:event:e1:spiff:first_win:accrual:reversal',
      kind: 'clawback',
      amount: money(-100_000, 'USD'),
      reverses: 'deal:1:event:e1:spiff:first_win:accrual',
      occurredOn: '2026-06-02',
    });
  });

  it('nets every entry to zero in its column', () => {
    fc.assert(
      fc.property(entryArbitrary, (entry) => {
        const reversal = reverseLedgerEntry(entry, { reason: 'reversed', occurredOn: '2026-07-01' });
        const balance = ledgerBalance([entry, reversal], 'USD');
        expect(balance).toEqual({ accrued: money(0, 'USD'), approved: money(0, 'USD'), paid: money(0, 'USD') });
        expect(appendLedgerEntries([entry], [reversal]).ledger).toHaveLength(2);
      }),
    );
  });
});

describe('ledgerBalance', () => {
  it('sums each column: accruals and clawbacks, approvals, payments', () => {
    const balance = ledgerBalance(
      [
        anEntry({ key: 'a', amount: money(50_000, 'USD') }),
        anEntry({ key: 'b', kind: 'clawback', amount: money(-20_000, 'USD') }),
        anEntry({ key: 'c', kind: 'approval', amount: money(30_000, 'USD') }),
        anEntry({ key: 'd', kind: 'payment', amount: money(10_000, 'USD') }),
      ],
      'USD',
    );
    expect(balance).toEqual({ accrued: money(30_000, 'USD'), approved: money(30_000, 'USD'), paid: money(10_000, 'USD') });
  });

  it('refuses an entry in another currency', () => {
    expect(() => ledgerBalance([anEntry({ amount: money(1, 'EUR') })], 'USD')).toThrow(/cannot combine/);
  });

  it('does not depend on the order of the entries, and equals the sum of its rows', () => {
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 40 }).chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }))), ([entries, shuffled]) => {
        const balance = ledgerBalance(entries, 'USD');
        expect(ledgerBalance(shuffled, 'USD')).toEqual(balance);
        const total = entries.reduce((sum, entry) => sum + entry.amount.amountMinor, 0);
        expect(balance.accrued.amountMinor + balance.approved.amountMinor + balance.paid.amountMinor).toBe(total);
      }),
    );
  });
});
