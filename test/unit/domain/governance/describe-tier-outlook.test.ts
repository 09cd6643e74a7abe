import { describe, expect, it } from 'vitest';
import { describeTierOutlook, type TierOutlookFacts } from '../../../../src/domain/governance/describe-tier-outlook.js';
import { DEFAULT_GOVERNANCE } from '../../../../src/program/default-governance.js';
import type { TierOrNone } from '../../../../src/program/program-schema.js';

const QUARTERLY = { ...DEFAULT_GOVERNANCE, mode: 'quarterly' as const };
const NAMES: Record<TierOrNone, string> = { none: 'None', bronze: 'Registered', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' };
const name = (tier: TierOrNone) => NAMES[tier];

function facts(overrides: Partial<TierOutlookFacts> = {}): TierOutlookFacts {
  return { officialTier: 'silver', outlook: 'holding', quartersAbove: 0, quartersBelow: 0, fastTrack: false, programStatus: 'active', today: '2027-02-10', ...overrides };
}

describe('describeTierOutlook', () => {
  it('names the next tier and the close that completes the run: one quarter into two, the close of the current quarter', () => {
    expect(describeTierOutlook(facts({ outlook: 'advancing', quartersAbove: 1 }), QUARTERLY, name)).toBe('Advancing to Gold at the close of 2027 Q1 if this holds');
  });

  it('counts the quarters still to go from the quarter containing today', () => {
    const rules = { ...QUARTERLY, advanceAfterQuarters: 3 };
    expect(describeTierOutlook(facts({ outlook: 'advancing', quartersAbove: 1 }), rules, name)).toBe('Advancing to Gold at the close of 2027 Q2 if this holds');
  });

  it('crosses the fiscal year: Q4 is followed by Q1 of the next year', () => {
    const rules = { ...QUARTERLY, advanceAfterQuarters: 3 };
    expect(describeTierOutlook(facts({ outlook: 'advancing', quartersAbove: 1, today: '2027-11-30' }), rules, name)).toBe('Advancing to Gold at the close of 2028 Q1 if this holds');
  });

  it('names fiscal quarters with a fiscal year starting in July', () => {
    const rules = { ...QUARTERLY, fiscalYearStartMonth: 7 };
    expect(describeTierOutlook(facts({ outlook: 'advancing', quartersAbove: 1, today: '2026-08-15' }), rules, name)).toBe('Advancing to Gold at the close of 2027 Q1 if this holds');
  });

  it('uses the fast-track run length for a fast-track partner', () => {
    const rules = { ...QUARTERLY, advanceAfterQuarters: 3, fastTrackAdvanceAfterQuarters: 1 };
    expect(describeTierOutlook(facts({ outlook: 'advancing', quartersAbove: 1, fastTrack: true }), rules, name)).toBe('Advancing to Gold at the close of 2027 Q1 if this holds');
  });

  it('warns of demotion one tier down', () => {
    expect(describeTierOutlook(facts({ officialTier: 'gold', outlook: 'demotion_risk', quartersBelow: 1 }), QUARTERLY, name)).toBe(
      'Demotion risk: Silver at the close of 2027 Q1 if this holds',
    );
  });

  it('warns of an exit recommendation after the quarters with no tier still to go', () => {
    expect(describeTierOutlook(facts({ officialTier: 'bronze', outlook: 'exit_risk', quartersBelow: 2 }), QUARTERLY, name)).toBe(
      'Exit risk: exit recommended at the close of 2027 Q2 if no tier is qualified until then',
    );
  });

  it('says an exit is recommended, whatever the outlook', () => {
    expect(describeTierOutlook(facts({ outlook: 'advancing', quartersAbove: 1, programStatus: 'exit_recommended' }), QUARTERLY, name)).toBe(
      'Exit recommended: the owner decides, and a person confirms an exit',
    );
  });

  it('holds at the tier, and at the top tier even when qualifying above', () => {
    expect(describeTierOutlook(facts(), QUARTERLY, name)).toBe('Holding Silver');
    expect(describeTierOutlook(facts({ officialTier: 'platinum', outlook: 'advancing', quartersAbove: 1 }), QUARTERLY, name)).toBe('Holding Platinum');
  });

  it('says nothing in instant mode or before any close set an outlook', () => {
    expect(describeTierOutlook(facts({ outlook: 'advancing', quartersAbove: 1 }), DEFAULT_GOVERNANCE, name)).toBeNull();
    expect(describeTierOutlook(facts({ outlook: null }), QUARTERLY, name)).toBeNull();
  });
});
