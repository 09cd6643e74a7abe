import { describe, expect, it } from 'vitest';
import { buildTierGovernance } from '../../../src/cards/build-tier-governance.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';

const QUARTERLY: Program = { ...DEFAULT_PROGRAM, governance: { ...DEFAULT_PROGRAM.governance, mode: 'quarterly' } };
const company = (properties: Record<string, string | null>) => ({ id: '77', properties });
const name = (tier: 'bronze' | 'silver' | 'gold' | 'platinum') => DEFAULT_PROGRAM.tiers[tier].name;

describe('buildTierGovernance', () => {
  it("reads the proposal from pe_tier_proposed, with the program's tier names", () => {
    const view = buildTierGovernance(company({ pe_tier: 'silver', pe_tier_proposed: 'gold' }), [], QUARTERLY, '2027-02-10');
    expect(view.proposal).toEqual({ from: { id: 'silver', name: name('silver') }, to: { id: 'gold', name: name('gold') } });
  });

  it('has no proposal when pe_tier_proposed is empty or not a tier', () => {
    expect(buildTierGovernance(company({ pe_tier: 'silver', pe_tier_proposed: '' }), [], QUARTERLY, '2027-02-10').proposal).toBeNull();
    expect(buildTierGovernance(company({ pe_tier: 'silver', pe_tier_proposed: 'diamond' }), [], QUARTERLY, '2027-02-10').proposal).toBeNull();
  });

  it('makes the outlook sentence from the counters and the next close', () => {
    const view = buildTierGovernance(
      company({ pe_tier: 'silver', pe_tier_outlook: 'advancing', pe_quarters_above: '1', pe_quarters_below: '0', pe_program_status: 'active' }),
      [],
      QUARTERLY,
      '2027-02-10',
    );
    expect(view.outlook).toBe(`Advancing to ${name('gold')} at the close of 2027 Q1 if this holds`);
  });

  it('keeps the history order it is given and names each tier', () => {
    const view = buildTierGovernance(
      company({ pe_tier: 'gold' }),
      [
        { quarter: '2027Q1', qualifiedTier: 'none', tierBefore: 'gold', tierAfter: 'gold', action: 'hold', reason: 'demotion_pending', proposedTier: null },
        { quarter: '2026Q4', qualifiedTier: 'gold', tierBefore: 'silver', tierAfter: 'silver', action: 'advance', reason: 'qualified_above', proposedTier: 'gold' },
      ],
      QUARTERLY,
      '2027-04-10',
    );
    expect(view.history.map((entry) => [entry.quarter, entry.qualified.name, entry.before.id, entry.after.id, entry.proposed?.id ?? null])).toEqual([
      ['2027Q1', 'None', 'gold', 'gold', null],
      ['2026Q4', name('gold'), 'silver', 'silver', 'gold'],
    ]);
  });
});
