import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determineTier } from '../../../../src/domain/determine-tier.js';
import { qualifyTier } from '../../../../src/domain/governance/qualify-tier.js';
import { requirementShortfalls } from '../../../../src/domain/governance/requirement-shortfalls.js';
import type { PartnerMetrics } from '../../../../src/domain/governance/types.js';
import { tierRank } from '../../../../src/domain/tier-requirements.js';
import { DEFAULT_PROGRAM } from '../../../../src/program/default-program.js';
import { loadProgram } from '../../../../src/program/load-program.js';
import { TRACK_IDS, type TrackId } from '../../../../src/program/program-schema.js';

const seed = loadProgram(path.resolve(import.meta.dirname, '../../../../examples/program-registered-silver-gold-platinum.json'));
const ASOF = '2027-03-31';

/** A partner that meets the seed program's Silver requirements exactly. */
function aPartner(overrides: Partial<PartnerMetrics> = {}): PartnerMetrics {
  return {
    completeTracks: new Set<TrackId>(['foundation', 'sales']),
    validCertifications: 2,
    certifiedStaff: 2,
    agreementSignedOn: '2026-01-15',
    revenue12m: 25_000_000,
    newLogos12m: 2,
    openPipelineDeals: 1,
    strategicWins12m: 0,
    ...overrides,
  };
}

describe('requirementShortfalls', () => {
  it('is empty at the boundary of every counted requirement', () => {
    expect(requirementShortfalls('silver', seed, aPartner(), ASOF)).toEqual([]);
  });

  it('names the revenue missing in minor units one unit below the boundary', () => {
    expect(requirementShortfalls('silver', seed, aPartner({ revenue12m: 24_999_999 }), ASOF)).toEqual([
      { requirement: 'minRevenue12m', missing: 1 },
    ]);
  });

  it('names how many more certified people, new logos and strategic wins are needed', () => {
    const partner = aPartner({ certifiedStaff: 0, newLogos12m: 1 });
    expect(requirementShortfalls('silver', seed, partner, ASOF)).toEqual([
      { requirement: 'minCertifiedStaff', missing: 2 },
      { requirement: 'minNewLogos12m', missing: 1 },
    ]);
    expect(requirementShortfalls('platinum', seed, aPartner({ strategicWins12m: 1 }), ASOF)).toContainEqual({
      requirement: 'minStrategicWins12m',
      missing: 1,
    });
  });

  it('asks for an open deal with an amount when the tier needs active pipeline', () => {
    expect(requirementShortfalls('silver', seed, aPartner({ openPipelineDeals: 0 }), ASOF)).toEqual([{ requirement: 'activePipeline' }]);
  });

  it('counts an agreement signed on the day, not one signed later or never', () => {
    expect(requirementShortfalls('bronze', seed, aPartner({ agreementSignedOn: ASOF }), ASOF)).toEqual([]);
    expect(requirementShortfalls('bronze', seed, aPartner({ agreementSignedOn: '2027-04-01' }), ASOF)).toEqual([{ requirement: 'agreementSigned' }]);
    expect(requirementShortfalls('bronze', seed, aPartner({ agreementSignedOn: null }), ASOF)).toEqual([{ requirement: 'agreementSigned' }]);
  });

  it('is cumulative: Gold also needs what Registered and Silver ask for', () => {
    const shortfalls = requirementShortfalls('gold', seed, aPartner({ agreementSignedOn: null, openPipelineDeals: 0 }), ASOF);
    expect(shortfalls).toEqual([
      { requirement: 'tracks', track: 'technical' },
      { requirement: 'minCertifications', missing: 3 },
      { requirement: 'minCertifiedStaff', missing: 3 },
      { requirement: 'minRevenue12m', missing: 75_000_000 },
      { requirement: 'minNewLogos12m', missing: 3 },
      { requirement: 'agreementSigned' },
      { requirement: 'activePipeline' },
    ]);
  });

  it('the enablement-only defaults ask for no business requirement', () => {
    const noBusiness = aPartner({ certifiedStaff: 0, agreementSignedOn: null, revenue12m: 0, newLogos12m: 0, openPipelineDeals: 0 });
    expect(requirementShortfalls('silver', DEFAULT_PROGRAM, noBusiness, ASOF)).toEqual([]);
  });
});

describe('qualifyTier', () => {
  it('qualifies the seed partner for Silver and no higher', () => {
    expect(qualifyTier(seed, aPartner(), ASOF)).toBe('silver');
  });

  it('a requirement of a lower tier caps the tier even when higher numbers are met', () => {
    const bigButUnsigned = aPartner({
      completeTracks: new Set(TRACK_IDS),
      validCertifications: 20,
      certifiedStaff: 20,
      revenue12m: 900_000_000,
      newLogos12m: 30,
      strategicWins12m: 5,
      agreementSignedOn: null,
    });
    expect(qualifyTier(seed, bigButUnsigned, ASOF)).toBe('none');
    expect(qualifyTier(seed, { ...bigButUnsigned, agreementSignedOn: '2026-01-01' }, ASOF)).toBe('platinum');
  });

  const anyMetrics = fc.record({
    tracks: fc.subarray([...TRACK_IDS]),
    validCertifications: fc.integer({ min: 0, max: 15 }),
    certifiedStaff: fc.integer({ min: 0, max: 15 }),
    signed: fc.boolean(),
    revenue12m: fc.integer({ min: 0, max: 700_000_000 }),
    newLogos12m: fc.integer({ min: 0, max: 15 }),
    openPipelineDeals: fc.integer({ min: 0, max: 3 }),
    strategicWins12m: fc.integer({ min: 0, max: 4 }),
  }).map(({ tracks, signed, ...rest }): PartnerMetrics => ({
    ...rest,
    completeTracks: new Set(tracks),
    agreementSignedOn: signed ? '2026-01-01' : null,
  }));

  it('never goes down when any metric goes up', () => {
    fc.assert(
      fc.property(anyMetrics, fc.integer({ min: 1, max: 200_000_000 }), fc.constantFrom('validCertifications', 'certifiedStaff', 'revenue12m', 'newLogos12m', 'openPipelineDeals', 'strategicWins12m' as const), (metrics, more, field) => {
        const better = { ...metrics, [field]: metrics[field] + more };
        expect(tierRank(qualifyTier(seed, better, ASOF))).toBeGreaterThanOrEqual(tierRank(qualifyTier(seed, metrics, ASOF)));
      }),
    );
  });

  it('is the highest tier without shortfalls, and every tier below it has none either', () => {
    fc.assert(
      fc.property(anyMetrics, (metrics) => {
        const tier = qualifyTier(seed, metrics, ASOF);
        for (const id of ['bronze', 'silver', 'gold', 'platinum'] as const) {
          const holds = requirementShortfalls(id, seed, metrics, ASOF).length === 0;
          if (tierRank(id) <= tierRank(tier)) expect(holds).toBe(true);
          if (tierRank(id) === tierRank(tier) + 1) expect(holds).toBe(false);
        }
      }),
    );
  });

  it('agrees with the enablement tier under the enablement-only defaults', () => {
    fc.assert(
      fc.property(anyMetrics, (metrics) => {
        expect(qualifyTier(DEFAULT_PROGRAM, metrics, ASOF)).toBe(determineTier(metrics, DEFAULT_PROGRAM));
      }),
    );
  });
});
