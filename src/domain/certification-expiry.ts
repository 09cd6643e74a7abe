import type { Program } from '../program/program-schema.js';
import { addYears, isCalendarDate } from './calendar-date.js';
import type { CalendarDate } from './types.js';

/**
 * The date a certification earned on `earnedOn` expires: `earnedOn + validityYears` calendar years
 * (2024-02-29 + 1 year = 2025-02-28). Null when the certification is not in the program or the
 * earned date is not a date: such a certification does not exist.
 */
export function certificationExpiry(certificationId: string, earnedOn: CalendarDate, program: Program): CalendarDate | null {
  const definition = program.certifications[certificationId];
  if (!definition || !isCalendarDate(earnedOn)) return null;
  return addYears(earnedOn, definition.validityYears);
}
