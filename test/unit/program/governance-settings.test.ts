import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { DEFAULT_GOVERNANCE } from '../../../src/program/default-governance.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { loadProgram, parseProgram, type InvalidProgramDetails } from '../../../src/program/load-program.js';

const seedFile = path.resolve(import.meta.dirname, '../../../examples/program-registered-silver-gold-platinum.json');

/** The problems an invalid program is refused with (fails the test if it is accepted). */
function problemsOf(data: unknown): string[] {
  try {
    parseProgram(data, 'program.json');
  } catch (error) {
    if (isAppError(error, 'INVALID_PROGRAM')) return (error.details as InvalidProgramDetails).problems;
    throw error;
  }
  throw new Error('expected the program to be refused');
}

describe('governance settings', () => {
  it('a program file without governance keeps instant tiers and the default numbers', () => {
    const program = parseProgram({ tiers: { gold: { minCertifications: 3 } } }, 'program.json');
    expect(program.governance).toEqual(DEFAULT_GOVERNANCE);
    expect(program.governance.mode).toBe('instant');
  });

  it('the defaults are advance after 2 (1 on fast track), demote after 2, exit after 4, 90 entry days', () => {
    expect(DEFAULT_GOVERNANCE).toMatchObject({
      advanceAfterQuarters: 2,
      fastTrackAdvanceAfterQuarters: 1,
      demoteAfterQuarters: 2,
      exitAfterQuarters: 4,
      entryTierDays: 90,
      approval: false,
    });
  });

  it('health defaults: weights 35/20/15/20/10, revenue targets in minor units, 80 and 50 thresholds', () => {
    expect(DEFAULT_GOVERNANCE.health.weights).toEqual({ revenue: 35, pipeline: 20, winRate: 15, enablement: 20, engagement: 10 });
    expect(DEFAULT_GOVERNANCE.health.revenueTargets).toEqual({
      bronze: null,
      silver: 25_000_000,
      gold: 100_000_000,
      platinum: 500_000_000,
    });
    expect([DEFAULT_GOVERNANCE.health.onTargetFrom, DEFAULT_GOVERNANCE.health.atRiskFrom]).toEqual([80, 50]);
  });

  it('the default tiers carry no business requirement', () => {
    for (const tier of Object.values(parseProgram({}, 'program.json').tiers)) {
      expect(Object.keys(tier).sort()).toEqual(['minCertifications', 'name', 'permissions', 'requiredTracks', 'targetScore']);
    }
  });

  it('a file may set one governance number and keep the rest', () => {
    const program = parseProgram({ governance: { mode: 'quarterly', demoteAfterQuarters: 3 } }, 'program.json');
    expect(program.governance).toEqual({ ...DEFAULT_GOVERNANCE, mode: 'quarterly', demoteAfterQuarters: 3 });
  });

  it('the seed example loads the Registered / Silver / Gold / Platinum structure in quarterly mode', () => {
    const program = loadProgram(seedFile);
    expect(Object.values(program.tiers).map((tier) => tier.name)).toEqual(['Registered', 'Silver', 'Gold', 'Platinum']);
    expect(program.tiers.bronze.agreementSigned).toBe(true);
    expect(program.tiers.silver).toMatchObject({ minCertifiedStaff: 2, minRevenue12m: 25_000_000, minNewLogos12m: 2, activePipeline: true });
    expect(program.tiers.platinum.minStrategicWins12m).toBe(2);
    expect(program.governance.mode).toBe('quarterly');
  });

  it('refuses an unknown mode naming the path', () => {
    expect(problemsOf({ governance: { mode: 'yearly' } })[0]).toMatch(/^governance\.mode: /);
  });

  it('refuses revenue that is not whole minor units', () => {
    expect(problemsOf({ tiers: { gold: { minRevenue12m: 1000.5 } } })[0]).toMatch(/^tiers\.gold\.minRevenue12m: /);
  });

  it('refuses a fiscal year starting in month 13', () => {
    expect(problemsOf({ governance: { fiscalYearStartMonth: 13 } })[0]).toMatch(/^governance\.fiscalYearStartMonth: /);
  });

  it('refuses a higher tier asking for less revenue than a lower one', () => {
    expect(problemsOf({ tiers: { silver: { minRevenue12m: 500 }, gold: { minRevenue12m: 400 } } })).toEqual([
      "tiers.gold.minRevenue12m: 400 is below silver's 500; a higher tier cannot ask for less",
    ]);
  });

  it('compares a requirement with the nearest lower tier that names it', () => {
    expect(problemsOf({ tiers: { bronze: { minCertifiedStaff: 3 }, platinum: { minCertifiedStaff: 2 } } })).toEqual([
      "tiers.platinum.minCertifiedStaff: 2 is below bronze's 3; a higher tier cannot ask for less",
    ]);
  });

  it('refuses health weights that do not add up to 100', () => {
    expect(problemsOf({ governance: { health: { weights: { revenue: 40 } } } })).toEqual([
      'governance.health.weights: the weights add up to 105; they must add up to 100',
    ]);
  });

  it('refuses an at-risk threshold above the on-target one', () => {
    expect(problemsOf({ governance: { health: { atRiskFrom: 90 } } })).toEqual([
      'governance.health.atRiskFrom: 90 is above onTargetFrom (80); at risk must start lower',
    ]);
  });

  it('refuses a fast track slower than the normal track', () => {
    expect(problemsOf({ governance: { fastTrackAdvanceAfterQuarters: 3 } })).toEqual([
      'governance.fastTrackAdvanceAfterQuarters: 3 is more than advanceAfterQuarters (2); a fast track cannot be slower',
    ]);
  });

  it('the default program object carries the governance defaults', () => {
    expect(DEFAULT_PROGRAM.governance).toBe(DEFAULT_GOVERNANCE);
  });
});
