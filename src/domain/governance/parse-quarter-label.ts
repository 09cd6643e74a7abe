import { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import { quarterContaining } from './quarter-containing.js';
import type { Quarter } from './types.js';

const LABEL = /^(\d{4})Q([1-4])$/;

/**
 * The quarter a `YYYYQn` label names (as `--quarter 2027Q1` spells it) in the fiscal calendar
 * starting in `fiscalYearStartMonth`.
 */
export function parseQuarterLabel(label: string, fiscalYearStartMonth: number): Quarter {
  const match = LABEL.exec(label.trim().toUpperCase());
  if (!match) throw new AppError('INVALID_INPUT', `"${label}" is not a quarter: write it as YYYYQn, e.g. 2027Q1`);
  const fiscalYear = Number(match[1]);
  const number = Number(match[2]);
  // The fiscal year is named after the calendar year it ends in, so unless it starts in January
  // it starts in the calendar year before.
  const yearStart = DateTime.utc(fiscalYearStartMonth === 1 ? fiscalYear : fiscalYear - 1, fiscalYearStartMonth, 1);
  return quarterContaining(yearStart.plus({ months: (number - 1) * 3 }).toISODate()!, fiscalYearStartMonth);
}
