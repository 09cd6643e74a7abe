import { addDays } from '../calendar-date.js';
import { quarterContaining } from './quarter-containing.js';
import type { Quarter } from './types.js';

/** The quarter after `quarter`, in the same fiscal calendar. */
export function nextQuarter(quarter: Quarter, fiscalYearStartMonth: number): Quarter {
  return quarterContaining(addDays(quarter.lastDay, 1), fiscalYearStartMonth);
}
