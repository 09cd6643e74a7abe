import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLedgerEntries } from '../../../../src/domain/incentives/append-ledger-entries.js';
import { deriveApprovalRelease } from '../../../../src/domain/incentives/derive-approval-release.js';
import { deriveDealLedgerEntries } from '../../../../src/domain/incentives/derive-deal-ledger-entries.js';
import { deriveDecisionEntry } from '../../../../src/domain/incentives/derive-decision-entry.js';
import { ledgerBalance } from '../../../../src/domain/incentives/ledger-balance.js';
import { lineBalance } from '../../../../src/domain/incentives/line-balance.js';
import type { DealEvent, EarnedSpiff, LedgerEntry, LedgerLine } from '../../../../src/domain/incentives/types.js';
import { money } from '../../../../src/domain/money/money.js';

const EARNED: EarnedSpiff[] = [{ kind: 'first_win', amount: money(100_000, 'USD'), claimBy: '2026-06-30' }];
const LINE: LedgerLine = { partnerId: 'p1', bucket: 'spiff', rule: 'first_win', source: { type: 'deal', id: 'd1' } };

function dealEvent(type: DealEvent['type'], ledger: LedgerEntry[]): LedgerEntry[] {
  const event: DealEvent = { type, dealId: 'd1', partnerId: 'p1', occurredOn: '2026-06-01' };
  let next = appendLedgerEntries(ledger, deriveDealLedgerEntries(event, EARNED, ledger)).ledger;
  next = appendLedgerEntries(next, deriveApprovalRelease(LINE, '2026-06-01', next, 'USD')).ledger;
  return next;
}

function decide(ledger: LedgerEntry[], kind: 'approval' | 'payment', id: string, amountMinor: number) {
  const result = deriveDecisionEntry({ line: LINE, kind, decisionId: id, amount: money(amountMinor, 'USD'), on: '2026-06-05', reason: kind }, ledger);
  return { ...result, ledger: result.entry === null ? ledger : appendLedgerEntries(ledger, [result.entry]).ledger };
}

const balanceOf = (ledger: LedgerEntry[]) => lineBalance(LINE, ledger, 'USD').balance;

describe('deriveDecisionEntry', () => {
  it('approves up to what is accrued and pays up to what is approved', () => {
    let ledger = dealEvent('closed_won', []);
    expect(decide(ledger, 'approval', 'a1', 100_001).problem).toBe('exceeds_unapproved');
    ledger = decide(ledger, 'approval', 'a1', 100_000).ledger;
    expect(decide(ledger, 'payment', 'p1', 100_001).problem).toBe('exceeds_unpaid');
    ledger = decide(ledger, 'payment', 'p1', 60_000).ledger;
    ledger = decide(ledger, 'payment', 'p2', 40_000).ledger;
    expect(balanceOf(ledger)).toEqual({ accrued: money(100_000, 'USD'), approved: money(100_000, 'USD'), paid: money(100_000, 'USD') });
    expect(decide(ledger, 'payment', 'p3', 1).problem).toBe('exceeds_unpaid');
  });

  it('refuses nothing-amounts and gives a recorded decision back unchanged', () => {
    let ledger = dealEvent('closed_won', []);
    expect(decide(ledger, 'approval', 'a1', 0).problem).toBe('amount_not_positive');
    const first = decide(ledger, 'approval', 'a1', 50_000);
    ledger = first.ledger;
    const again = decide(ledger, 'approval', 'a1', 50_000);
    expect(again.entry).toEqual(first.entry);
    expect(again.ledger).toEqual(ledger);
  });
});

describe('deriveApprovalRelease', () => {
  it('releases an unpaid approval when its accrual is clawed back', () => {
    let ledger = dealEvent('closed_won', []);
    ledger = decide(ledger, 'approval', 'a1', 100_000).ledger;
    ledger = dealEvent('reopened', ledger);
    expect(balanceOf(ledger)).toEqual({ accrued: money(0, 'USD'), approved: money(0, 'USD'), paid: money(0, 'USD') });
    expect(ledger.at(-1)).toMatchObject({ kind: 'approval', amount: money(-100_000, 'USD') });
  });

  it('never releases below what was already paid', () => {
    let ledger = dealEvent('closed_won', []);
    ledger = decide(ledger, 'approval', 'a1', 100_000).ledger;
    ledger = decide(ledger, 'payment', 'p1', 30_000).ledger;
    ledger = dealEvent('closed_lost', ledger);
    expect(balanceOf(ledger)).toEqual({ accrued: money(0, 'USD'), approved: money(30_000, 'USD'), paid: money(30_000, 'USD') });
  });
});

describe('approval and payment properties', () => {
  const step = fc.oneof(
    fc.record({ op: fc.constantFrom('closed_won', 'reopened', 'closed_lost') as fc.Arbitrary<DealEvent['type']> }),
    fc.record({ op: fc.constantFrom('approval', 'payment') as fc.Arbitrary<'approval' | 'payment'>, id: fc.constantFrom('x', 'y', 'z', 'w'), amount: fc.integer({ min: -10, max: 120_000 }) }),
  );

  it('keeps paid ≤ approved ≤ accrued (or ≤ paid after a clawback of paid money), and balances equal sums of rows', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let ledger: LedgerEntry[] = [];
        let paidBeforeClawback = false;
        for (const item of steps) {
          if ('id' in item) {
            ledger = decide(ledger, item.op, `${item.op}-${item.id}`, item.amount).ledger;
          } else {
            const before = balanceOf(ledger);
            ledger = dealEvent(item.op, ledger);
            if (item.op !== 'closed_won' && before.paid.amountMinor > 0) paidBeforeClawback = true;
          }
          const { accrued, approved, paid } = balanceOf(ledger);
          expect(accrued.amountMinor).toBeGreaterThanOrEqual(0);
          expect(paid.amountMinor).toBeLessThanOrEqual(approved.amountMinor);
          expect(approved.amountMinor).toBeLessThanOrEqual(Math.max(accrued.amountMinor, paid.amountMinor));
          if (!paidBeforeClawback) expect(approved.amountMinor).toBeLessThanOrEqual(accrued.amountMinor);
        }
        const totals = ledgerBalance(ledger, 'USD');
        expect(totals.accrued.amountMinor + totals.approved.amountMinor + totals.paid.amountMinor).toBe(ledger.reduce((sum, entry) => sum + entry.amount.amountMinor, 0));
        expect(new Set(ledger.map((entry) => entry.key)).size).toBe(ledger.length);
      }),
    );
  });
});
