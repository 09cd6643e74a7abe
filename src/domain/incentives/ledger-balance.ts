import { money } from '../money/money.js';
import { sameCurrency } from '../money/same-currency.js';
import type { LedgerBalance, LedgerEntry } from './types.js';

const COLUMN = { accrual: 'accrued', clawback: 'accrued', approval: 'approved', payment: 'paid' } as const;

/**
 * The balance of a set of ledger entries: the sum of each column's amounts (accruals and
 * clawbacks → accrued; approvals → approved; payments → paid). Only addition is involved, so the
 * order of the entries never matters. Filter the entries first for one partner, bucket or period.
 */
export function ledgerBalance(entries: readonly LedgerEntry[], currency: string): LedgerBalance {
  const zero = money(0, currency);
  const totals = { accrued: 0, approved: 0, paid: 0 };
  for (const entry of entries) {
    sameCurrency(zero, entry.amount);
    totals[COLUMN[entry.kind]] += entry.amount.amountMinor;
  }
  return {
    accrued: money(totals.accrued, currency),
    approved: money(totals.approved, currency),
    paid: money(totals.paid, currency),
  };
}
