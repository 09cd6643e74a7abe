import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { recommendActions } from '../../../src/domain/recommend-actions.js';
import type { PartnerSnapshot } from '../../../src/domain/types.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { aContact, aPartner, aProgram, aTrainedPartner } from '../../support/partner-factories.js';

const asOf = '2026-11-20';

function recommend(partner: PartnerSnapshot, program: Program = DEFAULT_PROGRAM) {
  return recommendActions(evaluatePartner(partner, program, asOf), partner, program);
}

/** Earned-on date that makes a 1-year certification expire `days` after asOf. */
function earnedForExpiryIn(days: number): string {
  const expiry = new Date(Date.UTC(2026, 10, 20 + days));
  expiry.setUTCFullYear(expiry.getUTCFullYear() - 1);
  return expiry.toISOString().slice(0, 10);
}

/** A fully trained partner (so no training gaps) at platinum with recent activity, plus `contacts`. */
function aPartnerWith(...certificationExpiries: number[]): PartnerSnapshot {
  return aTrainedPartner(asOf, {
    contacts: certificationExpiries.map((days, index) =>
      aContact({ contactId: `70${index}`, firstName: `Person${index}`, lastName: 'X', certificationsEarnedOn: { sales_fundamentals: earnedForExpiryIn(days) } }),
    ),
  });
}

describe('recommendActions: renewals', () => {
  it('asks to renew a certification in its grace period immediately', () => {
    const actions = recommend(aPartnerWith(-3, 100, 100));
    expect(actions[0]).toMatchObject({ horizon: 'immediately', text: expect.stringMatching(/^Renew Sales Fundamentals for Person0 X \(expired 3 days ago; grace period ends in 27 days\)/) });
  });

  it('asks to renew a certification expiring within 14 days this week', () => {
    const actions = recommend(aPartnerWith(14, 100, 100));
    expect(actions.filter((a) => a.gap?.type === 'renewal').map((a) => a.horizon)).toEqual(['this_week']);
  });

  it('leaves a renewal 15 or more days away for this month', () => {
    const actions = recommend(aPartnerWith(15, 100, 100));
    expect(actions.filter((a) => a.gap?.type === 'renewal').map((a) => a.horizon)).toEqual(['this_month']);
  });

  it('says when the current tier depends on the renewal', () => {
    // Platinum needs 3 valid certifications: losing any of these three drops it.
    const [action] = recommend(aPartnerWith(-3, 100, 100));
    expect(action!.text).toMatch(/ — the Platinum tier depends on it$/);
  });

  it('does not claim the tier depends on a renewal it can spare', () => {
    const [action] = recommend(aPartnerWith(-3, 100, 100, 100));
    expect(action!.text).not.toContain('depends on it');
  });
});

describe('recommendActions: gaps toward the target tier', () => {
  it('puts training and certification gaps in this month, naming the target tier', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 0, advanced: 0 }, lastEnablementActivity: asOf });
    const texts = recommend(partner).filter((a) => a.horizon === 'this_month').map((a) => a.text);
    expect(texts).toEqual(['Earn 1 more valid certification (recommended: Sales Fundamentals) toward Silver']);
  });

  it('offers a missing track to the people in its audience who are not on it and have room', () => {
    const program = aProgram({ maxActiveTracks: 2 });
    const partner = aPartner({
      foundationComplete: true,
      modulesCompleted: { sales: 8, technical: 2, advanced: 0 },
      lastEnablementActivity: asOf,
      targetTier: 'gold',
      contacts: [
        aContact({ contactId: '1', firstName: 'Sam', lastName: 'Sales', role: 'sales' }),
        aContact({ contactId: '2', firstName: 'Sue', lastName: 'Engineer', role: 'se' }),
        aContact({ contactId: '3', firstName: 'Cal', lastName: 'Consultant', role: 'consultant', activeTracks: ['technical'] }),
        aContact({ contactId: '4', firstName: 'Bea', lastName: 'Busy', role: 'consultant', activeTracks: ['sales', 'advanced'] }),
        aContact({ contactId: '5', firstName: 'Pat', lastName: 'Pending', role: 'se', pendingTracks: ['technical'] }),
      ],
    });
    const training = recommend(partner, program).find((a) => a.gap?.type === 'training');
    expect(training?.text).toBe('Finish the Technical track (8 modules left) toward Gold — offer it to Sue Engineer');
  });
});

describe('recommendActions: consent and activity', () => {
  it('asks this week to follow up on tracks awaiting consent', () => {
    const partner = aPartnerWith(100, 100, 100);
    partner.contacts[0]!.pendingTracks = ['advanced', 'sales'];
    expect(recommend(partner)).toContainEqual({
      horizon: 'this_week',
      text: 'Follow up with Person0 X to accept the Sales, Advanced tracks (awaiting consent)',
    });
  });

  it('asks this week for an enablement activity when none is recent', () => {
    const partner = aPartnerWith(100, 100, 100);
    partner.lastEnablementActivity = '2026-05-01';
    expect(recommend(partner)).toEqual([
      { horizon: 'this_week', text: 'Log an enablement activity (training session, webinar, workshop): the last one was on 2026-05-01; it is worth 10 points' },
    ]);
  });

  it('warns this week when the recent activity is about to stop counting', () => {
    const partner = aPartnerWith(100, 100, 100);
    partner.lastEnablementActivity = '2026-08-25'; // 87 days before asOf: 3 days left in the 90-day window
    expect(recommend(partner)).toEqual([
      { horizon: 'this_week', text: 'Plan the next enablement activity: the last one (2026-08-25) stops counting in 3 days, taking 10 points with it' },
    ]);
  });

  it('asks for no activity when the program gives it no points', () => {
    const partner = aPartnerWith(100, 100, 100);
    partner.lastEnablementActivity = null;
    expect(recommend(partner, aProgram({ scoreWeights: { ...DEFAULT_PROGRAM.scoreWeights, recentActivity: 0, foundation: 30 } }))).toEqual([]);
  });

  it('recommends nothing for a platinum partner with nothing due', () => {
    expect(recommend(aPartnerWith(100, 100, 100))).toEqual([]);
  });
});

describe('recommendActions: order', () => {
  it('lists immediately, then this week, then this month', () => {
    const partner = aPartnerWith(20, 10, -2);
    partner.lastEnablementActivity = null;
    expect(recommend(partner).map((a) => a.horizon)).toEqual(['immediately', 'this_week', 'this_week', 'this_month']);
  });
});
