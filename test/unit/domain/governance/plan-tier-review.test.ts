import { describe, expect, it } from 'vitest';
import { composeReviewTask } from '../../../../src/domain/governance/compose-review-task.js';
import { planTierReview } from '../../../../src/domain/governance/plan-tier-review.js';
import { DEFAULT_GOVERNANCE } from '../../../../src/program/default-governance.js';

const CADENCE = DEFAULT_GOVERNANCE.reviewCadence;

describe('planTierReview', () => {
  it('gives a partner without a date its first review, one cadence step away', () => {
    expect(planTierReview('gold', CADENCE, null, '2027-01-15')).toEqual({ kind: 'schedule', nextReviewOn: '2027-02-15' });
    expect(planTierReview('silver', CADENCE, null, '2027-01-15')).toEqual({ kind: 'schedule', nextReviewOn: '2027-04-15' });
  });

  it('does nothing before the review day', () => {
    expect(planTierReview('platinum', CADENCE, '2027-01-16', '2027-01-15')).toEqual({ kind: 'none' });
  });

  it('gives the review on its day and moves the next one a cadence step on', () => {
    expect(planTierReview('platinum', CADENCE, '2027-01-15', '2027-01-15')).toEqual({ kind: 'review', reviewOn: '2027-01-15', nextReviewOn: '2027-01-22' });
  });

  it('gives an overdue review once, counting the next step from today', () => {
    expect(planTierReview('platinum', CADENCE, '2026-11-02', '2027-01-15')).toEqual({ kind: 'review', reviewOn: '2026-11-02', nextReviewOn: '2027-01-22' });
  });

  it('brings a date left by a longer cadence back to one step of the tier\'s own', () => {
    // Silver (quarterly) planned 2027-04-10; the partner is Gold (monthly) now.
    expect(planTierReview('gold', CADENCE, '2027-04-10', '2027-01-15')).toEqual({ kind: 'schedule', nextReviewOn: '2027-02-15' });
    // A date within one step stays, whichever cadence set it.
    expect(planTierReview('silver', CADENCE, '2027-01-22', '2027-01-15')).toEqual({ kind: 'none' });
  });

  it('clears the date of a tier without reviews (`none`), and leaves a partner without one alone', () => {
    expect(planTierReview('bronze', CADENCE, '2027-01-15', '2027-01-15')).toEqual({ kind: 'schedule', nextReviewOn: null });
    expect(planTierReview('bronze', CADENCE, null, '2027-01-15')).toEqual({ kind: 'none' });
    expect(planTierReview('gold', { ...CADENCE, gold: 'none' }, null, '2027-01-15')).toEqual({ kind: 'none' });
  });
});

describe('composeReviewTask', () => {
  it('carries the performance summary and the gaps, one line each', () => {
    const task = composeReviewTask(
      {
        companyName: 'Acme Resellers',
        tierName: 'Gold',
        qualifiedTierName: 'Silver',
        cadence: 'monthly',
        revenue12m: '880,000',
        newLogos12m: '3',
        openPipeline: '240,000',
        health: '72 (at risk)',
        gaps: 'Revenue: 120,000.00 missing for Gold\nComplete the Technical track (2 modules left)',
      },
      '2027-02-15',
      'tier-review/301/2027-02-15',
    );

    expect(task.subject).toBe('Tier review: Acme Resellers (Gold)');
    expect(task.body.split('\n')).toEqual([
      'Monthly tier review of Acme Resellers, due 2027-02-15.',
      'Tier: Gold',
      'Qualified tier now: Silver',
      'Revenue, last 12 months: 880,000',
      'New logos, last 12 months: 3',
      'Open pipeline: 240,000',
      'Health: 72 (at risk)',
      'Gaps:',
      'Revenue: 120,000.00 missing for Gold',
      'Complete the Technical track (2 modules left)',
      'Reference: tier-review/301/2027-02-15',
    ]);
  });

  it('says which figures are not known yet', () => {
    const task = composeReviewTask(
      { companyName: null, tierName: 'Silver', qualifiedTierName: null, cadence: 'quarterly', revenue12m: null, newLogos12m: null, openPipeline: null, health: null, gaps: null },
      '2027-04-01',
      'tier-review/302/2027-04-01',
    );
    expect(task.body).toContain('Revenue, last 12 months: not known yet');
    expect(task.body).toContain('Health: not known yet');
    expect(task.body).toContain('Gaps: none');
  });
});
