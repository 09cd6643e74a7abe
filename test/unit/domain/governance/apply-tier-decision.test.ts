import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTierDecision, type TierProposal } from '../../../../src/domain/governance/apply-tier-decision.js';
import { decideTierChange } from '../../../../src/domain/governance/decide-tier-change.js';
import type { QuarterQualification } from '../../../../src/domain/governance/types.js';
import { DEFAULT_GOVERNANCE } from '../../../../src/program/default-governance.js';
import type { TierOrNone } from '../../../../src/program/program-schema.js';

function quarters(...qualified: TierOrNone[]): QuarterQualification[] {
  return qualified.map((tier, i) => ({ quarter: `${2026 + Math.floor(i / 4)}Q${(i % 4) + 1}`, qualified: tier }));
}

function close(officialTier: TierOrNone, history: QuarterQualification[]) {
  return decideTierChange({ officialTier, history, fastTrack: false, agreementSignedOn: null, closingDay: '2027-12-31' }, DEFAULT_GOVERNANCE);
}

describe('applyTierDecision', () => {
  it('without approval applies the change at the close', () => {
    expect(applyTierDecision(close('silver', quarters('gold', 'gold')), false, null)).toEqual({ officialTier: 'gold', proposal: null, lapsed: null });
  });

  it('with approval keeps the tier and proposes the change', () => {
    expect(applyTierDecision(close('silver', quarters('gold', 'gold')), true, null)).toEqual({
      officialTier: 'silver',
      proposal: { tier: 'gold', quarter: '2026Q2' },
      lapsed: null,
    });
  });

  it('a proposal undecided at the next close lapses, and the close proposes again if still justified', () => {
    const pending: TierProposal = { tier: 'gold', quarter: '2026Q2' };
    expect(applyTierDecision(close('silver', quarters('gold', 'gold', 'gold')), true, pending)).toEqual({
      officialTier: 'silver',
      proposal: { tier: 'gold', quarter: '2026Q3' },
      lapsed: pending,
    });
    expect(applyTierDecision(close('silver', quarters('gold', 'gold', 'silver')), true, pending)).toEqual({
      officialTier: 'silver',
      proposal: null,
      lapsed: pending,
    });
  });

  it('a hold changes nothing', () => {
    expect(applyTierDecision(close('gold', quarters('gold')), true, null)).toEqual({ officialTier: 'gold', proposal: null, lapsed: null });
    expect(applyTierDecision(close('gold', quarters('gold')), false, null)).toEqual({ officialTier: 'gold', proposal: null, lapsed: null });
  });

  it('with approval the official tier never changes at a close; without, it is the decided tier', () => {
    const anyTier = fc.constantFrom<TierOrNone>('none', 'bronze', 'silver', 'gold', 'platinum');
    fc.assert(
      fc.property(anyTier, fc.array(anyTier, { maxLength: 8 }), (official, tiers) => {
        const decision = close(official, quarters(...tiers));
        expect(applyTierDecision(decision, true, null).officialTier).toBe(official);
        expect(applyTierDecision(decision, false, null).officialTier).toBe(decision.to);
        const proposal = applyTierDecision(decision, true, null).proposal;
        expect(proposal === null).toBe(decision.action === 'hold');
      }),
    );
  });
});
