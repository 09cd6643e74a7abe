import { money } from '../money/money.js';
import type { CalendarDate } from '../types.js';
import type { LedgerEntry, QuarterlyRebate } from './types.js';

/**
 * The rebate entries a quarter's computation adds for a partner (docs/incentives.md, "Ledger"):
 * nothing when the ledger already holds that quarter's rebate, else one entry for the difference
 * (an accrual the first time; later, if late changes move the amount, an accrual or a clawback of
 * the difference). Keys are the partner, the quarter and the entry's ordinal, so running a quarter
 * twice adds nothing and the same run derived twice gives the same key.
 *
 * @param quarter the quarter's label, e.g. `2026Q2`.
 */
export function deriveRebateLedgerEntries(
  input: { partnerId: string; quarter: string; rebate: QuarterlyRebate; occurredOn: CalendarDate },
  ledger: readonly LedgerEntry[],
): LedgerEntry[] {
  const earlier = ledger.filter((entry) => entry.bucket === 'rebate' && entry.partnerId === input.partnerId
    && entry.source.type === 'quarter' && entry.source.id === input.quarter);
  const recorded = earlier.reduce((sum, entry) => sum + entry.amount.amountMinor, 0);
  const difference = input.rebate.amount.amountMinor - recorded;
  if (difference === 0) return [];
  const first = earlier.length === 0;
  return [{
    key: `rebate:${input.partnerId}:${input.quarter}:${earlier.length}`,
    partnerId: input.partnerId,
    kind: difference > 0 ? 'accrual' : 'clawback',
    bucket: 'rebate',
    rule: 'volume_rebate',
    amount: money(difference, input.rebate.amount.currency),
    source: { type: 'quarter', id: input.quarter },
    reason: first
      ? `Volume rebate ${input.quarter} (${input.rebate.method}, ${input.rebate.bracketPercent}%), payable ${input.rebate.payableOn}`
      : `Volume rebate ${input.quarter} recomputed, payable ${input.rebate.payableOn}`,
    occurredOn: input.occurredOn,
    reverses: null,
  }];
}
