import { addDays } from '../calendar-date.js';
import { minMoney } from '../money/min-money.js';
import { money, type Money } from '../money/money.js';
import { multiplyMoney } from '../money/multiply-money.js';
import { percentRatio } from '../money/ratio.js';
import { sumMoney } from '../money/sum-money.js';
import type { IncentivesSettings } from '../../program/incentive-settings.js';
import { settingsAmount } from './settings-amount.js';
import type { QuarterDates, QuarterlyRebate, RebateDeal } from './types.js';

// Program percentages have at most 4 decimals, so every rate is an exact multiple of 1/1,000,000.
const RATE_SCALE = 1_000_000n;

function scaledRate(percent: number): bigint {
  const ratio = percentRatio(percent);
  return (ratio.numerator * RATE_SCALE) / ratio.denominator;
}

/**
 * The volume rebate a partner earns for one quarter (docs/incentives.md, "Quarterly rebate").
 * `slab` applies the reached bracket's rate to the whole revenue; `stepped` applies each bracket's
 * rate to the slice of revenue inside it. Either way the exact total is rounded once, half up.
 */
export function computeQuarterlyRebate(input: {
  deals: readonly RebateDeal[];
  quarter: QuarterDates;
  settings: IncentivesSettings;
  currency: string;
}): QuarterlyRebate {
  const { rebate } = input.settings;
  const counted = input.deals.filter((deal) => deal.won && deal.closedOn >= input.quarter.start && deal.closedOn <= input.quarter.end);
  const revenue = sumMoney(input.currency, counted.map((deal) => deal.amount));
  const starts = rebate.brackets.map((bracket) => settingsAmount(bracket.from, input.currency).amountMinor);

  // Brackets ascend, so the reached one is the last whose start the revenue meets.
  let reached: number | null = null;
  for (const [index, start] of starts.entries()) {
    if (revenue.amountMinor >= start) reached = index;
  }

  // Σ (minor units × rate scaled by 10^6); divided and rounded once below.
  let scaledTotal = 0n;
  if (reached !== null && rebate.method === 'slab') {
    scaledTotal = BigInt(revenue.amountMinor) * scaledRate(rebate.brackets[reached]?.percent ?? 0);
  } else if (reached !== null) {
    rebate.brackets.forEach((bracket, index) => {
      const start = starts[index] ?? 0;
      const end = Math.min(revenue.amountMinor, starts[index + 1] ?? Number.MAX_SAFE_INTEGER);
      if (end > start) scaledTotal += BigInt(end - start) * scaledRate(bracket.percent);
    });
  }
  const uncapped = multiplyMoney(money(1, input.currency), { numerator: scaledTotal, denominator: RATE_SCALE });
  const amount: Money = rebate.cap === null ? uncapped : minMoney(uncapped, settingsAmount(rebate.cap, input.currency));
  const bracket = reached === null ? undefined : rebate.brackets[reached];

  return {
    method: rebate.method,
    revenue,
    bracket: reached,
    bracketPercent: bracket?.percent ?? 0,
    amount,
    capped: amount.amountMinor < uncapped.amountMinor,
    payableOn: addDays(input.quarter.end, rebate.payableAfterDays),
    setsFastTrack: bracket?.setsFastTrack ?? false,
  };
}
