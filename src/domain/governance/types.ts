import type { TierOrNone, TrackId } from '../../program/program-schema.js';
import type { CalendarDate } from '../types.js';

/**
 * A fiscal quarter. `label` is `YYYYQn` where YYYY is the fiscal year, named after the calendar
 * year in which it ends (with a fiscal year starting in July, July–September 2026 is `2027Q1`).
 */
export interface Quarter {
  label: string;
  fiscalYear: number;
  number: 1 | 2 | 3 | 4;
  firstDay: CalendarDate;
  lastDay: CalendarDate;
}

/** What a partner has achieved as of a day; money in minor units of the company currency. */
export interface PartnerMetrics {
  completeTracks: ReadonlySet<TrackId>;
  /** Valid (contact, certification) pairs. */
  validCertifications: number;
  /** Associated contacts holding at least one valid certification. */
  certifiedStaff: number;
  agreementSignedOn: CalendarDate | null;
  /** Partner-sourced closed-won revenue in the trailing 12 months. */
  revenue12m: number;
  newLogos12m: number;
  /** Open partner-sourced deals with an amount above 0. */
  openPipelineDeals: number;
  strategicWins12m: number;
}

/** One requirement of a tier that does not hold, with what is missing. */
export type Shortfall =
  | { requirement: 'tracks'; track: TrackId }
  | { requirement: 'minCertifications'; missing: number }
  | { requirement: 'minCertifiedStaff'; missing: number }
  | { requirement: 'agreementSigned' }
  | { requirement: 'minRevenue12m'; missing: number }
  | { requirement: 'minNewLogos12m'; missing: number }
  | { requirement: 'activePipeline' }
  | { requirement: 'minStrategicWins12m'; missing: number };

/** The tier a partner qualified for over one closed quarter. */
export interface QuarterQualification {
  quarter: string;
  qualified: TierOrNone;
}
