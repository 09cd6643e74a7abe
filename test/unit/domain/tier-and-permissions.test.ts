import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { nextTier, pointsToNextTier } from '../../../src/domain/next-tier.js';
import { grantPermissions } from '../../../src/domain/grant-permissions.js';
import { selectTargetTier } from '../../../src/domain/select-target-tier.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { PartnerSnapshot } from '../../../src/domain/types.js';
import { aContact, aPartner, aProgram } from '../../support/partner-factories.js';

const asOf = '2026-06-01';
const CERT_IDS = ['sales_fundamentals', 'technical_associate', 'solution_architect', 'master_partner'];

/** One contact holding `count` certifications, all earned recently (active). */
function holding(count: number, earnedOn = '2026-05-01') {
  return [aContact({ certificationsEarnedOn: Object.fromEntries(CERT_IDS.slice(0, count).map((id) => [id, earnedOn])) })];
}

function tierOf(partner: PartnerSnapshot, program = DEFAULT_PROGRAM) {
  return evaluatePartner(partner, program, asOf).tier;
}

const allTracks = { sales: 8, technical: 10, advanced: 6 };

describe('tier', () => {
  it('is none without foundation, whatever else is done', () => {
    expect(tierOf(aPartner({ modulesCompleted: allTracks, contacts: holding(4) }))).toBe('none');
  });

  it('is bronze with foundation only', () => {
    expect(tierOf(aPartner({ foundationComplete: true }))).toBe('bronze');
  });

  it('stays bronze with the sales track but no valid certification', () => {
    expect(tierOf(aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 0, advanced: 0 } }))).toBe('bronze');
  });

  it('stays bronze one sales module short of silver', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 7, technical: 0, advanced: 0 }, contacts: holding(1) });
    expect(tierOf(partner)).toBe('bronze');
  });

  it('is silver with the sales track and one valid certification', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 0, advanced: 0 }, contacts: holding(1) });
    expect(tierOf(partner)).toBe('silver');
  });

  it('stays silver with the technical track and one certification', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 0 }, contacts: holding(1) });
    expect(tierOf(partner)).toBe('silver');
  });

  it('is gold with the technical track and two valid certifications', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 0 }, contacts: holding(2) });
    expect(tierOf(partner)).toBe('gold');
  });

  it('stays gold with every track but two certifications', () => {
    expect(tierOf(aPartner({ foundationComplete: true, modulesCompleted: allTracks, contacts: holding(2) }))).toBe('gold');
  });

  it('is platinum with every track and three valid certifications', () => {
    expect(tierOf(aPartner({ foundationComplete: true, modulesCompleted: allTracks, contacts: holding(3) }))).toBe('platinum');
  });

  it('needs every lower tier requirement too: no sales track caps the tier at bronze', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 0, technical: 10, advanced: 6 }, contacts: holding(4) });
    expect(tierOf(partner)).toBe('bronze');
  });

  it('counts the same certification held by two people twice', () => {
    const contacts = [
      aContact({ certificationsEarnedOn: { sales_fundamentals: '2026-05-01' } }),
      aContact({ certificationsEarnedOn: { sales_fundamentals: '2026-05-01' } }),
    ];
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 0 }, contacts });
    expect(tierOf(partner)).toBe('gold');
  });

  it('counts a certification in grace but not an expired one', () => {
    const base = { foundationComplete: true, modulesCompleted: { sales: 8, technical: 0, advanced: 0 } };
    expect(tierOf(aPartner({ ...base, contacts: holding(1, '2025-05-10') }))).toBe('silver'); // expired 2026-05-10, in grace
    expect(tierOf(aPartner({ ...base, contacts: holding(1, '2025-04-01') }))).toBe('bronze'); // expired 2026-04-01, grace over
  });

  it('follows a program with other requirements', () => {
    const program = aProgram({
      tiers: { ...DEFAULT_PROGRAM.tiers, silver: { ...DEFAULT_PROGRAM.tiers.silver, requiredTracks: [], minCertifications: 0 } },
    });
    expect(tierOf(aPartner({ foundationComplete: true }), program)).toBe('silver');
  });
});

describe('next tier and points to it', () => {
  it('goes from none to bronze and stops at platinum', () => {
    expect(nextTier('none')).toBe('bronze');
    expect(nextTier('bronze')).toBe('silver');
    expect(nextTier('gold')).toBe('platinum');
    expect(nextTier('platinum')).toBeNull();
  });

  it('counts the points to the next tier target score, never below 0', () => {
    expect(pointsToNextTier('none', 5, DEFAULT_PROGRAM)).toBe(15);
    expect(pointsToNextTier('bronze', 45, DEFAULT_PROGRAM)).toBe(5);
    expect(pointsToNextTier('bronze', 70, DEFAULT_PROGRAM)).toBe(0);
    expect(pointsToNextTier('platinum', 40, DEFAULT_PROGRAM)).toBe(0);
  });
});

describe('permissions', () => {
  it('grants nothing below bronze', () => {
    expect(grantPermissions('none', DEFAULT_PROGRAM)).toEqual([]);
  });

  it('grants the tier permissions and every lower tier ones, in table order', () => {
    expect(grantPermissions('gold', DEFAULT_PROGRAM)).toEqual([
      'access_portal',
      'submit_leads',
      'register_deals',
      'access_mdf',
      'co_sell',
      'priority_support',
    ]);
    expect(grantPermissions('platinum', DEFAULT_PROGRAM)).toHaveLength(8);
  });

  it('lists a permission two tiers grant once', () => {
    const program = aProgram({ tiers: { ...DEFAULT_PROGRAM.tiers, silver: { ...DEFAULT_PROGRAM.tiers.silver, permissions: ['submit_leads', 'access_mdf'] } } });
    expect(grantPermissions('silver', program)).toEqual(['access_portal', 'submit_leads', 'access_mdf']);
  });
});

describe('target tier for gaps', () => {
  it('is the chosen target when it is above the current tier', () => {
    expect(selectTargetTier('bronze', 'gold')).toBe('gold');
  });

  it('is the next tier when the chosen target is at or below the current tier', () => {
    expect(selectTargetTier('gold', 'bronze')).toBe('platinum');
    expect(selectTargetTier('silver', 'silver')).toBe('gold');
  });

  it('is the next tier when no target is chosen, and none at platinum', () => {
    expect(selectTargetTier('none', null)).toBe('bronze');
    expect(selectTargetTier('platinum', 'gold')).toBeNull();
  });
});
