import { addDays, daysBetween } from '../calendar-date.js';
import { multiplyMoney } from '../money/multiply-money.js';
import { percentRatio } from '../money/ratio.js';
import type { IncentivesSettings } from '../../program/incentive-settings.js';
import { settingsAmount } from './settings-amount.js';
import type { EarnedSpiff, SpiffKind, WonDeal } from './types.js';

/**
 * The SPIFFs a partner-sourced closed-won deal earns (docs/incentives.md, "SPIFFs"). Kinds add
 * up: a first win that is also a new logo earns both.
 */
export function earnSpiffs(deal: WonDeal, settings: IncentivesSettings): EarnedSpiff[] {
  const { spiffs } = settings;
  const currency = deal.amount.currency;
  const claimBy = addDays(deal.closedOn, settings.claimWindowDays);
  const earned: EarnedSpiff[] = [];
  const earn = (kind: SpiffKind, amount: EarnedSpiff['amount']): void => {
    earned.push({ kind, amount, claimBy });
  };

  if (deal.newLogo && deal.registeredOn !== null) {
    const days = daysBetween(deal.registeredOn, deal.closedOn);
    if (days >= 0 && days <= spiffs.newLogo.withinDaysOfRegistration) earn('new_logo', settingsAmount(spiffs.newLogo.amount, currency));
  }
  const strategic = new Set(settings.strategicProducts);
  if (deal.productIds.some((id) => strategic.has(id)) || (deal.productLine !== null && strategic.has(deal.productLine))) {
    earn('strategic_product', settingsAmount(spiffs.strategicProduct.amount, currency));
  }
  if (deal.firstWinForPartner) earn('first_win', settingsAmount(spiffs.firstWin.amount, currency));
  if (deal.amount.amountMinor > settingsAmount(spiffs.largeDeal.over, currency).amountMinor) {
    earn('large_deal', multiplyMoney(deal.amount, percentRatio(spiffs.largeDeal.percent)));
  }
  return earned;
}
