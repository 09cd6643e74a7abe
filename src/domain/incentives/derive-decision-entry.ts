import { money, type Money } from '../money/money.js';
import type { CalendarDate } from '../types.js';
import { lineBalance } from './line-balance.js';
import type { LedgerEntry, LedgerLine } from './types.js';

export type DecisionProblem = 'amount_not_positive' | 'exceeds_unapproved' | 'exceeds_unpaid';

/**
 * The entry for a person's decision on a ledger line (docs/incentives.md, "Approvals and
 * payments"): an approval can cover at most what is accrued and not yet approved; a payment at most
 * what is approved and not yet paid. Keyed by the line and the decision's id, so the same decision
 * derived again gives the recorded entry back and records nothing new.
 */
export function deriveDecisionEntry(
  input: { line: LedgerLine; kind: 'approval' | 'payment'; decisionId: string; amount: Money; on: CalendarDate; reason: string },
  ledger: readonly LedgerEntry[],
): { entry: LedgerEntry | null; problem: DecisionProblem | null } {
  const { prefix, balance } = lineBalance(input.line, ledger, input.amount.currency);
  const key = `${prefix}:${input.kind}:${input.decisionId}`;
  const recorded = ledger.find((entry) => entry.key === key);
  if (recorded !== undefined) return { entry: recorded, problem: null };
  if (input.amount.amountMinor <= 0) return { entry: null, problem: 'amount_not_positive' };
  const room = input.kind === 'approval'
    ? balance.accrued.amountMinor - balance.approved.amountMinor
    : balance.approved.amountMinor - balance.paid.amountMinor;
  if (input.amount.amountMinor > room) return { entry: null, problem: input.kind === 'approval' ? 'exceeds_unapproved' : 'exceeds_unpaid' };
  return {
    entry: {
      ...input.line,
      key,
      kind: input.kind,
      amount: money(input.amount.amountMinor, input.amount.currency),
      reason: input.reason,
      occurredOn: input.on,
      reverses: null,
    },
    problem: null,
  };
}
