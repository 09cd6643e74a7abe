import { z } from 'zod';
import { checkGovernanceConsistency } from './check-governance-consistency.js';
import { checkProgramConsistency } from './check-program-consistency.js';
import { registrationSettingsSchema } from './registration-settings.js';
import { DEFAULT_GOVERNANCE } from './default-governance.js';
import { governanceSettingsSchema, tierBusinessRequirementsShape } from './governance-settings.js';
import { DEFAULT_INCENTIVE_SETTINGS } from './default-incentive-settings.js';
import { incentivesSettingsSchema, mdfSettingsSchema } from './incentive-settings.js';

/** Contact roles, as the `pe_partner_role` property spells them. */
export const ROLES = ['sales', 'se', 'consultant', 'manager', 'senior'] as const;
export type Role = (typeof ROLES)[number];

/** Training track ids. They are fixed because company properties are named after them. */
export const TRACK_IDS = ['foundation', 'sales', 'technical', 'advanced'] as const;
export type TrackId = (typeof TRACK_IDS)[number];
/** Tracks measured in modules (foundation is complete / not complete). */
export const MODULE_TRACK_IDS = ['sales', 'technical', 'advanced'] as const;
export type ModuleTrackId = (typeof MODULE_TRACK_IDS)[number];

/** Tier ids in ascending order. `none` is the value below bronze. */
export const TIER_IDS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export type TierId = (typeof TIER_IDS)[number];
export type TierOrNone = TierId | 'none';

export const PARTNER_TYPES = ['reseller', 'var', 'si', 'msp', 'technology', 'referral'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected lower-case letters, digits and underscores, starting with a letter');

const trackBase = z.object({
  name: z.string().min(1),
  purpose: z.string(),
  /** Contact roles the track is meant for; `all` means everyone. */
  audience: z.array(z.enum(['all', ...ROLES])).min(1),
  /** How long a contact has to finish the track once it is accepted. */
  durationWeeks: z.number().int().positive(),
}).strict();

const moduleTrack = trackBase.extend({
  /** Modules in the track. 0 makes the track contribute nothing to the score. */
  modules: z.number().int().min(0),
}).strict();

const certification = z.object({
  name: z.string().min(1),
  assessments: z.string(),
  /** Validity in calendar years from the date earned (29 Feb + 1 year = 28 Feb). */
  validityYears: z.number().int().positive(),
  renewal: z.string(),
}).strict();

const tier = z.object({
  name: z.string().min(1),
  /** Tracks this tier itself requires; lower tiers' requirements apply too (tiers are cumulative). */
  requiredTracks: z.array(z.enum(TRACK_IDS)),
  /** Valid certifications the partner needs (over all its contacts) for this tier. */
  minCertifications: z.number().int().min(0),
  /** Permissions this tier adds; a tier grants its own and every lower tier's. */
  permissions: z.array(identifier),
  /** Readiness score a partner is expected to reach for this tier. */
  targetScore: z.number().int().min(0).max(100),
  // Revenue-based requirements (docs/governance.md, "Requirements"); all optional.
  ...tierBusinessRequirementsShape,
}).strict();

export const programSchema = z
  .object({
    trainingTracks: z.object({
      foundation: trackBase,
      sales: moduleTrack,
      technical: moduleTrack,
      advanced: moduleTrack,
    }).strict(),
    /** Certification catalogue; the key becomes the contact property `pe_cert_<id>_earned_on`. */
    certifications: z.record(identifier, certification).refine((c) => Object.keys(c).length > 0, {
      message: 'at least one certification is needed',
    }),
    tiers: z.object({ bronze: tier, silver: tier, gold: tier, platinum: tier }).strict(),
    scoreWeights: z.object({
      foundation: z.number().min(0),
      sales: z.number().min(0),
      technical: z.number().min(0),
      certifications: z.number().min(0),
      recentActivity: z.number().min(0),
    }).strict(),
    /** Valid certifications that earn the whole certification weight. */
    certificationsForFullScore: z.number().int().positive(),
    /** A certification with fewer days than this left is `expiring`. */
    expiringWindowDays: z.number().int().min(0),
    /** Days after expiry during which a certification still counts (`grace`). */
    gracePeriodDays: z.number().int().min(0),
    /** Renewal reminders, in days before expiry. */
    reminderOffsetsDays: z.array(z.number().int().positive()).min(1),
    /** Local time (HH:mm) at which reminders are delivered in the partner's time zone. */
    reminderTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm'),
    maxActiveTracks: z.number().int().positive(),
    /** Enablement activity within this many days earns the recent-activity points. */
    activityWindowDays: z.number().int().positive(),
    trend: z.object({
      windowDays: z.number().int().positive(),
      thresholdPoints: z.number().positive(),
    }).strict(),
    /** IANA time zone used when a partner has none (or an unknown one). */
    defaultTimeZone: z.string().min(1),
    /** Deal registration and channel conflict (docs/registrations.md). */
    registrations: registrationSettingsSchema,
    /** Quarterly tier governance and partner health; a file without it keeps instant tiers. */
    governance: governanceSettingsSchema.prefault(DEFAULT_GOVERNANCE),
    /** SPIFFs, rebates and bonuses (docs/incentives.md); the seed's when absent. */
    incentives: incentivesSettingsSchema.default(() => structuredClone(DEFAULT_INCENTIVE_SETTINGS.incentives)),
    /** Market development funds by tier (docs/incentives.md); the seed's when absent. */
    mdf: mdfSettingsSchema.default(() => structuredClone(DEFAULT_INCENTIVE_SETTINGS.mdf)),
  })
  .strict()
  // Cross-field rules (permissions granted once, tiers ascending, weights summing to 100, unique
  // reminder offsets, a real time zone). zod runs them only once the shape above holds;
  // parseProgram runs them on a misshapen program too, so that a file's problems come together.
  .superRefine((program, ctx) => {
    for (const problem of [...checkProgramConsistency(program), ...checkGovernanceConsistency(program)]) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });

export type Program = z.infer<typeof programSchema>;
export type CertificationDefinition = Program['certifications'][string];
export type TierDefinition = Program['tiers'][TierId];
