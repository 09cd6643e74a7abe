import { describe, expect, it } from 'vitest';
import { programYear } from '../../../../src/domain/incentives/program-year.js';

describe('the MDF program year (docs/incentives.md, "MDF")', () => {
  it('is the calendar year when the fiscal year starts in January', () => {
    expect(programYear('2026-05-10', 1)).toEqual({ fiscalYear: 2026, firstDay: '2026-01-01', lastDay: '2026-12-31' });
  });

  it('is the fiscal year, named after the calendar year it ends in, when it starts later', () => {
    expect(programYear('2026-06-30', 7)).toEqual({ fiscalYear: 2026, firstDay: '2025-07-01', lastDay: '2026-06-30' });
    expect(programYear('2026-07-01', 7)).toEqual({ fiscalYear: 2027, firstDay: '2026-07-01', lastDay: '2027-06-30' });
    expect(programYear('2027-01-15', 7)).toEqual({ fiscalYear: 2027, firstDay: '2026-07-01', lastDay: '2027-06-30' });
    expect(programYear('2028-02-29', 3)).toEqual({ fiscalYear: 2028, firstDay: '2027-03-01', lastDay: '2028-02-29' });
    expect(programYear('2028-03-01', 3)).toEqual({ fiscalYear: 2029, firstDay: '2028-03-01', lastDay: '2029-02-28' });
  });
});
