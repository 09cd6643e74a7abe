import { AppError } from '../../errors.js';
import type { IncentivesSettings } from '../../program/incentive-settings.js';
import { money, type Money } from '../money/money.js';
import { multiplyMoney } from '../money/multiply-money.js';
import { percentRatio, type Ratio } from '../money/ratio.js';
import { settingsAmount } from './settings-amount.js';

/** A strategic bonus a partner asks for; a person approves it before anything accrues. */
export type StrategicBonusRequest =
  | { kind: 'cross_sell' | 'upsell'; incrementalRevenue: Money; contractYears: number }
  | { kind: 'reference' | 'community_contribution'; count: number; currency: string };

function plus(a: Ratio, b: Ratio, times: number): Ratio {
  return {
    numerator: a.numerator * b.denominator + BigInt(times) * b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  };
}

/**
 * The amount of a strategic bonus (docs/incentives.md, "Strategic bonuses"): cross-sell and
 * upsell pay their percentage of the incremental revenue plus the per-year percentage for each
 * contract year beyond the first, rounded once; references and community contributions pay a
 * fixed amount each.
 *
 * @throws AppError `INVALID_INPUT` for a contract shorter than one year, a negative count or
 *   negative revenue.
 */
export function computeStrategicBonus(request: StrategicBonusRequest, settings: IncentivesSettings): Money {
  const { bonuses } = settings;
  if ('count' in request) {
    if (!Number.isSafeInteger(request.count) || request.count < 0) throw new AppError('INVALID_INPUT', `a count must be a whole number ≥ 0, got ${request.count}`);
    const each = settingsAmount(request.kind === 'reference' ? bonuses.reference : bonuses.communityContribution, request.currency);
    return money(each.amountMinor * request.count, request.currency);
  }
  if (!Number.isSafeInteger(request.contractYears) || request.contractYears < 1) {
    throw new AppError('INVALID_INPUT', `a contract lasts at least one whole year, got ${request.contractYears}`);
  }
  if (request.incrementalRevenue.amountMinor < 0) throw new AppError('INVALID_INPUT', 'incremental revenue cannot be negative');
  const base = percentRatio(request.kind === 'cross_sell' ? bonuses.crossSellPercent : bonuses.upsellPercent);
  const rate = plus(base, percentRatio(bonuses.perExtraContractYearPercent), request.contractYears - 1);
  return multiplyMoney(request.incrementalRevenue, rate);
}
