import { describe, expect, it } from 'vitest';
import { assessTrackProgress } from '../../../src/domain/assess-track-progress.js';
import { calculateReadinessScore, readinessScoreParts } from '../../../src/domain/calculate-readiness-score.js';
import { hasRecentActivity } from '../../../src/domain/has-recent-activity.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import type { PartnerSnapshot } from '../../../src/domain/types.js';
import { aPartner, aProgram } from '../../support/partner-factories.js';

function scoreOf(
  partner: PartnerSnapshot,
  { validCertifications = 0, recentActivity = false, program = DEFAULT_PROGRAM }: { validCertifications?: number; recentActivity?: boolean; program?: Program } = {},
): number {
  return calculateReadinessScore({ tracks: assessTrackProgress(partner, program), validCertifications, recentActivity }, program);
}

describe('track completion', () => {
  it('completes foundation from its flag and module tracks at their module count', () => {
    const tracks = assessTrackProgress(aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 9, advanced: 0 } }), DEFAULT_PROGRAM);
    expect(tracks.map((t) => [t.track, t.complete])).toEqual([
      ['foundation', true],
      ['sales', true],
      ['technical', false],
      ['advanced', false],
    ]);
  });

  it('counts a track with more modules completed than it has as complete', () => {
    const [, sales] = assessTrackProgress(aPartner({ modulesCompleted: { sales: 12, technical: 0, advanced: 0 } }), DEFAULT_PROGRAM);
    expect(sales).toEqual({ track: 'sales', completed: 12, total: 8, complete: true });
  });

  it('counts a track with 0 modules as complete', () => {
    const program = aProgram({ trainingTracks: { ...DEFAULT_PROGRAM.trainingTracks, advanced: { ...DEFAULT_PROGRAM.trainingTracks.advanced, modules: 0 } } });
    const advanced = assessTrackProgress(aPartner(), program).find((t) => t.track === 'advanced');
    expect(advanced?.complete).toBe(true);
  });

  it('reads negative or non-numeric module counts as 0', () => {
    const partner = aPartner({ modulesCompleted: { sales: -3, technical: Number.NaN, advanced: 2 } });
    expect(assessTrackProgress(partner, DEFAULT_PROGRAM).map((t) => t.completed)).toEqual([0, 0, 0, 2]);
  });
});

describe('readiness score', () => {
  it('is 0 for a partner that has done nothing', () => {
    expect(scoreOf(aPartner())).toBe(0);
  });

  it('is 100 with everything done', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 6 } });
    expect(scoreOf(partner, { validCertifications: 3, recentActivity: true })).toBe(100);
  });

  it('weighs each part as docs/rules.md says', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 2, technical: 5, advanced: 0 } });
    const parts = readinessScoreParts({ tracks: assessTrackProgress(partner, DEFAULT_PROGRAM), validCertifications: 1, recentActivity: true }, DEFAULT_PROGRAM);
    expect(parts.foundation).toBe(20);
    expect(parts.sales).toBe(6.25);
    expect(parts.technical).toBe(12.5);
    expect(parts.certifications).toBeCloseTo(20 / 3, 10);
    expect(parts.recentActivity).toBe(10);
  });

  it('rounds a sum ending in .5 up', () => {
    // 25 × 4/8 = 12.5
    expect(scoreOf(aPartner({ modulesCompleted: { sales: 4, technical: 0, advanced: 0 } }))).toBe(13);
  });

  it('rounds a .5 sum up even when floating error lands just below it', () => {
    // 0.3 + 2.3 + 0.9 is 3.5 exactly but 3.4999999999999996 in floating point.
    const program = aProgram({ scoreWeights: { foundation: 0.3, sales: 2.3, technical: 0.9, certifications: 0, recentActivity: 0 } });
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 0 } });
    expect(Math.round(0.3 + 2.3 + 0.9)).toBe(3); // the naive sum would round down
    expect(scoreOf(partner, { program })).toBe(4);
  });

  it('caps module tracks at their full weight when more modules are completed', () => {
    expect(scoreOf(aPartner({ modulesCompleted: { sales: 20, technical: 0, advanced: 0 } }))).toBe(25);
  });

  it('gives nothing for a track with 0 modules', () => {
    const program = aProgram({ trainingTracks: { ...DEFAULT_PROGRAM.trainingTracks, sales: { ...DEFAULT_PROGRAM.trainingTracks.sales, modules: 0 } } });
    expect(scoreOf(aPartner({ modulesCompleted: { sales: 5, technical: 0, advanced: 0 } }), { program })).toBe(0);
  });

  it('caps certifications at the program number for the full weight', () => {
    expect(scoreOf(aPartner(), { validCertifications: 7 })).toBe(20);
    expect(scoreOf(aPartner(), { validCertifications: 2 })).toBe(13);
  });

  it('gives the full certification weight at 2 certifications when the program says 2', () => {
    expect(scoreOf(aPartner(), { validCertifications: 2, program: aProgram({ certificationsForFullScore: 2 }) })).toBe(20);
  });

  it('never goes above 100 when a program weighs more than 100 in total', () => {
    const program = aProgram({ scoreWeights: { foundation: 50, sales: 50, technical: 50, certifications: 50, recentActivity: 50 } });
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 6 } });
    expect(scoreOf(partner, { validCertifications: 3, recentActivity: true, program })).toBe(100);
  });
});

describe('recent activity', () => {
  it('counts an activity fewer than 90 days before today', () => {
    expect(hasRecentActivity('2026-01-02', '2026-04-01', DEFAULT_PROGRAM)).toBe(true); // 89 days
    expect(hasRecentActivity('2026-01-01', '2026-04-01', DEFAULT_PROGRAM)).toBe(false); // 90 days
  });

  it('counts an activity today', () => {
    expect(hasRecentActivity('2026-04-01', '2026-04-01', DEFAULT_PROGRAM)).toBe(true);
  });

  it('counts an activity dated after today', () => {
    expect(hasRecentActivity('2026-04-02', '2026-04-01', DEFAULT_PROGRAM)).toBe(true);
  });

  it('does not count a missing or unreadable date', () => {
    expect(hasRecentActivity(null, '2026-04-01', DEFAULT_PROGRAM)).toBe(false);
    expect(hasRecentActivity('April', '2026-04-01', DEFAULT_PROGRAM)).toBe(false);
  });

  it('follows the program activity window', () => {
    expect(hasRecentActivity('2026-03-01', '2026-04-01', aProgram({ activityWindowDays: 30 }))).toBe(false);
  });
});
