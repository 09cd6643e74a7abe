import { describe, expect, it } from 'vitest';
import { computeTrend, entersDeclining } from '../../../src/domain/compute-trend.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { ScorePoint } from '../../../src/domain/types.js';
import { aProgram } from '../../support/partner-factories.js';

const DAY = 86_400_000;
const now = Date.parse('2026-06-01T12:00:00Z');
const point = (daysAgo: number, score: number, tier: ScorePoint['tier'] = 'silver'): ScorePoint => ({ at: now - daysAgo * DAY, score, tier });
const trendOf = (history: ScorePoint[], score: number, tier: ScorePoint['tier'] = 'silver', program = DEFAULT_PROGRAM) =>
  computeTrend(history, { at: now, score, tier }, program);

describe('readiness trend', () => {
  it('is stable with no history', () => {
    expect(trendOf([], 50)).toBe('stable');
  });

  it('is declining 10 points below the highest score of the last 30 days', () => {
    expect(trendOf([point(20, 60), point(5, 55)], 50)).toBe('declining');
  });

  it('is stable 9 points below the highest score', () => {
    expect(trendOf([point(20, 59)], 50)).toBe('stable');
  });

  it('is improving 10 points above the lowest score of the last 30 days', () => {
    expect(trendOf([point(25, 40), point(3, 48)], 50)).toBe('improving');
  });

  it('counts a point exactly 30 days old and ignores an older one', () => {
    expect(trendOf([{ at: now - 30 * DAY, score: 60, tier: 'silver' }], 50)).toBe('declining');
    expect(trendOf([{ at: now - 30 * DAY - 1, score: 60, tier: 'silver' }], 50)).toBe('stable');
  });

  it('ignores points at or after the current evaluation', () => {
    expect(trendOf([{ at: now, score: 90, tier: 'gold' }, { at: now + DAY, score: 90, tier: 'gold' }], 50)).toBe('stable');
  });

  it('is declining when the tier went down from the latest earlier point, even an old one', () => {
    expect(trendOf([point(60, 50, 'gold')], 50, 'silver')).toBe('declining');
  });

  it('compares the tier with the latest point, not the best one', () => {
    expect(trendOf([point(20, 50, 'gold'), point(2, 50, 'silver')], 50, 'silver')).toBe('stable');
  });

  it('is declining rather than improving when the window holds both a high and a low', () => {
    expect(trendOf([point(20, 30), point(10, 70)], 50)).toBe('declining');
  });

  it('follows the program window and threshold', () => {
    const program = aProgram({ trend: { windowDays: 7, thresholdPoints: 5 } });
    expect(trendOf([point(6, 55)], 50, 'silver', program)).toBe('declining');
    expect(trendOf([point(8, 70)], 50, 'silver', program)).toBe('stable');
  });
});

describe('escalation', () => {
  it('escalates when the trend enters declining', () => {
    expect(entersDeclining('stable', 'declining')).toBe(true);
    expect(entersDeclining('improving', 'declining')).toBe(true);
    expect(entersDeclining(null, 'declining')).toBe(true);
  });

  it('does not escalate again while the trend stays declining, nor for other trends', () => {
    expect(entersDeclining('declining', 'declining')).toBe(false);
    expect(entersDeclining('declining', 'stable')).toBe(false);
    expect(entersDeclining('stable', 'improving')).toBe(false);
  });
});
