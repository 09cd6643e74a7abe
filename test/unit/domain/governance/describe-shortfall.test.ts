import { describe, expect, it } from 'vitest';
import { describeShortfall } from '../../../../src/domain/governance/describe-shortfall.js';
import { formatMinorUnits } from '../../../../src/domain/governance/format-minor-units.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';

describe('formatMinorUnits', () => {
  it('shows whole amounts without cents and others with them', () => {
    expect(formatMinorUnits(3_800_000, 'USD')).toBe('$38,000');
    expect(formatMinorUnits(3_800_050, 'USD')).toBe('$38,000.50');
    expect(formatMinorUnits(1, 'EUR')).toBe('€0.01');
  });

  it('knows currencies without minor units', () => {
    expect(formatMinorUnits(5_000, 'JPY')).toBe('¥5,000');
  });

  it('refuses a fraction of a minor unit and an unknown currency', () => {
    expect(() => formatMinorUnits(10.5, 'USD')).toThrow(/whole number of minor units/);
    expect(() => formatMinorUnits(100, 'DOLLARS')).toThrow(/ISO 4217/);
  });
});

describe('describeShortfall', () => {
  const say = (shortfall: Parameters<typeof describeShortfall>[0]) => describeShortfall(shortfall, DEFAULT_PROGRAM, 'USD');

  it('names the revenue missing in the company currency', () => {
    expect(say({ requirement: 'minRevenue12m', missing: 3_800_000 })).toBe('$38,000 more closed-won revenue in the last 12 months');
  });

  it('names the people, logos, wins and certifications missing, singular and plural', () => {
    expect(say({ requirement: 'minCertifiedStaff', missing: 2 })).toBe('2 more certified people');
    expect(say({ requirement: 'minCertifiedStaff', missing: 1 })).toBe('1 more certified person');
    expect(say({ requirement: 'minNewLogos12m', missing: 3 })).toBe('3 more new logos in the last 12 months');
    expect(say({ requirement: 'minStrategicWins12m', missing: 1 })).toBe('1 more strategic win in the last 12 months');
    expect(say({ requirement: 'minCertifications', missing: 2 })).toBe('2 more valid certifications');
  });

  it('names the track by its program name, the agreement and the pipeline', () => {
    expect(say({ requirement: 'tracks', track: 'technical' })).toBe('Finish the Technical track');
    expect(say({ requirement: 'agreementSigned' })).toBe('Sign the partner agreement');
    expect(say({ requirement: 'activePipeline' })).toBe('An open partner-sourced deal with an amount');
  });
});
