import { money } from '../money/money.js';
import type { CalendarDate } from '../types.js';
import { lineBalance } from './line-balance.js';
import type { LedgerEntry, LedgerLine } from './types.js';

/**
 * After a clawback, the negative approval that brings a line's approved amount back down to what
 * is still accrued — never below what was already paid, which a release cannot undo
 * (docs/incentives.md, "Approvals and payments"). Nothing when approved is already within bounds,
 * so deriving it again after it is recorded adds nothing.
 */
export function deriveApprovalRelease(line: LedgerLine, on: CalendarDate, ledger: readonly LedgerEntry[], currency: string): LedgerEntry[] {
  const { prefix, balance, entries } = lineBalance(line, ledger, currency);
  const floor = Math.max(balance.accrued.amountMinor, balance.paid.amountMinor);
  const excess = balance.approved.amountMinor - floor;
  if (excess <= 0) return [];
  const releases = entries.filter((entry) => entry.key.startsWith(`${prefix}:release:`)).length;
  return [{
    ...line,
    key: `${prefix}:release:${releases}`,
    kind: 'approval',
    amount: money(-excess, currency),
    reason: 'approval released: the accrual was clawed back',
    occurredOn: on,
    reverses: null,
  }];
}
