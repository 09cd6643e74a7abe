import type { QuarterData } from './types.js';

/** Incentives accrued and paid outside MDF, and MDF paid, in minor units (docs/metrics.md "Incentives"). */
export function sumIncentives(data: QuarterData): { accrued: number; paid: number; mdfUsed: number } {
  const totals = { accrued: 0, paid: 0, mdfUsed: 0 };
  for (const sum of data.ledger) {
    if (sum.bucket === 'mdf') {
      if (sum.kind === 'payment') totals.mdfUsed += sum.amountMinor;
    } else if (sum.kind === 'accrual' || sum.kind === 'clawback') {
      totals.accrued += sum.amountMinor;
    } else if (sum.kind === 'payment') {
      totals.paid += sum.amountMinor;
    }
  }
  return totals;
}
