import type { ModuleTrackId, PartnerType, Role, TierId, TierOrNone, TrackId } from '../program/program-schema.js';

/** A calendar date, `YYYY-MM-DD`, in the partner's time zone. */
export type CalendarDate = string;

export type CertificationStatus = 'active' | 'expiring' | 'grace' | 'expired';
export type Priority = 'high' | 'medium' | 'low';
export type Trend = 'improving' | 'stable' | 'declining';

/** A contact as the rules see it: already parsed from HubSpot strings. */
export interface ContactSnapshot {
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  role: Role | null;
  /** Certification id → date earned. A certification with no earned date is absent. */
  certificationsEarnedOn: Record<string, CalendarDate>;
  /** Tracks the contact accepted (consent given) and is working on. */
  activeTracks: TrackId[];
  /** Tracks assigned and waiting for the contact's consent. */
  pendingTracks: TrackId[];
}

/** A partner company as the rules see it: already parsed from HubSpot strings. */
export interface PartnerSnapshot {
  companyId: string;
  name: string | null;
  isPartner: boolean;
  partnerType: PartnerType | null;
  foundationComplete: boolean;
  modulesCompleted: Record<ModuleTrackId, number>;
  lastEnablementActivity: CalendarDate | null;
  targetTier: TierId | null;
  /** A valid IANA zone (the program default when the company has none or an unknown one). */
  timeZone: string;
  /** `pe_agreement_signed_on`; absent or null when the partner has not signed. */
  agreementSignedOn?: CalendarDate | null;
  /** `pe_tier` as HubSpot holds it: the official tier that quarterly governance keeps between closes. */
  officialTier?: TierOrNone | null;
  ownerId: string | null;
  contacts: ContactSnapshot[];
}

/** One (contact, certification) pair of a partner. */
export interface HeldCertification {
  contactId: string;
  certificationId: string;
  earnedOn: CalendarDate;
  expiresOn: CalendarDate;
  /** `expiresOn − asOf` in whole days (negative once expired). */
  daysToExpiry: number;
  status: CertificationStatus;
}

export type Gap =
  | { type: 'training'; priority: Priority; track: TrackId; remainingModules?: number }
  | { type: 'certification'; priority: Priority; needed: number; recommended: string[] }
  | {
      type: 'renewal';
      priority: 'high';
      certification: string;
      contactId: string;
      expiresInDays: number;
    }
  | {
      /** A business requirement of the target tier (docs/governance.md, "Requirements") not met. */
      type: 'requirement';
      priority: Priority;
      shortfall: BusinessShortfall;
      /** The company currency the missing amount is in. */
      currency: string;
    };

/** An unmet business requirement, with what is missing where it is counted. */
export type BusinessShortfall =
  | { requirement: 'minCertifiedStaff' | 'minRevenue12m' | 'minNewLogos12m' | 'minStrategicWins12m'; missing: number }
  | { requirement: 'agreementSigned' | 'activePipeline' };

export type HealthStatusValue = 'on_target' | 'at_risk' | 'off_target';

/**
 * What a partner's deals and certified people add to its evaluation (docs/governance.md): the
 * figures written back, the tier they qualify for and partner health. Money in minor units.
 */
export interface BusinessFigures {
  qualifiedTier: TierOrNone;
  certifiedStaff: number;
  revenue12m: number;
  newLogos12m: number;
  strategicWins12m: number;
  wonDeals12m: number;
  lostDeals12m: number;
  openPipelineDeals: number;
  openPipeline: number;
  /** The company currency (ISO 4217) of the amounts. */
  currency: string;
  health: {
    score: number | null;
    status: HealthStatusValue | null;
    components: Array<{ name: 'revenue' | 'pipeline' | 'winRate' | 'enablement' | 'engagement'; value: number | null; weight: number; effectiveWeight: number }>;
  };
}

export interface TrackProgress {
  track: TrackId;
  completed: number;
  total: number;
  complete: boolean;
}

export interface ContactEvaluation {
  contactId: string;
  validCertifications: number;
  /** Earliest expiry among the contact's valid certifications. */
  nextCertificationExpiry: CalendarDate | null;
  /** Certification id → expiry date, for every certification the contact holds. */
  expiresOn: Record<string, CalendarDate>;
}

/** Everything the rules derive for one partner on one day. */
export interface PartnerEvaluation {
  companyId: string;
  asOf: CalendarDate;
  score: number;
  tier: TierOrNone;
  nextTier: TierId | null;
  pointsToNextTier: number;
  permissions: string[];
  targetTier: TierId | null;
  validCertifications: number;
  certificationsExpiring30d: number;
  certifications: HeldCertification[];
  tracks: TrackProgress[];
  gaps: Gap[];
  contacts: ContactEvaluation[];
  /** Odd values the rules met and set aside (a certification earned after `asOf`), one line each. */
  warnings: string[];
  /** Present when the partner's deals were given to the evaluation. */
  business?: BusinessFigures;
}

/** A past evaluation kept for the trend. */
export interface ScorePoint {
  /** Epoch milliseconds of the evaluation. */
  at: number;
  score: number;
  tier: TierOrNone;
}
