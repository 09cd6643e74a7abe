import { describe, expect, it } from 'vitest';
import { nextTierReview } from '../../../../src/domain/governance/next-tier-review.js';
import { DEFAULT_GOVERNANCE } from '../../../../src/program/default-governance.js';

const CADENCE = DEFAULT_GOVERNANCE.reviewCadence;

describe('nextTierReview', () => {
  it('Silver quarterly, Gold monthly, Platinum weekly after the last review', () => {
    expect(nextTierReview('silver', CADENCE, '2027-01-10', '2027-01-20')).toBe('2027-04-10');
    expect(nextTierReview('gold', CADENCE, '2027-01-10', '2027-01-20')).toBe('2027-02-10');
    expect(nextTierReview('platinum', CADENCE, '2027-01-10', '2027-01-12')).toBe('2027-01-17');
  });

  it('counts from today when there has been no review', () => {
    expect(nextTierReview('gold', CADENCE, null, '2027-03-05')).toBe('2027-04-05');
  });

  it('an overdue review is due today', () => {
    expect(nextTierReview('platinum', CADENCE, '2027-01-01', '2027-03-01')).toBe('2027-03-01');
  });

  it('a month after 31 January is the end of February, 29th in a leap year', () => {
    expect(nextTierReview('gold', CADENCE, '2027-01-31', '2027-01-31')).toBe('2027-02-28');
    expect(nextTierReview('gold', CADENCE, '2028-01-31', '2028-01-31')).toBe('2028-02-29');
  });

  it('has no review for Registered by default, nor for a partner without a tier', () => {
    expect(nextTierReview('bronze', CADENCE, null, '2027-03-05')).toBeNull();
    expect(nextTierReview('none', CADENCE, null, '2027-03-05')).toBeNull();
  });

  it('refuses a date that is not one', () => {
    expect(() => nextTierReview('gold', CADENCE, '2027-02-30', '2027-03-05')).toThrow(/"2027-02-30" is not a YYYY-MM-DD date/);
  });
});
