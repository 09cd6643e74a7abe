import type { GovernanceSettings } from '../../program/governance-settings.js';
import type { TierOrNone } from '../../program/program-schema.js';
import type { CalendarDate } from '../types.js';
import { nextTierReview } from './next-tier-review.js';

/** What the daily review run does for one partner. */
export type TierReviewPlan =
  /** Nothing: no review is due and the date it holds is right. */
  | { kind: 'none' }
  /** Only (re)write `pe_next_tier_review`: a first date, or null to clear it for a tier without reviews. */
  | { kind: 'schedule'; nextReviewOn: CalendarDate | null }
  /** The review of `reviewOn` is due: a task for the owner, then the next date. */
  | { kind: 'review'; reviewOn: CalendarDate; nextReviewOn: CalendarDate };

/**
 * The review cadence for one partner on `today` (docs/governance.md, "Review cadence"): a tier
 * without reviews has no date; a partner without a date gets its first, one cadence step away; a
 * date on or before today is a review due now, and the next is one step after today (the day the
 * task is given), so an overdue review is given once, not once per missed step. A date more than
 * one step away (left by a tier with a longer cadence) is brought back to one step after today.
 */
export function planTierReview(
  tier: TierOrNone,
  cadences: GovernanceSettings['reviewCadence'],
  nextReviewOn: CalendarDate | null,
  today: CalendarDate,
): TierReviewPlan {
  const first = nextTierReview(tier, cadences, null, today);
  if (first === null) return nextReviewOn === null ? { kind: 'none' } : { kind: 'schedule', nextReviewOn: null };
  if (nextReviewOn === null) return { kind: 'schedule', nextReviewOn: first };
  // Further away than one step of the tier's cadence: the tier moved to a shorter cadence and the
  // replan its change asked for never ran (instant mode, or lost with Redis).
  if (nextReviewOn > first) return { kind: 'schedule', nextReviewOn: first };
  if (nextReviewOn > today) return { kind: 'none' };
  return { kind: 'review', reviewOn: nextReviewOn, nextReviewOn: nextTierReview(tier, cadences, today, today)! };
}
