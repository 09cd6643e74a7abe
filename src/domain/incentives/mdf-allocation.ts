import type { MdfSettings } from '../../program/incentive-settings.js';
import type { TierOrNone } from '../../program/program-schema.js';
import type { Money } from '../money/money.js';
import type { Ratio } from '../money/ratio.js';
import { mdfShare } from './mdf-share.js';
import { settingsAmount } from './settings-amount.js';

/**
 * A partner's MDF for one program year by its official tier: the allocation and the share of cost
 * it reimburses. Null when the tier has no MDF (or the partner has no tier).
 */
export function mdfAllocation(tier: TierOrNone, settings: MdfSettings, currency: string): { amount: Money; share: Ratio } | null {
  if (tier === 'none') return null;
  const definition = settings.tiers[tier];
  if (definition === null) return null;
  return { amount: settingsAmount(definition.amount, currency), share: mdfShare(definition.match) };
}
