import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculatePartnerHealth, type PartnerHealthInput } from '../../../../src/domain/governance/calculate-partner-health.js';
import { DEFAULT_GOVERNANCE } from '../../../../src/program/default-governance.js';
import type { HealthSettings } from '../../../../src/program/governance-settings.js';

const SETTINGS = DEFAULT_GOVERNANCE.health;

/** A Silver partner at 200,000 of its 250,000 target: the worked example of docs/governance.md. */
function aPartner(overrides: Partial<PartnerHealthInput> = {}): PartnerHealthInput {
  return {
    officialTier: 'silver',
    revenue12m: 20_000_000,
    openPipeline: 9_000_000,
    wonDeals12m: 3,
    lostDeals12m: 1,
    readinessScore: 70,
    lastEnablementActivity: '2027-02-01',
    asOf: '2027-03-31',
    ...overrides,
  };
}

const valueOf = (input: PartnerHealthInput, name: string) =>
  calculatePartnerHealth(input, SETTINGS).components.find((component) => component.name === name)!.value;

describe('calculatePartnerHealth', () => {
  it('adds up the weighted components: 28 + 12 + 11.25 + 14 + 10 = 75, at risk', () => {
    const health = calculatePartnerHealth(aPartner(), SETTINGS);
    expect(health.components.map((component) => [component.name, component.value])).toEqual([
      ['revenue', 0.8],
      ['pipeline', 0.6],
      ['winRate', 0.75],
      ['enablement', 0.7],
      ['engagement', 1],
    ]);
    expect(health).toMatchObject({ score: 75, status: 'at_risk' });
  });

  it('leaves out the win rate when no deal closed in 12 months and re-weights the rest', () => {
    const health = calculatePartnerHealth(aPartner({ wonDeals12m: 0, lostDeals12m: 0 }), SETTINGS);
    // (28 + 12 + 14 + 10) / 85 points
    expect(health.score).toBe(75);
    expect(health.components.find((component) => component.name === 'winRate')).toMatchObject({ value: null, effectiveWeight: 0 });
    expect(health.components.find((component) => component.name === 'revenue')!.effectiveWeight).toBeCloseTo((35 / 85) * 100);
  });

  it('caps revenue at the target and counts the pipeline as full once the target is reached', () => {
    const partner = aPartner({ revenue12m: 30_000_000, openPipeline: 0 });
    expect(valueOf(partner, 'revenue')).toBe(1);
    expect(valueOf(partner, 'pipeline')).toBe(1);
  });

  it('measures pipeline against three times the revenue still to reach, capped at 1', () => {
    expect(valueOf(aPartner({ openPipeline: 15_000_000 }), 'pipeline')).toBe(1);
    expect(valueOf(aPartner({ openPipeline: 30_000_000 }), 'pipeline')).toBe(1);
    expect(valueOf(aPartner({ openPipeline: 0 }), 'pipeline')).toBe(0);
  });

  it('measures a tier without a target (Registered) against the next tier up that has one', () => {
    expect(valueOf(aPartner({ officialTier: 'bronze', revenue12m: 12_500_000 }), 'revenue')).toBe(0.5);
    expect(valueOf(aPartner({ officialTier: 'gold', revenue12m: 50_000_000 }), 'revenue')).toBe(0.5);
  });

  it('has no revenue or pipeline data when the revenue is unknown', () => {
    const partner = aPartner({ revenue12m: null });
    expect([valueOf(partner, 'revenue'), valueOf(partner, 'pipeline')]).toEqual([null, null]);
    // (11.25 + 14 + 10) / 45 points
    expect(calculatePartnerHealth(partner, SETTINGS).score).toBe(78);
  });

  it('engagement counts activity fewer than 90 days back, and no activity as 0', () => {
    expect(valueOf(aPartner({ lastEnablementActivity: '2027-01-01' }), 'engagement')).toBe(1);
    expect(valueOf(aPartner({ lastEnablementActivity: '2026-12-31' }), 'engagement')).toBe(0);
    expect(valueOf(aPartner({ lastEnablementActivity: null }), 'engagement')).toBe(0);
  });

  it('status thresholds: 80 on target, 79 and 50 at risk, 49 off target', () => {
    const uniform = (score: number) => aPartner({ revenue12m: null, wonDeals12m: 0, lostDeals12m: 0, readinessScore: score });
    const onlyEnablement: HealthSettings = { ...SETTINGS, weights: { revenue: 0, pipeline: 0, winRate: 0, enablement: 100, engagement: 0 } };
    expect([80, 79, 50, 49].map((score) => calculatePartnerHealth(uniform(score), onlyEnablement).status)).toEqual([
      'on_target',
      'at_risk',
      'at_risk',
      'off_target',
    ]);
  });

  it('has no score when no weighted component has data', () => {
    const onlyWinRate: HealthSettings = { ...SETTINGS, weights: { revenue: 0, pipeline: 0, winRate: 100, enablement: 0, engagement: 0 } };
    expect(calculatePartnerHealth(aPartner({ wonDeals12m: 0, lostDeals12m: 0 }), onlyWinRate)).toMatchObject({ score: null, status: null });
  });

  const anyPartner = fc.record({
    officialTier: fc.constantFrom('none', 'bronze', 'silver', 'gold', 'platinum' as const),
    revenue12m: fc.option(fc.integer({ min: 0, max: 800_000_000 }), { nil: null }),
    openPipeline: fc.option(fc.integer({ min: 0, max: 800_000_000 }), { nil: null }),
    wonDeals12m: fc.integer({ min: 0, max: 40 }),
    lostDeals12m: fc.integer({ min: 0, max: 40 }),
    readinessScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    lastEnablementActivity: fc.option(fc.constantFrom('2027-03-30', '2026-06-01'), { nil: null }),
    asOf: fc.constant('2027-03-31'),
  });

  it('is an integer from 0 to 100, and the effective weights of the counted components add up to 100', () => {
    fc.assert(
      fc.property(anyPartner, (partner) => {
        const health = calculatePartnerHealth(partner, SETTINGS);
        expect(Number.isInteger(health.score)).toBe(true);
        expect(health.score).toBeGreaterThanOrEqual(0);
        expect(health.score).toBeLessThanOrEqual(100);
        expect(health.components.reduce((sum, component) => sum + component.effectiveWeight, 0)).toBeCloseTo(100);
      }),
    );
  });

  it('more revenue or one more win never lowers the score', () => {
    fc.assert(
      fc.property(anyPartner, fc.integer({ min: 1, max: 100_000_000 }), (partner, more) => {
        const score = calculatePartnerHealth(partner, SETTINGS).score!;
        if (partner.revenue12m !== null) {
          expect(calculatePartnerHealth({ ...partner, revenue12m: partner.revenue12m + more }, SETTINGS).score).toBeGreaterThanOrEqual(score);
        }
        if (partner.wonDeals12m + partner.lostDeals12m > 0) {
          expect(calculatePartnerHealth({ ...partner, wonDeals12m: partner.wonDeals12m + 1 }, SETTINGS).score).toBeGreaterThanOrEqual(score);
        }
      }),
    );
  });
});
