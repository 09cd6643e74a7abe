import type { TierOrNone } from '../../program/program-schema.js';
import type { HealthStatus } from '../governance/calculate-partner-health.js';
import type { Quarter } from '../governance/types.js';
import type { LedgerBucket, LedgerEntryKind } from '../incentives/types.js';
import type { Money } from '../money/money.js';
import type { CalendarDate } from '../types.js';

/** `pe_program_status` (docs/governance.md "Governance decisions"). */
export type ProgramStatus = 'onboarding' | 'active' | 'exit_recommended' | 'exited';

/**
 * One partner on one day, as the product knew it (docs/metrics.md "Daily snapshots"). Money is in
 * minor units of the portal's company currency.
 */
export interface PartnerDaySnapshot {
  companyId: string;
  /** The day in the portal's time zone. */
  day: CalendarDate;
  /** The partner's name, for the top-partners and at-risk lists. */
  name: string | null;
  /** Official tier, `pe_tier`. */
  tier: TierOrNone;
  programStatus: ProgramStatus;
  readinessScore: number | null;
  healthScore: number | null;
  healthStatus: HealthStatus | null;
  certifiedStaff: number;
  validCertifications: number;
  agreementSignedOn: CalendarDate | null;
  firstCertifiedOn: CalendarDate | null;
  modulesAssigned: number;
  modulesCompleted: number;
  /** Certifications whose grace period ended this day, and how many of them were renewed before. */
  renewalsDue: number;
  renewalsRenewed: number;
  revenue12m: number;
  openPipeline: number;
  /** True for a day filled in after downtime with the state at catch-up. */
  caughtUp: boolean;
}

/**
 * The deals of one partner closed in a quarter, as every revenue metric reads them (docs/metrics.md
 * "Revenue and pipeline"): counted and summed, never needed one by one.
 */
export interface DealTally {
  /** The partner company; null for the direct deals, all in one tally. */
  partnerId: string | null;
  wonDeals: number;
  /** The won deals' amounts summed, minor units. */
  wonRevenue: number;
  lostDeals: number;
}

/**
 * A partner's state at quarter end: its latest snapshot inside the quarter, as much of it as the
 * quarter's metrics read (not the day it was taken, the valid certifications, the day's renewals,
 * the trailing revenue or whether it was caught up).
 */
export type QuarterEndState = Omit<PartnerDaySnapshot, 'day' | 'validCertifications' | 'renewalsDue' | 'renewalsRenewed' | 'revenue12m' | 'caughtUp'>;

/** A partner's program status at the end of a quarter: what exits and retention read of its state. */
export type QuarterEndStatus = Pick<PartnerDaySnapshot, 'companyId' | 'programStatus'>;

/** A deal registration as the dashboard reads it. */
export interface RegistrationRecord {
  dealId: string;
  partnerId: string;
  /** Epoch milliseconds. */
  submittedAt: number;
  decidedAt: number | null;
  slaBreached: boolean;
}

/** A sum of ledger entries of one partner, kind and bucket on one day. */
export interface LedgerSum {
  partnerId: string;
  kind: LedgerEntryKind;
  bucket: LedgerBucket;
  /** Signed, minor units. */
  amountMinor: number;
  occurredOn: CalendarDate;
}

/**
 * What the metrics of one quarter read (docs/metrics.md "Daily snapshots"): each partner's state at
 * quarter end and what happened inside the quarter, already placed on days of the portal's zone.
 */
export interface QuarterData {
  quarter: Quarter;
  /** Each partner's latest snapshot inside the quarter, exited partners included. */
  states: readonly QuarterEndState[];
  /** Renewals due and renewed, summed over the quarter's daily snapshots. */
  renewals: { due: number; renewed: number };
  /** Deals (partner-sourced and direct) closed on a day of the quarter, tallied per partner (see `tallyClosedDeals`). */
  dealTallies: readonly DealTally[];
  /** Registrations submitted on a day of the quarter. */
  registrations: readonly RegistrationRecord[];
  /** Ledger sums dated inside the quarter. */
  ledger: readonly LedgerSum[];
}

/**
 * The quarter-end states of one quarter summed as the headline metrics read them (docs/metrics.md
 * "Trend series"): what PostgreSQL can total for the quarters the dashboard shows only in its
 * series, and what `sumQuarterEndStates` totals from the states of the others.
 */
export interface QuarterEndTotals {
  /** Partners whose quarter-end state is not `exited`. */
  partnersInProgram: number;
  /** Sum and count of the readiness scores of those partners that have one. */
  readinessTotal: number;
  readinessScored: number;
  /** Those partners with at least one certified staff member. */
  certifiedPartners: number;
  /** Training modules assigned and completed, summed over those partners. */
  modulesAssigned: number;
  modulesCompleted: number;
  /**
   * Days from agreement to first certification of every partner (exited ones too) first certified
   * in the quarter, not before its agreement; in no particular order.
   */
  daysToFirstCertification: readonly number[];
}

/** What the trend series reads of one quarter (docs/metrics.md "Trend series"). */
export interface QuarterSeriesData {
  quarter: Quarter;
  totals: QuarterEndTotals;
  renewals: { due: number; renewed: number };
  /** Partner-sourced deals won in the quarter, minor units. */
  partnerRevenue: number;
  /** Registrations submitted on a day of the quarter. */
  registrations: readonly RegistrationRecord[];
}

/** A threshold and which side of it is good (docs/metrics.md "Targets"). */
export interface MetricTarget {
  threshold: number;
  better: 'higher' | 'lower';
}

/** A metric of the quarter beside the previous quarter's, with its target when it has one. */
export interface Metric<T = number | null> {
  value: T;
  previous: T;
  target: MetricTarget | null;
  /** null without a target or without a value. */
  met: boolean | null;
}

/** A money figure of the quarter beside the previous quarter's. */
export interface MoneyMetric {
  value: Money;
  previous: Money;
}
