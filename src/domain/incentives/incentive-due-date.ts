import { addBusinessDays } from '../add-business-days.js';
import type { IncentivesSettings } from '../../program/incentive-settings.js';
import type { CalendarDate } from '../types.js';

/** Which clock runs: a claim waits for its verification, an approval for its payment. */
export type IncentiveDeadline = 'verification' | 'payment';

/**
 * The last day of an incentive deadline (docs/incentives.md, "Deadlines"): `verificationBusinessDays`
 * after the claim, `paymentBusinessDays` after the approval, counting Monday to Friday less the
 * program's holidays; the starting day does not count.
 */
export function incentiveDueDate(deadline: IncentiveDeadline, from: CalendarDate, settings: Pick<IncentivesSettings, 'verificationBusinessDays' | 'paymentBusinessDays' | 'holidays'>): CalendarDate {
  const days = deadline === 'verification' ? settings.verificationBusinessDays : settings.paymentBusinessDays;
  return addBusinessDays(from, days, settings.holidays);
}
