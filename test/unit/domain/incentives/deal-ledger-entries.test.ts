import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLedgerEntries } from '../../../../src/domain/incentives/append-ledger-entries.js';
import { deriveDealLedgerEntries } from '../../../../src/domain/incentives/derive-deal-ledger-entries.js';
import { ledgerBalance } from '../../../../src/domain/incentives/ledger-balance.js';
import type { DealEvent, EarnedSpiff, LedgerEntry } from '../../../../src/domain/incentives/types.js';
import { money } from '../../../../src/domain/money/money.js';

const EARNED: EarnedSpiff[] = [
  { kind: 'first_win', amount: money(100_000, 'USD'), claimBy: '2026-06-30' },
  { kind: 'large_deal', amount: money(400_000, 'USD'), claimBy: '2026-06-30' },
];
const TOTAL = 500_000;

function anEvent(overrides: Partial<DealEvent> = {}): DealEvent {
  return { type: 'closed_won', dealId: 'd1', partnerId: 'p1', occurredOn: '2026-05-31', ...overrides };
}

/** Derives the event's entries from the ledger and appends them, as the wiring will. */
function apply(ledger: LedgerEntry[], event: DealEvent, earned: readonly EarnedSpiff[] = EARNED): LedgerEntry[] {
  return appendLedgerEntries(ledger, deriveDealLedgerEntries(event, earned, ledger)).ledger;
}

function accrued(ledger: readonly LedgerEntry[], dealId = 'd1'): number {
  return ledgerBalance(ledger.filter((entry) => entry.source.id === dealId), 'USD').accrued.amountMinor;
}

describe('deriveDealLedgerEntries', () => {
  it('accrues each earned SPIFF when the deal closes won', () => {
    const entries = deriveDealLedgerEntries(anEvent(), EARNED, []);
    expect(entries.map((entry) => [entry.key, entry.kind, entry.amount.amountMinor])).toEqual([
      ['deal:d1:spiff:first_win:accrual:0', 'accrual', 100_000],
      ['deal:d1:spiff:large_deal:accrual:0', 'accrual', 400_000],
    ]);
    expect(entries[0]).toMatchObject({ partnerId: 'p1', bucket: 'spiff', source: { type: 'deal', id: 'd1' }, reverses: null });
  });

  it('gives the same entries with the same keys for the same event, before and after it is recorded', () => {
    const first = deriveDealLedgerEntries(anEvent(), EARNED, []);
    const ledger = appendLedgerEntries([], first).ledger;
    expect(deriveDealLedgerEntries(anEvent(), EARNED, ledger)).toEqual(first);
    expect(apply(ledger, anEvent({ occurredOn: '2026-06-01' }))).toEqual(ledger);
  });

  it('claws everything back when the won deal is reopened or lost, netting to zero', () => {
    const won = apply([], anEvent());
    const reopened = apply(won, anEvent({ type: 'reopened', occurredOn: '2026-06-03' }));
    const clawbacks = reopened.slice(won.length);
    expect(clawbacks.map((entry) => [entry.key, entry.kind, entry.amount.amountMinor, entry.reverses])).toEqual([
      ['deal:d1:spiff:first_win:clawback:0', 'clawback', -100_000, 'deal:d1:spiff:first_win:accrual:0'],
      ['deal:d1:spiff:large_deal:clawback:0', 'clawback', -400_000, 'deal:d1:spiff:large_deal:accrual:0'],
    ]);
    expect(clawbacks[0]?.reason).toContain('reopened');
    expect(accrued(reopened)).toBe(0);
    expect(apply(reopened, anEvent({ type: 'closed_lost', occurredOn: '2026-06-09' }))).toEqual(reopened);
  });

  it('accrues again under new keys when a reopened deal wins again', () => {
    let ledger = apply([], anEvent());
    ledger = apply(ledger, anEvent({ type: 'reopened' }));
    ledger = apply(ledger, anEvent({ occurredOn: '2026-07-01' }));
    expect(accrued(ledger)).toBe(TOTAL);
    expect(ledger.slice(4).map((entry) => entry.key)).toEqual(['deal:d1:spiff:first_win:accrual:1', 'deal:d1:spiff:large_deal:accrual:1']);
  });

  it('claws back nothing for a deal that never won, and leaves other deals alone', () => {
    expect(deriveDealLedgerEntries(anEvent({ type: 'closed_lost' }), EARNED, [])).toEqual([]);
    let ledger = apply([], anEvent());
    ledger = apply(ledger, anEvent({ dealId: 'd2' }));
    ledger = apply(ledger, anEvent({ type: 'closed_lost' }));
    expect(accrued(ledger, 'd1')).toBe(0);
    expect(accrued(ledger, 'd2')).toBe(TOTAL);
  });
});

describe('deal ledger properties', () => {
  const eventArbitrary = fc.record({
    type: fc.constantFrom('closed_won', 'reopened', 'closed_lost') as fc.Arbitrary<DealEvent['type']>,
    dealId: fc.constantFrom('d1', 'd2', 'd3'),
    repeat: fc.boolean(),
  });

  it('keeps each deal accrued at its SPIFFs while won and at zero otherwise, through any sequence and repeats', () => {
    fc.assert(
      fc.property(fc.array(eventArbitrary, { maxLength: 30 }), (items) => {
        let ledger: LedgerEntry[] = [];
        const won = new Map<string, boolean>();
        for (const { type, dealId, repeat } of items) {
          const event = anEvent({ type, dealId });
          const derived = deriveDealLedgerEntries(event, EARNED, ledger);
          ledger = appendLedgerEntries(ledger, derived).ledger;
          // The same event again gives the same keys and adds nothing.
          if (repeat) {
            expect(deriveDealLedgerEntries(event, EARNED, ledger).map((entry) => entry.key)).toEqual(derived.map((entry) => entry.key));
            expect(apply(ledger, event)).toEqual(ledger);
          }
          won.set(dealId, type === 'closed_won');
          for (const deal of ['d1', 'd2', 'd3']) {
            expect(accrued(ledger, deal)).toBe(won.get(deal) === true ? TOTAL : 0);
          }
        }
        expect(new Set(ledger.map((entry) => entry.key)).size).toBe(ledger.length);
        expect(ledgerBalance(ledger, 'USD').accrued.amountMinor).toBe(ledger.reduce((sum, entry) => sum + entry.amount.amountMinor, 0));
      }),
    );
  });
});
