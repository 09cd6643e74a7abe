import { daysBetween } from '../domain/calendar-date.js';
import { isValidStatus } from '../domain/certification-status.js';
import { evaluatePartner } from '../domain/evaluate-partner.js';
import { applyTierDecision, type TierProposal } from '../domain/governance/apply-tier-decision.js';
import { decideTierChange, type TierChangeDecision } from '../domain/governance/decide-tier-change.js';
import type { DealFact } from '../domain/governance/deal-fact.js';
import { qualifyTier } from '../domain/governance/qualify-tier.js';
import { summarizePartnerDeals, type PartnerDealSummary } from '../domain/governance/summarize-partner-deals.js';
import type { PartnerMetrics, Quarter, QuarterQualification } from '../domain/governance/types.js';
import { tierRank } from '../domain/tier-requirements.js';
import type { CalendarDate, PartnerSnapshot } from '../domain/types.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import { readBoolean, readChoice, readDate } from '../hubspot/read-property-value.js';
import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import type { NewTierSnapshot } from './quarter-close-store.js';

export type ProgramStatus = 'onboarding' | 'active' | 'exit_recommended' | 'exited';

const TIERS_OR_NONE: readonly TierOrNone[] = ['none', ...TIER_IDS];
const STATUSES: readonly ProgramStatus[] = ['onboarding', 'active', 'exit_recommended', 'exited'];

/** What a close derived for one partner beyond the snapshot's columns: kept in `metrics`, so a resumed close repeats it. */
export interface PartnerCloseDetails {
  /** The figures the decision read, as of the quarter's last day. */
  figures: Omit<PartnerMetrics, 'completeTracks'> & { completeTracks: string[] } & Pick<PartnerDealSummary, 'openPipeline' | 'wonDeals12m' | 'lostDeals12m'>;
  justifiedBy: string[];
  exit: TierChangeDecision['exit'];
  outlookTier: TierOrNone | null;
  outlookQuarter: string | null;
  /** A proposal nobody decided before this close, which lapsed. */
  lapsed: TierProposal | null;
  /** What the close does in HubSpot besides the outputs. */
  effects: { tierNote: boolean; proposalTask: boolean; exitTask: boolean };
}

/** One partner read for a close: its HubSpot records, already parsed. */
export interface PartnerAtClose {
  company: HubSpotRecord;
  snapshot: PartnerSnapshot;
}

export interface PlanPartnerCloseInput {
  partner: PartnerAtClose;
  program: Program;
  quarter: Quarter;
  /** Earlier closed quarters of this partner, oldest first, with the tier proposed at each close. */
  history: ReadonlyArray<QuarterQualification & { proposed: TierOrNone | null }>;
  deals: readonly DealFact[];
  /** Customer id → deal id of its first win by anyone. */
  firstWins: ReadonlyMap<string, string>;
}

const ignore = () => undefined;

/** The partner's figures on the quarter's last day: enablement as evaluation reads it, business from the deal facts. */
function metricsAt(input: PlanPartnerCloseInput, agreementSignedOn: CalendarDate | null): { metrics: PartnerMetrics; deals: PartnerDealSummary } {
  const { partner, program, quarter } = input;
  const evaluation = evaluatePartner(partner.snapshot, program, quarter.lastDay);
  const certified = new Set(evaluation.certifications.filter((held) => isValidStatus(held.status)).map((held) => held.contactId));
  const deals = summarizePartnerDeals(partner.company.id, input.deals, input.firstWins, quarter.lastDay, partner.snapshot.timeZone);
  return {
    metrics: {
      completeTracks: new Set(evaluation.tracks.filter((track) => track.complete).map((track) => track.track)),
      validCertifications: evaluation.validCertifications,
      certifiedStaff: certified.size,
      agreementSignedOn,
      revenue12m: deals.revenue12m,
      newLogos12m: deals.newLogos12m,
      openPipelineDeals: deals.openPipelineDeals,
      strategicWins12m: deals.strategicWins12m,
    },
    deals,
  };
}

/** docs/governance.md, "Program status". */
function programStatusOf(exitConfirmed: boolean, decision: TierChangeDecision, officialAfter: TierOrNone, agreementSignedOn: CalendarDate | null, closingDay: CalendarDate, entryTierDays: number): ProgramStatus {
  if (exitConfirmed) return 'exited';
  if (decision.exit !== null) return 'exit_recommended';
  if (officialAfter === 'none') return 'onboarding';
  const withinEntryWindow = agreementSignedOn !== null && daysBetween(agreementSignedOn, closingDay) < entryTierDays;
  return withinEntryWindow && tierRank(officialAfter) < tierRank('silver') ? 'onboarding' : 'active';
}

/**
 * A partner's close of a quarter (docs/governance.md, "Quarter close"): the tier it qualified for on
 * the quarter's last day, the governance decision over its closed quarters, the approval step, and
 * what the close must do in HubSpot. Reads no I/O: the caller brings the records, deals and history.
 * An exited partner (`pe_exit_confirmed_on` set) gets its snapshot and status, nothing else.
 */
export function planPartnerClose(input: PlanPartnerCloseInput): NewTierSnapshot & { details: PartnerCloseDetails } {
  const { partner, program, quarter } = input;
  const { governance } = program;
  const properties = partner.company.properties;
  const timeZone = partner.snapshot.timeZone;
  const agreementSignedOn = readDate(properties.pe_agreement_signed_on, timeZone, ignore);
  const exitConfirmed = readDate(properties.pe_exit_confirmed_on, timeZone, ignore) !== null;
  const officialTier = readChoice(properties.pe_tier, TIERS_OR_NONE, ignore) ?? 'none';
  const pendingTier = readChoice(properties.pe_tier_proposed, TIERS_OR_NONE, ignore);
  const previousStatus = readChoice(properties.pe_program_status, STATUSES, ignore);
  const { metrics, deals } = metricsAt(input, agreementSignedOn);
  const qualified = qualifyTier(program, metrics, quarter.lastDay);
  const history = [...input.history.map(({ quarter: label, qualified: tier }) => ({ quarter: label, qualified: tier })), { quarter: quarter.label, qualified }];
  const decision = decideTierChange(
    { officialTier, history, fastTrack: readBoolean(properties.pe_fast_track, ignore), agreementSignedOn, closingDay: quarter.lastDay },
    governance,
  );
  const pendingQuarter = [...input.history].reverse().find((entry) => entry.proposed !== null)?.quarter ?? quarter.label;
  const pending: TierProposal | null = pendingTier === null ? null : { tier: pendingTier, quarter: pendingQuarter };
  const applied = exitConfirmed
    ? { officialTier, proposal: null, lapsed: null }
    : applyTierDecision(decision, governance.approval, pending);
  const programStatus = programStatusOf(exitConfirmed, decision, applied.officialTier, agreementSignedOn, quarter.lastDay, governance.entryTierDays);
  const details: PartnerCloseDetails = {
    figures: {
      ...metrics,
      completeTracks: [...metrics.completeTracks],
      openPipeline: deals.openPipeline,
      wonDeals12m: deals.wonDeals12m,
      lostDeals12m: deals.lostDeals12m,
    },
    justifiedBy: decision.justifiedBy,
    exit: decision.exit,
    outlookTier: decision.outlookTier,
    outlookQuarter: decision.outlookQuarter,
    lapsed: applied.lapsed,
    effects: {
      tierNote: !exitConfirmed && applied.officialTier !== officialTier,
      proposalTask: !exitConfirmed && applied.proposal !== null,
      exitTask: programStatus === 'exit_recommended' && previousStatus !== 'exit_recommended',
    },
  };
  return {
    companyId: partner.company.id,
    qualifiedTier: qualified,
    tierBefore: officialTier,
    tierAfter: applied.officialTier,
    action: exitConfirmed ? 'hold' : decision.action,
    reason: exitConfirmed ? 'exited' : decision.reason,
    outlook: decision.outlook,
    quartersAbove: decision.quartersAbove,
    quartersBelow: decision.quartersBelow,
    proposedTier: applied.proposal?.tier ?? null,
    programStatus,
    metrics: details,
    details,
  };
}
