import type { Money } from '../money/money.js';
import { subtractMoney } from '../money/subtract-money.js';
import { ledgerBalance } from './ledger-balance.js';
import type { LedgerEntry } from './types.js';

/** A partner's MDF position for one program year. */
export interface MdfBalance {
  allocation: Money;
  /** Approved requests, net of what was released when a claim paid less than approved. */
  approved: Money;
  paid: Money;
  /** Allocation not yet committed to an approved request; negative if the allocation shrank. */
  available: Money;
}

/**
 * The MDF balance from the year's allocation and the partner's MDF ledger entries for that year
 * (docs/incentives.md, "MDF"): approvals commit allocation, payments settle it.
 */
export function mdfBalance(allocation: Money, entries: readonly LedgerEntry[]): MdfBalance {
  const sums = ledgerBalance(entries.filter((entry) => entry.bucket === 'mdf'), allocation.currency);
  return {
    allocation,
    approved: sums.approved,
    paid: sums.paid,
    available: subtractMoney(allocation, sums.approved),
  };
}
