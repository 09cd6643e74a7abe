import type { Program } from '../program/program-schema.js';
import { dayNumberOf } from './calendar-date.js';
import type { CalendarDate } from './types.js';

/**
 * True when the last enablement activity is fewer than `activityWindowDays` days before `asOf`.
 * The same day counts (0 days before). A date after `asOf` counts too: HubSpot stores dates at
 * midnight UTC, so an activity logged "today" in one zone is often "tomorrow" seen from a zone
 * behind it, and penalising the partner for that would be wrong. No date, or not a date, is no activity.
 */
export function hasRecentActivity(lastActivity: CalendarDate | null, asOf: CalendarDate, program: Program): boolean {
  if (lastActivity === null) return false;
  const daysBefore = dayNumberOf(asOf) - dayNumberOf(lastActivity);
  if (Number.isNaN(daysBefore)) return false;
  return daysBefore < program.activityWindowDays;
}
