import { addDays } from '../calendar-date.js';
import type { MdfSettings } from '../../program/incentive-settings.js';
import type { Money } from '../money/money.js';
import type { CalendarDate } from '../types.js';
import type { MdfBalance } from './mdf-balance.js';

export type MdfRequestProblem =
  | 'no_mdf_for_tier'
  | 'activity_not_eligible'
  | 'not_before_activity'
  | 'ends_before_start'
  | 'amount_not_positive'
  | 'exceeds_available';

export interface MdfRequest {
  activity: string;
  amount: Money;
  activityStart: CalendarDate;
  activityEnd: CalendarDate;
}

/**
 * Checks an MDF request, at submission or at approval (`on`): the tier has MDF, the activity is
 * eligible, the decision comes before the activity starts, and the amount fits what is available.
 * Gives every problem found (empty when the request may be approved) and the claim deadline.
 */
export function validateMdfRequest(input: {
  request: MdfRequest;
  on: CalendarDate;
  /** Null when the partner's tier has no MDF. */
  balance: MdfBalance | null;
  settings: MdfSettings;
}): { problems: MdfRequestProblem[]; claimDueBy: CalendarDate } {
  const { request, balance, settings } = input;
  const problems: MdfRequestProblem[] = [];
  if (balance === null) problems.push('no_mdf_for_tier');
  if (!settings.activities.includes(request.activity)) problems.push('activity_not_eligible');
  if (input.on >= request.activityStart) problems.push('not_before_activity');
  if (request.activityEnd < request.activityStart) problems.push('ends_before_start');
  if (request.amount.amountMinor <= 0) problems.push('amount_not_positive');
  else if (balance !== null && request.amount.amountMinor > balance.available.amountMinor) problems.push('exceeds_available');
  return { problems, claimDueBy: addDays(request.activityEnd, settings.claimWindowDays) };
}
