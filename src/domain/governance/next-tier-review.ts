import { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import type { GovernanceSettings } from '../../program/governance-settings.js';
import type { TierOrNone } from '../../program/program-schema.js';
import type { CalendarDate } from '../types.js';

const STEP = { weekly: { weeks: 1 }, monthly: { months: 1 }, quarterly: { months: 3 } } as const;

/**
 * The day of the partner's next review (`pe_next_tier_review`) by its tier's cadence
 * (docs/governance.md, "Settings"): one cadence step after the last review, or after `asOf` when
 * there has been none; never before `asOf` (an overdue review is due today). A month later than
 * 31 January is 28 or 29 February. Null for a tier without reviews.
 */
export function nextTierReview(
  tier: TierOrNone,
  cadences: GovernanceSettings['reviewCadence'],
  lastReviewOn: CalendarDate | null,
  asOf: CalendarDate,
): CalendarDate | null {
  if (tier === 'none') return null;
  const cadence = cadences[tier];
  if (cadence === 'none') return null;
  const today = DateTime.fromISO(asOf, { zone: 'utc' });
  const from = lastReviewOn === null ? today : DateTime.fromISO(lastReviewOn, { zone: 'utc' });
  if (!today.isValid || !from.isValid) throw new AppError('INVALID_INPUT', `"${from.isValid ? asOf : lastReviewOn}" is not a YYYY-MM-DD date`);
  const next = from.plus(STEP[cadence]);
  return (next < today ? today : next).toISODate()!;
}
