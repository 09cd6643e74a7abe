import { describe, expect, it } from 'vitest';
import type { ScorePoint } from '../../../src/domain/types.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { trendFromHistory } from '../../../src/recalculation/trend-from-history.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 15, 12);
const point = (daysAgo: number, score: number, tier: ScorePoint['tier'] = 'gold'): ScorePoint => ({ at: NOW - daysAgo * DAY, score, tier });
const current = (score: number, tier: ScorePoint['tier'] = 'gold') => ({ at: NOW, score, tier });

describe('trend from recorded history', () => {
  it('is declining when the score fell 10 points below a plateau that began before the window', () => {
    expect(trendFromHistory([point(90, 80)], current(70), DEFAULT_PROGRAM)).toBe('declining');
  });

  it('is improving when the score rose 10 points above a plateau that began before the window', () => {
    expect(trendFromHistory([point(90, 60)], current(70), DEFAULT_PROGRAM)).toBe('improving');
  });

  it('ignores a plateau that ended before the window when a later point replaced it', () => {
    expect(trendFromHistory([point(90, 80), point(40, 72)], current(70), DEFAULT_PROGRAM)).toBe('stable');
  });

  it('is stable with no history', () => {
    expect(trendFromHistory([], current(10), DEFAULT_PROGRAM)).toBe('stable');
  });

  it('is declining when the tier went down, however old the last point', () => {
    expect(trendFromHistory([point(200, 70, 'gold')], current(68, 'silver'), DEFAULT_PROGRAM)).toBe('declining');
  });

  it('ignores points at or after the evaluation itself', () => {
    expect(trendFromHistory([point(0, 90)], current(70), DEFAULT_PROGRAM)).toBe('stable');
  });
});
