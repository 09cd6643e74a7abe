import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumberOf } from '../../../../src/domain/calendar-date.js';
import { compileTierRequirements } from '../../../../src/domain/governance/compile-tier-requirements.js';
import { requirementShortfalls } from '../../../../src/domain/governance/requirement-shortfalls.js';
import type { PartnerMetrics, Shortfall } from '../../../../src/domain/governance/types.js';
import { loadProgram } from '../../../../src/program/load-program.js';
import { TIER_IDS, TRACK_IDS, type Program, type TierId } from '../../../../src/program/program-schema.js';

const seed = loadProgram(path.resolve(import.meta.dirname, '../../../../examples/program-registered-silver-gold-platinum.json'));
const ASOF = '2027-03-31';
const COUNTED = ['minCertifications', 'minCertifiedStaff', 'minRevenue12m', 'minNewLogos12m', 'minStrategicWins12m'] as const;

/**
 * The rule of docs/governance.md, "Requirements", read straight from the tier definitions on every
 * call, with no compiled table: what the compiled requirements must always agree with.
 */
function shortfallsFromDefinitions(tier: TierId, program: Program, metrics: PartnerMetrics, asOf: string): Shortfall[] {
  const tiers = TIER_IDS.slice(0, TIER_IDS.indexOf(tier) + 1).map((id) => program.tiers[id]);
  const shortfalls: Shortfall[] = [];
  for (const track of new Set(tiers.flatMap((definition) => definition.requiredTracks))) {
    if (!metrics.completeTracks.has(track)) shortfalls.push({ requirement: 'tracks', track });
  }
  const have = {
    minCertifications: metrics.validCertifications,
    minCertifiedStaff: metrics.certifiedStaff,
    minRevenue12m: metrics.revenue12m,
    minNewLogos12m: metrics.newLogos12m,
    minStrategicWins12m: metrics.strategicWins12m,
  };
  for (const requirement of COUNTED) {
    const missing = Math.max(0, ...tiers.map((definition) => definition[requirement] ?? 0)) - have[requirement];
    if (missing > 0) shortfalls.push({ requirement, missing });
  }
  const signed = metrics.agreementSignedOn === null ? Number.NaN : dayNumberOf(metrics.agreementSignedOn);
  if (tiers.some((definition) => definition.agreementSigned === true) && !(signed <= dayNumberOf(asOf))) shortfalls.push({ requirement: 'agreementSigned' });
  if (tiers.some((definition) => definition.activePipeline === true) && metrics.openPipelineDeals < 1) shortfalls.push({ requirement: 'activePipeline' });
  return shortfalls;
}

const anyTierRequirements = fc.record(
  {
    requiredTracks: fc.subarray([...TRACK_IDS]),
    minCertifications: fc.nat({ max: 6 }),
    minCertifiedStaff: fc.nat({ max: 6 }),
    minRevenue12m: fc.nat({ max: 3_000_000 }),
    minNewLogos12m: fc.nat({ max: 6 }),
    minStrategicWins12m: fc.nat({ max: 4 }),
    agreementSigned: fc.boolean(),
    activePipeline: fc.boolean(),
  },
  { requiredKeys: ['requiredTracks', 'minCertifications'] },
);

/** A fresh program object each time, tiers asking anything (ascending or not), from the seed's. */
const anyProgram = fc.tuple(anyTierRequirements, anyTierRequirements, anyTierRequirements, anyTierRequirements).map(
  (requirements): Program => ({
    ...seed,
    tiers: Object.fromEntries(TIER_IDS.map((id, index) => [id, { name: seed.tiers[id].name, permissions: seed.tiers[id].permissions, targetScore: seed.tiers[id].targetScore, ...requirements[index] }])) as Program['tiers'],
  }),
);

const anyMetrics = fc.record({
  completeTracks: fc.subarray([...TRACK_IDS]).map((tracks) => new Set(tracks)),
  validCertifications: fc.nat({ max: 8 }),
  certifiedStaff: fc.nat({ max: 8 }),
  agreementSignedOn: fc.constantFrom(null, '2026-01-15', ASOF, '2027-04-01', 'not a date'),
  // Refunds can make revenue negative: a tier asking for nothing still reports what is missing.
  revenue12m: fc.integer({ min: -500_000, max: 4_000_000 }),
  newLogos12m: fc.nat({ max: 8 }),
  openPipelineDeals: fc.nat({ max: 2 }),
  strategicWins12m: fc.nat({ max: 5 }),
});

describe('compileTierRequirements', () => {
  it('gives every tier the shortfalls its own and every lower tier’s definitions give, for any program and partner', () => {
    fc.assert(
      fc.property(anyProgram, anyMetrics, fc.constantFrom(...TIER_IDS), (program, metrics, tier) => {
        expect(requirementShortfalls(tier, program, metrics, ASOF)).toEqual(shortfallsFromDefinitions(tier, program, metrics, ASOF));
      }),
      { numRuns: 500 },
    );
  });

  it('adds the lower tiers in: the seed Gold asks for the agreement and the pipeline Registered and Silver ask for', () => {
    const gold = compileTierRequirements(seed).gold;
    expect(gold.tracks).toEqual(['foundation', 'sales', 'technical']);
    expect(gold.agreementSigned).toBe(true);
    expect(gold.activePipeline).toBe(true);
    expect(Object.fromEntries(gold.counted.map(({ requirement, needed }) => [requirement, needed]))).toEqual({
      minCertifications: 5,
      minCertifiedStaff: 5,
      minRevenue12m: 100_000_000,
      minNewLogos12m: 5,
      minStrategicWins12m: 0,
    });
  });

  it('works out a program once, and a program with other tiers for itself', () => {
    const other: Program = { ...seed, tiers: { ...seed.tiers, silver: { ...seed.tiers.silver, minRevenue12m: 1 } } };
    expect(compileTierRequirements({ ...seed, governance: { ...seed.governance, mode: 'instant' } })).toBe(compileTierRequirements(seed));
    expect(compileTierRequirements(other).silver.counted.find((c) => c.requirement === 'minRevenue12m')?.needed).toBe(1);
    expect(compileTierRequirements(seed).silver.counted.find((c) => c.requirement === 'minRevenue12m')?.needed).toBe(25_000_000);
  });
});
