import { addDays } from '../calendar-date.js';
import type { MdfSettings } from '../../program/incentive-settings.js';
import { addMoney } from '../money/add-money.js';
import { minMoney } from '../money/min-money.js';
import { money, type Money } from '../money/money.js';
import { multiplyMoney } from '../money/multiply-money.js';
import type { Ratio } from '../money/ratio.js';
import type { CalendarDate } from '../types.js';
import type { MdfBalance } from './mdf-balance.js';

export type MdfClaimProblem = 'activity_not_ended' | 'claim_expired' | 'proof_missing' | 'results_missing' | 'cost_negative';

export interface MdfClaim {
  actualCost: Money;
  results: string;
  /** Link to the proof (invoice, photos, campaign report); http or https. */
  proofUrl: string | null;
  claimedOn: CalendarDate;
}

function isWebLink(value: string | null): boolean {
  if (value === null) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Checks an MDF claim against its approved request (docs/incentives.md, "MDF") and says what it
 * reimburses: min(approved amount, actual cost × share, allocation left), where the allocation left
 * counts this request's own approval as still available to it. Claims are due between the
 * activity's end and `claimWindowDays` after it; later, the approval has expired.
 */
export function validateMdfClaim(input: {
  claim: MdfClaim;
  approved: { amount: Money; activityEnd: CalendarDate };
  share: Ratio;
  balance: MdfBalance;
  settings: MdfSettings;
}): { problems: MdfClaimProblem[]; reimbursement: Money; claimDueBy: CalendarDate } {
  const { claim, approved, settings } = input;
  const claimDueBy = addDays(approved.activityEnd, settings.claimWindowDays);
  const problems: MdfClaimProblem[] = [];
  if (claim.claimedOn < approved.activityEnd) problems.push('activity_not_ended');
  if (claim.claimedOn > claimDueBy) problems.push('claim_expired');
  if (settings.proofRequired && !isWebLink(claim.proofUrl)) problems.push('proof_missing');
  if (claim.results.trim() === '') problems.push('results_missing');
  if (claim.actualCost.amountMinor < 0) problems.push('cost_negative');

  const zero = money(0, approved.amount.currency);
  if (problems.length > 0) return { problems, reimbursement: zero, claimDueBy };
  const allocationLeft = addMoney(input.balance.available, approved.amount);
  const reimbursement = minMoney(approved.amount, multiplyMoney(claim.actualCost, input.share), allocationLeft);
  return { problems, reimbursement: reimbursement.amountMinor < 0 ? zero : reimbursement, claimDueBy };
}
