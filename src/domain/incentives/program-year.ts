import { parseQuarterLabel } from '../governance/parse-quarter-label.js';
import { quarterContaining } from '../governance/quarter-containing.js';
import type { CalendarDate } from '../types.js';

/** A program year: the fiscal year MDF is allocated for, named after the calendar year it ends in. */
export interface ProgramYear {
  fiscalYear: number;
  firstDay: CalendarDate;
  lastDay: CalendarDate;
}

/**
 * The program year a day falls in: the fiscal year starting in `fiscalYearStartMonth`
 * (docs/incentives.md, "MDF"). One rule for the partner page, the MDF request checks, the
 * statement and the company outputs, so that "available this year" means the same everywhere.
 */
export function programYear(day: CalendarDate, fiscalYearStartMonth: number): ProgramYear {
  const { fiscalYear } = quarterContaining(day, fiscalYearStartMonth);
  return {
    fiscalYear,
    firstDay: parseQuarterLabel(`${fiscalYear}Q1`, fiscalYearStartMonth).firstDay,
    lastDay: parseQuarterLabel(`${fiscalYear}Q4`, fiscalYearStartMonth).lastDay,
  };
}
