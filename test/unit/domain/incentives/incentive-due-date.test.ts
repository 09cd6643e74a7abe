import { describe, expect, it } from 'vitest';
import { incentiveDueDate } from '../../../../src/domain/incentives/incentive-due-date.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';

const settings = DEFAULT_PROGRAM.incentives;

describe('incentive deadlines', () => {
  it('verifies a claim of Wednesday 23 December 2026 by Tuesday 5 January 2027 with the year-end holidays', () => {
    expect(incentiveDueDate('verification', '2026-12-23', { ...settings, holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'] })).toBe('2027-01-05');
  });

  it('verifies it by Wednesday 30 December without holidays', () => {
    expect(incentiveDueDate('verification', '2026-12-23', { ...settings, holidays: [] })).toBe('2026-12-30');
  });

  it('pays an approval of Monday 4 May 2026 within 15 business days: Monday 25 May', () => {
    expect(incentiveDueDate('payment', '2026-05-04', { ...settings, holidays: [] })).toBe('2026-05-25');
  });
});
