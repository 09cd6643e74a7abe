import { z } from 'zod';

/** How often the company owner gets a review task for a partner of a tier. */
export const REVIEW_CADENCES = ['none', 'weekly', 'monthly', 'quarterly'] as const;

const minorUnits = z.number().int().min(0);

/**
 * Requirements a tier may add beside `requiredTracks` and `minCertifications`. Every one is
 * optional (the enablement-only program uses none) and cumulative like the others: a tier needs
 * its own and those of every tier below it. Money is in minor units of the portal's company
 * currency (25000000 is 250,000.00).
 */
export const tierBusinessRequirementsShape = {
  /** Associated contacts holding at least one valid certification. */
  minCertifiedStaff: z.number().int().min(0).optional(),
  /** `pe_agreement_signed_on` is set and not in the future. */
  agreementSigned: z.boolean().optional(),
  /** Partner-sourced closed-won revenue in the trailing 12 months, in minor units. */
  minRevenue12m: minorUnits.optional(),
  /** Customers won for the first time (by anyone) in the trailing 12 months on this partner's deal. */
  minNewLogos12m: z.number().int().min(0).optional(),
  /** At least one open partner-sourced deal with an amount above 0. */
  activePipeline: z.boolean().optional(),
  /** Partner-sourced closed-won deals marked `pe_strategic` in the trailing 12 months. */
  minStrategicWins12m: z.number().int().min(0).optional(),
};

const healthWeights = z.object({
  revenue: z.number().min(0),
  pipeline: z.number().min(0),
  winRate: z.number().min(0),
  enablement: z.number().min(0),
  engagement: z.number().min(0),
}).strict();

/**
 * Quarterly tier governance and partner health (docs/governance.md). Defaults keep today's
 * behaviour: in `instant` mode the tier is whatever the partner qualifies for at each evaluation.
 */
export const governanceSettingsSchema = z.object({
  /** `instant` (default): the tier follows qualification at once; `quarterly`: it changes only at a quarter close. */
  mode: z.enum(['instant', 'quarterly']),
  /** Month (1–12) in which the fiscal year starts; quarters are counted from it. Default 1 (calendar quarters). */
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  /** Consecutive closed quarters qualifying above the official tier before it advances one tier. Default 2. */
  advanceAfterQuarters: z.number().int().min(1),
  /** The same with `pe_fast_track = true`. Default 1. */
  fastTrackAdvanceAfterQuarters: z.number().int().min(1),
  /** Consecutive closed quarters qualifying below the official tier before it is demoted one tier. Default 2. */
  demoteAfterQuarters: z.number().int().min(1),
  /** Consecutive closed quarters qualifying for no tier at all before exit is recommended. Default 4. */
  exitAfterQuarters: z.number().int().min(1),
  /** Days after `pe_agreement_signed_on` by which a partner must qualify above the entry tier. Default 90. */
  entryTierDays: z.number().int().min(1),
  /** With `true`, a change is proposed to the owner and applied only once approved. Default false. */
  approval: z.boolean(),
  reviewCadence: z.object({
    bronze: z.enum(REVIEW_CADENCES),
    silver: z.enum(REVIEW_CADENCES),
    gold: z.enum(REVIEW_CADENCES),
    platinum: z.enum(REVIEW_CADENCES),
  }).strict(),
  health: z.object({
    /** Points of each component; they add up to 100. */
    weights: healthWeights,
    /** Trailing-12-month revenue each tier is expected to bring, in minor units; a tier may have none. */
    revenueTargets: z.object({
      bronze: minorUnits.nullable(),
      silver: minorUnits.nullable(),
      gold: minorUnits.nullable(),
      platinum: minorUnits.nullable(),
    }).strict(),
    /** Open pipeline that counts as full coverage, as a multiple of the revenue still to reach. Default 3. */
    pipelineCoverage: z.number().positive(),
    /** Days within which enablement activity earns the engagement component. Default 90. */
    engagementWindowDays: z.number().int().positive(),
    /** Lowest score that is `on_target` (default 80) and lowest that is `at_risk` (default 50). */
    onTargetFrom: z.number().int().min(0).max(100),
    atRiskFrom: z.number().int().min(0).max(100),
  }).strict(),
}).strict();

export type GovernanceSettings = z.infer<typeof governanceSettingsSchema>;
export type HealthSettings = GovernanceSettings['health'];
