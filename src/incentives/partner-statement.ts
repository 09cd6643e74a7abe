import { mdfAllocation } from '../domain/incentives/mdf-allocation.js';
import type { LedgerBalance } from '../domain/incentives/types.js';
import type { Quarter } from '../domain/governance/types.js';
import { money, type Money } from '../domain/money/money.js';
import type { MdfSettings } from '../program/incentive-settings.js';
import type { TierOrNone } from '../program/program-schema.js';
import type { LedgerBalances, LedgerStatementSums } from './ledger-store.js';

/** A partner's quarterly statement (docs/incentives.md, "Statements"): every amount in the portal's currency. */
export interface PartnerStatement {
  partnerId: string;
  quarter: Quarter;
  currency: string;
  /** SPIFFs, rebates and bonuses (MDF apart). */
  incentives: { quarter: LedgerBalance; yearToDate: LedgerBalance; toDate: LedgerBalance };
  /** Accrued in the quarter by bucket. */
  accruedInQuarter: { spiff: Money; rebate: Money; bonus: Money };
  /** The program year's MDF to the quarter's end, by the partner's official tier. */
  mdf: { tier: TierOrNone; allocation: Money; approved: Money; paid: Money; available: Money };
}

function withoutMdf(balances: LedgerBalances, currency: string): LedgerBalance {
  const { spiff, rebate, bonus } = balances.byBucket;
  const sum = (column: keyof LedgerBalance) => money(spiff[column].amountMinor + rebate[column].amountMinor + bonus[column].amountMinor, currency);
  return { accrued: sum('accrued'), approved: sum('approved'), paid: sum('paid') };
}

/**
 * The statement from the ledger's sums and the partner's official tier: incentives in the quarter,
 * the program year and to date; MDF for the program year (allocation − approved is available).
 */
export function buildPartnerStatement(input: {
  partnerId: string;
  quarter: Quarter;
  currency: string;
  sums: LedgerStatementSums;
  tier: TierOrNone;
  mdf: MdfSettings;
}): PartnerStatement {
  const { sums, currency } = input;
  const allocation = mdfAllocation(input.tier, input.mdf, currency)?.amount ?? money(0, currency);
  const mdfYear = sums.yearToDate.byBucket.mdf;
  return {
    partnerId: input.partnerId,
    quarter: input.quarter,
    currency,
    incentives: {
      quarter: withoutMdf(sums.quarter, currency),
      yearToDate: withoutMdf(sums.yearToDate, currency),
      toDate: withoutMdf(sums.toDate, currency),
    },
    accruedInQuarter: {
      spiff: sums.quarter.byBucket.spiff.accrued,
      rebate: sums.quarter.byBucket.rebate.accrued,
      bonus: sums.quarter.byBucket.bonus.accrued,
    },
    mdf: {
      tier: input.tier,
      allocation,
      approved: mdfYear.approved,
      paid: mdfYear.paid,
      available: money(allocation.amountMinor - mdfYear.approved.amountMinor, currency),
    },
  };
}
