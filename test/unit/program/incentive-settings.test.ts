import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { parseProgram, type InvalidProgramDetails } from '../../../src/program/load-program.js';
import { programSchema } from '../../../src/program/program-schema.js';

function problemsOf(data: unknown): string[] {
  try {
    parseProgram(data, 'program.json');
  } catch (error) {
    if (isAppError(error, 'INVALID_PROGRAM')) return (error.details as InvalidProgramDetails).problems;
    throw error;
  }
  throw new Error('expected the program to be refused');
}

describe('incentive and MDF settings', () => {
  it('carry the seed program defaults', () => {
    const { incentives, mdf } = parseProgram({}, 'program.json');
    expect(incentives.spiffs.newLogo).toEqual({ amount: 500, withinDaysOfRegistration: 60 });
    expect(incentives.spiffs.largeDeal).toEqual({ over: 100_000, percent: 2 });
    expect(incentives.rebate.method).toBe('slab');
    expect(incentives.rebate.brackets.map((bracket) => [bracket.from, bracket.percent])).toEqual([
      [100_000, 2], [250_000, 3.5], [500_000, 5], [1_000_000, 6.5], [2_500_000, 8],
    ]);
    expect(incentives.rebate.brackets.at(-1)?.setsFastTrack).toBe(true);
    expect(mdf.tiers.platinum).toEqual({ amount: 50_000, match: '2:1' });
    expect(mdf.tiers.bronze).toBeNull();
    expect(mdf.activities).toEqual(['events', 'digital_ads', 'content', 'tradeshows', 'webinars']);
  });

  it('default when a program written before them is parsed on its own', () => {
    const { incentives: _incentives, mdf: _mdf, ...older } = structuredClone(DEFAULT_PROGRAM);
    const program = programSchema.parse(older);
    expect(program.incentives).toEqual(DEFAULT_PROGRAM.incentives);
    expect(program.mdf).toEqual(DEFAULT_PROGRAM.mdf);
  });

  it('merge a vendor override key by key', () => {
    const program = parseProgram(
      { incentives: { rebate: { method: 'stepped', cap: 25_000 } }, mdf: { tiers: { bronze: { amount: 1000, match: '1:3' } } } },
      'program.json',
    );
    expect(program.incentives.rebate.method).toBe('stepped');
    expect(program.incentives.rebate.cap).toBe(25_000);
    expect(program.incentives.rebate.brackets).toEqual(DEFAULT_PROGRAM.incentives.rebate.brackets);
    expect(program.mdf.tiers.bronze).toEqual({ amount: 1000, match: '1:3' });
    expect(program.mdf.tiers.gold).toEqual(DEFAULT_PROGRAM.mdf.tiers.gold);
  });

  it('refuse brackets out of order, a bad match ratio, an unknown method and a negative amount', () => {
    const problems = problemsOf({
      incentives: {
        rebate: { method: 'tiered', brackets: [{ from: 5000, percent: 2 }, { from: 1000, percent: 3 }] },
        spiffs: { firstWin: { amount: -1 } },
      },
      mdf: { tiers: { gold: { amount: 100, match: '2-1' } } },
    });
    const text = problems.join('\n');
    expect(text).toContain('incentives.rebate.method');
    expect(text).toContain('incentives.spiffs.firstWin.amount');
    expect(text).toContain('mdf.tiers.gold.match');
    const ordered = problemsOf({ incentives: { rebate: { brackets: [{ from: 5000, percent: 2 }, { from: 1000, percent: 3 }] } } });
    expect(ordered.join('\n')).toContain('incentives.rebate.brackets[1].from');
  });

  it('refuse a percentage that cannot be read exactly', () => {
    expect(problemsOf({ incentives: { bonuses: { upsellPercent: 0.123456 } } }).join('\n')).toContain('incentives.bonuses.upsellPercent');
  });
});
