import { addDays, addYears } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';

/**
 * The trailing 12 months up to and including `asOf`: from the day after the same date a year
 * earlier. On 29 February 2028 that is 1 March 2027 to 29 February 2028 (a year before a leap day
 * is 28 February).
 */
export function trailingTwelveMonths(asOf: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  return { from: addDays(addYears(asOf, -1), 1), to: asOf };
}
