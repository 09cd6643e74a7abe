import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideTierChange, type TierChangeDecision, type TierChangeInput } from '../../../../src/domain/governance/decide-tier-change.js';
import type { QuarterQualification } from '../../../../src/domain/governance/types.js';
import { tierRank } from '../../../../src/domain/tier-requirements.js';
import { DEFAULT_GOVERNANCE } from '../../../../src/program/default-governance.js';
import type { TierOrNone } from '../../../../src/program/program-schema.js';

const RULES = DEFAULT_GOVERNANCE;
const TIERS: TierOrNone[] = ['none', 'bronze', 'silver', 'gold', 'platinum'];

/** Consecutive quarters from 2026Q1 qualifying for the tiers given, oldest first. */
function quarters(...qualified: TierOrNone[]): QuarterQualification[] {
  return qualified.map((tier, i) => ({ quarter: `${2026 + Math.floor(i / 4)}Q${(i % 4) + 1}`, qualified: tier }));
}

function aClose(overrides: Partial<TierChangeInput> = {}): TierChangeInput {
  return { officialTier: 'silver', history: [], fastTrack: false, agreementSignedOn: null, closingDay: '2027-12-31', ...overrides };
}

/** Closes the quarters one by one from `official`, as the quarter-close job would. */
function replay(official: TierOrNone, history: QuarterQualification[], fastTrack = false): TierChangeDecision[] {
  const decisions: TierChangeDecision[] = [];
  let tier = official;
  for (let i = 1; i <= history.length; i += 1) {
    const decision = decideTierChange(aClose({ officialTier: tier, history: history.slice(0, i), fastTrack }), RULES);
    decisions.push(decision);
    tier = decision.to;
  }
  return decisions;
}

describe('decideTierChange: advance', () => {
  it('holds after one quarter above and advances after the second', () => {
    const [first, second] = replay('silver', quarters('gold', 'gold'));
    expect(first).toMatchObject({ action: 'hold', reason: 'advance_pending', to: 'silver', quartersAbove: 1 });
    expect(second).toMatchObject({ action: 'advance', reason: 'qualified_above', from: 'silver', to: 'gold', justifiedBy: ['2026Q1', '2026Q2'], quartersAbove: 0 });
  });

  it('a quarter back at the tier resets the count', () => {
    const decisions = replay('silver', quarters('gold', 'silver', 'gold'));
    expect(decisions.map((decision) => decision.action)).toEqual(['hold', 'hold', 'hold']);
    expect(decisions[2]!.quartersAbove).toBe(1);
  });

  it('a missing quarter breaks the run', () => {
    const history = [
      { quarter: '2026Q1', qualified: 'gold' as const },
      { quarter: '2026Q3', qualified: 'gold' as const },
    ];
    expect(decideTierChange(aClose({ history }), RULES)).toMatchObject({ action: 'hold', quartersAbove: 1 });
  });

  it('two tiers up: one tier per close, the second at the next close if the partner still qualifies', () => {
    const decisions = replay('bronze', quarters('gold', 'gold', 'gold'));
    expect(decisions.map((decision) => [decision.action, decision.to])).toEqual([
      ['hold', 'bronze'],
      ['advance', 'silver'],
      ['advance', 'gold'],
    ]);
    expect(decisions[1]).toMatchObject({ outlook: 'advancing', outlookTier: 'gold', outlookQuarter: '2026Q3' });
    expect(decisions[2]!.justifiedBy).toEqual(['2026Q2', '2026Q3']);
  });

  it('two tiers up, then only one: the second step waits', () => {
    const decisions = replay('bronze', quarters('gold', 'gold', 'silver'));
    expect(decisions.map((decision) => decision.to)).toEqual(['bronze', 'silver', 'silver']);
  });

  it('fast track advances after one quarter', () => {
    const [first] = replay('silver', quarters('gold'), true);
    expect(first).toMatchObject({ action: 'advance', reason: 'fast_track', to: 'gold', justifiedBy: ['2026Q1'] });
  });

  it('a new partner with no tier yet advances to the entry tier', () => {
    expect(replay('none', quarters('bronze', 'bronze')).at(-1)).toMatchObject({ action: 'advance', to: 'bronze' });
  });

  it('never advances above platinum', () => {
    expect(replay('platinum', quarters('platinum', 'platinum')).at(-1)).toMatchObject({ action: 'hold', reason: 'qualified_at_tier' });
  });
});

describe('decideTierChange: demote', () => {
  it('demotes one tier after two quarters below, naming them', () => {
    const [first, second] = replay('gold', quarters('bronze', 'bronze'));
    expect(first).toMatchObject({ action: 'hold', reason: 'demotion_pending', outlook: 'demotion_risk', outlookTier: 'silver', outlookQuarter: '2026Q2' });
    expect(second).toMatchObject({ action: 'demote', reason: 'qualified_below', from: 'gold', to: 'silver', justifiedBy: ['2026Q1', '2026Q2'] });
  });

  it('never demotes below the entry tier', () => {
    const decisions = replay('silver', quarters('none', 'none', 'none'));
    expect(decisions.map((decision) => decision.to)).toEqual(['silver', 'bronze', 'bronze']);
    expect(decisions[2]).toMatchObject({ action: 'hold', reason: 'at_entry_tier' });
  });
});

describe('decideTierChange: exit', () => {
  it('recommends exit after four consecutive quarters qualifying for no tier, keeping the tier', () => {
    const decisions = replay('bronze', quarters('none', 'none', 'none', 'none'));
    expect(decisions.slice(0, 3).map((decision) => decision.exit)).toEqual([null, null, null]);
    expect(decisions.slice(0, 3).map((decision) => decision.outlook)).toEqual(['exit_risk', 'exit_risk', 'exit_risk']);
    expect(decisions[3]).toMatchObject({
      action: 'hold',
      to: 'bronze',
      exit: { reason: 'no_tier', justifiedBy: ['2026Q1', '2026Q2', '2026Q3', '2026Q4'] },
      outlook: 'exit_risk',
    });
  });

  it('recommends exit when still below the second tier 90 days after signing, not at 89', () => {
    const history = quarters('bronze');
    const at89 = decideTierChange(aClose({ officialTier: 'bronze', history, agreementSignedOn: '2026-01-01', closingDay: '2026-03-31' }), RULES);
    expect(at89.exit).toBeNull();
    const at90 = decideTierChange(aClose({ officialTier: 'bronze', history, agreementSignedOn: '2025-12-31', closingDay: '2026-03-31' }), RULES);
    expect(at90.exit).toEqual({ reason: 'entry_tier_deadline', justifiedBy: ['2026Q1'] });
  });

  it('does not apply the entry deadline to a partner qualifying for the second tier', () => {
    const decision = decideTierChange(aClose({ officialTier: 'bronze', history: quarters('silver'), agreementSignedOn: '2025-01-01', closingDay: '2026-03-31' }), RULES);
    expect(decision.exit).toBeNull();
    expect(decision.outlook).toBe('advancing');
  });
});

describe('decideTierChange: hold and outlook', () => {
  it('holds with no history and with quarters at the tier', () => {
    expect(decideTierChange(aClose(), RULES)).toMatchObject({ quarter: null, action: 'hold', outlook: 'holding' });
    expect(replay('gold', quarters('gold', 'gold', 'gold')).at(-1)).toMatchObject({ action: 'hold', reason: 'qualified_at_tier', outlook: 'holding', quartersAbove: 0, quartersBelow: 0 });
  });

  it('names the close at which an advance would come', () => {
    expect(replay('silver', quarters('gold')).at(-1)).toMatchObject({ outlook: 'advancing', outlookTier: 'gold', outlookQuarter: '2026Q2' });
  });

  it('follows the program numbers', () => {
    const slower = { ...RULES, advanceAfterQuarters: 3 };
    expect(decideTierChange(aClose({ history: quarters('gold', 'gold') }), slower).action).toBe('hold');
    expect(decideTierChange(aClose({ history: quarters('gold', 'gold', 'gold') }), slower).action).toBe('advance');
  });
});

describe('decideTierChange: the worked example of docs/governance.md', () => {
  it('replays ten quarters of a Silver partner', () => {
    const decisions = replay('silver', quarters('gold', 'gold', 'silver', 'gold', 'bronze', 'bronze', 'none', 'none', 'none', 'none'));
    expect(decisions.map((decision) => [decision.quarter, decision.action, decision.to, decision.quartersAbove, decision.quartersBelow, decision.outlook])).toEqual([
      ['2026Q1', 'hold', 'silver', 1, 0, 'advancing'],
      ['2026Q2', 'advance', 'gold', 0, 0, 'holding'],
      ['2026Q3', 'hold', 'gold', 0, 1, 'demotion_risk'],
      ['2026Q4', 'hold', 'gold', 0, 0, 'holding'],
      ['2027Q1', 'hold', 'gold', 0, 1, 'demotion_risk'],
      ['2027Q2', 'demote', 'silver', 0, 2, 'demotion_risk'],
      ['2027Q3', 'demote', 'bronze', 0, 1, 'exit_risk'],
      ['2027Q4', 'hold', 'bronze', 0, 2, 'exit_risk'],
      ['2028Q1', 'hold', 'bronze', 0, 3, 'exit_risk'],
      ['2028Q2', 'hold', 'bronze', 0, 4, 'exit_risk'],
    ]);
    expect(decisions.slice(0, 9).every((decision) => decision.exit === null)).toBe(true);
    expect(decisions[9]!.exit).toEqual({ reason: 'no_tier', justifiedBy: ['2027Q3', '2027Q4', '2028Q1', '2028Q2'] });
    expect(decisions[2]).toMatchObject({ outlookTier: 'silver', outlookQuarter: '2026Q4' });
    expect(decisions[5]).toMatchObject({ justifiedBy: ['2027Q1', '2027Q2'], outlookTier: 'bronze', outlookQuarter: '2027Q3' });
  });
});

describe('decideTierChange: invariants', () => {
  const anyTier = fc.constantFrom(...TIERS);
  const anyHistory = fc.array(anyTier, { maxLength: 12 }).map((tiers) => quarters(...tiers));
  const anyClose = fc.record({
    officialTier: anyTier,
    history: anyHistory,
    fastTrack: fc.boolean(),
    agreementSignedOn: fc.option(fc.constantFrom('2025-01-01', '2026-06-30', '2027-11-15'), { nil: null }),
    closingDay: fc.constant('2027-12-31'),
  });

  it('never moves more than one tier at a close, and never below the entry tier by demotion', () => {
    fc.assert(
      fc.property(anyClose, (input) => {
        const decision = decideTierChange(input, RULES);
        expect(Math.abs(tierRank(decision.to) - tierRank(decision.from))).toBeLessThanOrEqual(decision.action === 'hold' ? 0 : 1);
        if (decision.action === 'demote') expect(tierRank(decision.to)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('the same history gives the same decision', () => {
    fc.assert(
      fc.property(anyClose, (input) => {
        expect(decideTierChange(structuredClone(input), RULES)).toEqual(decideTierChange(input, RULES));
      }),
    );
  });

  it('a change is justified by the latest consecutive quarters, all on its side of the official tier', () => {
    fc.assert(
      fc.property(anyClose, (input) => {
        const decision = decideTierChange(input, RULES);
        if (decision.action === 'hold') return;
        const needed = decision.action === 'demote' ? RULES.demoteAfterQuarters : input.fastTrack ? RULES.fastTrackAdvanceAfterQuarters : RULES.advanceAfterQuarters;
        const latest = input.history.slice(-needed);
        expect(decision.justifiedBy).toEqual(latest.map((entry) => entry.quarter));
        for (const entry of latest) {
          const side = Math.sign(tierRank(entry.qualified) - tierRank(input.officialTier));
          expect(side).toBe(decision.action === 'advance' ? 1 : -1);
        }
      }),
    );
  });

  it('a close after an advance never demotes', () => {
    fc.assert(
      fc.property(anyTier, anyHistory, fc.boolean(), (official, history, fastTrack) => {
        const decisions = replay(official, history, fastTrack);
        decisions.slice(1).forEach((decision, i) => {
          if (decisions[i]!.action === 'advance') expect(decision.action).not.toBe('demote');
        });
      }),
    );
  });

  it('a partner qualifying for the same tier quarter after quarter ends up there (the entry tier at least)', () => {
    fc.assert(
      fc.property(anyTier, anyTier, (official, qualified) => {
        const decisions = replay(official, quarters(...Array<TierOrNone>(RULES.advanceAfterQuarters + 4).fill(qualified)));
        const expected = qualified === 'none' ? (official === 'none' ? 'none' : 'bronze') : qualified;
        expect(decisions.at(-1)!.to).toBe(expected);
      }),
    );
  });
});
