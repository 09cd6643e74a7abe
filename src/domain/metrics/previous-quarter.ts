import { addDays } from '../calendar-date.js';
import { quarterContaining } from '../governance/quarter-containing.js';
import type { Quarter } from '../governance/types.js';

/** The quarter before `quarter`, in the same fiscal calendar. */
export function previousQuarter(quarter: Quarter, fiscalYearStartMonth: number): Quarter {
  return quarterContaining(addDays(quarter.firstDay, -1), fiscalYearStartMonth);
}
