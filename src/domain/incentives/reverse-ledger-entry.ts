import { negateMoney } from '../money/negate-money.js';
import type { CalendarDate } from '../types.js';
import type { LedgerEntry } from './types.js';

/**
 * A new entry that cancels `entry` exactly: the opposite amount, the same partner, bucket, rule and
 * source, and `reverses` naming it. Reversing an accrual is a clawback. The key derives from the
 * reversed entry's key, so reversing the same entry twice yields the same fact once.
 */
export function reverseLedgerEntry(entry: LedgerEntry, reversal: { reason: string; occurredOn: CalendarDate }): LedgerEntry {
  return {
    ...entry,
    key: `${entry.key}:reversal`,
    kind: entry.kind === 'accrual' ? 'clawback' : entry.kind === 'clawback' ? 'accrual' : entry.kind,
    amount: negateMoney(entry.amount),
    reason: reversal.reason,
    occurredOn: reversal.occurredOn,
    reverses: entry.key,
  };
}
