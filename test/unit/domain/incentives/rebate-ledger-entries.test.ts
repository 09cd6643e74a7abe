import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLedgerEntries } from '../../../../src/domain/incentives/append-ledger-entries.js';
import { computeQuarterlyRebate } from '../../../../src/domain/incentives/compute-quarterly-rebate.js';
import { deriveRebateLedgerEntries } from '../../../../src/domain/incentives/derive-rebate-ledger-entries.js';
import { ledgerBalance } from '../../../../src/domain/incentives/ledger-balance.js';
import type { LedgerEntry, QuarterlyRebate } from '../../../../src/domain/incentives/types.js';
import { money } from '../../../../src/domain/money/money.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';

function rebateOn(revenueMinor: number): QuarterlyRebate {
  return computeQuarterlyRebate({
    deals: [{ amount: money(revenueMinor, 'USD'), won: true, closedOn: '2026-05-01' }],
    quarter: { start: '2026-04-01', end: '2026-06-30' },
    settings: DEFAULT_PROGRAM.incentives,
    currency: 'USD',
  });
}

function run(ledger: LedgerEntry[], revenueMinor: number, partnerId = 'p1'): LedgerEntry[] {
  const entries = deriveRebateLedgerEntries({ partnerId, quarter: '2026Q2', rebate: rebateOn(revenueMinor), occurredOn: '2026-07-01' }, ledger);
  return appendLedgerEntries(ledger, entries).ledger;
}

describe('deriveRebateLedgerEntries', () => {
  it('accrues the quarter rebate once, keyed by partner and quarter', () => {
    const ledger = run([], 30_000_000); // 300,000.00 → 3.5% = 10,500.00
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      key: 'rebate:p1:2026Q2:0', kind: 'accrual', bucket: 'rebate', amount: money(1_050_000, 'USD'), source: { type: 'quarter', id: '2026Q2' },
    });
    expect(ledger[0]?.reason).toContain('payable 2026-07-30');
  });

  it('changes nothing when the quarter is run again', () => {
    const ledger = run([], 30_000_000);
    expect(run(ledger, 30_000_000)).toEqual(ledger);
  });

  it('records only the difference when late changes move the amount, up or down', () => {
    let ledger = run([], 30_000_000);
    ledger = run(ledger, 20_000_000); // 200,000 → 2% = 4,000.00: a clawback of 6,500.00
    expect(ledger[1]).toMatchObject({ key: 'rebate:p1:2026Q2:1', kind: 'clawback', amount: money(-650_000, 'USD') });
    expect(ledgerBalance(ledger, 'USD').accrued).toEqual(money(400_000, 'USD'));
  });

  it('accrues nothing for a quarter below the first bracket', () => {
    expect(run([], 9_999_999)).toEqual([]);
  });

  it('leaves the ledger equal to the latest computation after any sequence of re-runs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400_000_000 }), { minLength: 1, maxLength: 10 }), (revenues) => {
        let ledger: LedgerEntry[] = [];
        for (const revenue of revenues) ledger = run(ledger, revenue);
        const last = revenues.at(-1) ?? 0;
        expect(ledgerBalance(ledger, 'USD').accrued).toEqual(rebateOn(last).amount);
        expect(run(ledger, last)).toEqual(ledger);
      }),
    );
  });
});
