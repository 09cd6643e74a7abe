import type { GovernanceSettings } from '../../program/governance-settings.js';
import { TIER_IDS, type TierOrNone } from '../../program/program-schema.js';
import { daysBetween } from '../calendar-date.js';
import { tierRank } from '../tier-requirements.js';
import type { CalendarDate } from '../types.js';
import type { QuarterQualification } from './types.js';

/** What the decision reads about a partner at a quarter close. */
export interface TierChangeInput {
  /** `pe_tier` before this close. */
  officialTier: TierOrNone;
  /** Closed quarters with the tier qualified for in each, oldest first; the last is the quarter closing now. */
  history: readonly QuarterQualification[];
  /** `pe_fast_track`. */
  fastTrack: boolean;
  /** `pe_agreement_signed_on`. */
  agreementSignedOn: CalendarDate | null;
  /** The last day of the quarter closing now. */
  closingDay: CalendarDate;
}

export type TierChangeReason =
  | 'qualified_above'
  | 'fast_track'
  | 'qualified_below'
  | 'advance_pending'
  | 'demotion_pending'
  | 'at_entry_tier'
  | 'qualified_at_tier';

export type TierOutlook = 'advancing' | 'holding' | 'demotion_risk' | 'exit_risk';

/** The governance decision at one quarter close (docs/governance.md, "Governance decisions"). */
export interface TierChangeDecision {
  /** The quarter closing now; null when there is no closed quarter yet. */
  quarter: string | null;
  action: 'advance' | 'hold' | 'demote';
  from: TierOrNone;
  to: TierOrNone;
  reason: TierChangeReason;
  /** The consecutive quarters that justify the change, oldest first; empty on hold. */
  justifiedBy: string[];
  /** Consecutive closed quarters, up to this one, qualifying above / below the tier after the decision. */
  quartersAbove: number;
  quartersBelow: number;
  /** A recommendation only: the owner decides, and a person confirms an exit. */
  exit: null | { reason: 'no_tier' | 'entry_tier_deadline'; justifiedBy: string[] };
  /** Where the partner is heading if the coming quarters qualify as the latest did. */
  outlook: TierOutlook;
  /** The tier and the quarter at whose close it would be reached, for `advancing` and `demotion_risk`. */
  outlookTier: TierOrNone | null;
  outlookQuarter: string | null;
}

type Rules = Pick<
  GovernanceSettings,
  'advanceAfterQuarters' | 'fastTrackAdvanceAfterQuarters' | 'demoteAfterQuarters' | 'exitAfterQuarters' | 'entryTierDays'
>;

const LABEL = /^(\d{4})Q([1-4])$/;

/** Quarters since year 0, so that consecutive quarters differ by one. */
function quarterIndex(label: string): number {
  const match = LABEL.exec(label);
  return match ? Number(match[1]) * 4 + Number(match[2]) - 1 : Number.NaN;
}

function quarterLabelAfter(label: string, quarters: number): string {
  const index = quarterIndex(label) + quarters;
  return `${Math.floor(index / 4)}Q${(index % 4) + 1}`;
}

/** The trailing run of consecutive quarters, ending with the latest, for which `holds` is true. */
function trailingRun(history: readonly QuarterQualification[], holds: (entry: QuarterQualification) => boolean): QuarterQualification[] {
  const run: QuarterQualification[] = [];
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i]!;
    const later = run[0];
    if (!holds(entry)) break;
    if (later && quarterIndex(later.quarter) - quarterIndex(entry.quarter) !== 1) break;
    run.unshift(entry);
  }
  return run;
}

function runAbove(history: readonly QuarterQualification[], tier: TierOrNone): QuarterQualification[] {
  return trailingRun(history, (entry) => tierRank(entry.qualified) > tierRank(tier));
}

function runBelow(history: readonly QuarterQualification[], tier: TierOrNone): QuarterQualification[] {
  return trailingRun(history, (entry) => tierRank(entry.qualified) < tierRank(tier));
}

function tierAt(rank: number): TierOrNone {
  return rank < 0 ? 'none' : TIER_IDS[rank]!;
}

const labels = (run: QuarterQualification[]): string[] => run.map((entry) => entry.quarter);

type TierMove = Pick<TierChangeDecision, 'action' | 'to' | 'reason' | 'justifiedBy'>;

function decideMove(input: TierChangeInput, rules: Rules): TierMove {
  const official = tierRank(input.officialTier);
  const advanceAfter = input.fastTrack ? rules.fastTrackAdvanceAfterQuarters : rules.advanceAfterQuarters;
  const above = runAbove(input.history, input.officialTier);
  const below = runBelow(input.history, input.officialTier);
  if (above.length >= advanceAfter) {
    const justifying = above.slice(-advanceAfter);
    // One tier per close: the lowest tier qualified in the justifying quarters is at least one up,
    // and a partner two tiers up climbs the second tier at a later close.
    const lowest = Math.min(...justifying.map((entry) => tierRank(entry.qualified)));
    const reason = above.length < rules.advanceAfterQuarters ? 'fast_track' : 'qualified_above';
    return { action: 'advance', to: tierAt(Math.min(official + 1, lowest)), reason, justifiedBy: labels(justifying) };
  }
  if (below.length >= rules.demoteAfterQuarters) {
    // Demotion stops at the entry tier: leaving the program is an exit, which a person confirms.
    if (official <= 0) return { action: 'hold', to: input.officialTier, reason: 'at_entry_tier', justifiedBy: [] };
    return { action: 'demote', to: tierAt(official - 1), reason: 'qualified_below', justifiedBy: labels(below.slice(-rules.demoteAfterQuarters)) };
  }
  const reason = above.length > 0 ? 'advance_pending' : below.length > 0 ? 'demotion_pending' : 'qualified_at_tier';
  return { action: 'hold', to: input.officialTier, reason, justifiedBy: [] };
}

function decideExit(input: TierChangeInput, rules: Rules): TierChangeDecision['exit'] {
  const noTier = trailingRun(input.history, (entry) => entry.qualified === 'none');
  if (noTier.length >= rules.exitAfterQuarters) return { reason: 'no_tier', justifiedBy: labels(noTier.slice(-rules.exitAfterQuarters)) };
  const latest = input.history.at(-1);
  if (!latest || input.agreementSignedOn === null) return null;
  const secondTier = tierRank('silver');
  const stillBelow = tierRank(input.officialTier) < secondTier && tierRank(latest.qualified) < secondTier;
  const daysSigned = daysBetween(input.agreementSignedOn, input.closingDay);
  if (stillBelow && daysSigned >= rules.entryTierDays) return { reason: 'entry_tier_deadline', justifiedBy: [latest.quarter] };
  return null;
}

/**
 * The governance decision at a quarter close in `quarterly` mode: advance one tier after
 * `advanceAfterQuarters` consecutive closed quarters qualifying above the official tier (the fast
 * track's number with `pe_fast_track`), demote one tier after `demoteAfterQuarters` below it (never
 * below the entry tier), otherwise hold; and, apart from the tier, recommend exit after
 * `exitAfterQuarters` consecutive quarters qualifying for no tier or once a partner is still below
 * the second tier `entryTierDays` after signing. Consecutive means adjacent quarter labels: a
 * missing quarter ends a run. The same input always gives the same decision.
 */
export function decideTierChange(input: TierChangeInput, rules: Rules): TierChangeDecision {
  const move = decideMove(input, rules);
  const exit = decideExit(input, rules);
  const above = runAbove(input.history, move.to);
  const below = runBelow(input.history, move.to);
  const quarter = input.history.at(-1)?.quarter ?? null;
  const decision: TierChangeDecision = {
    quarter,
    action: move.action,
    from: input.officialTier,
    to: move.to,
    reason: move.reason,
    justifiedBy: move.justifiedBy,
    quartersAbove: above.length,
    quartersBelow: below.length,
    exit,
    outlook: 'holding',
    outlookTier: null,
    outlookQuarter: null,
  };
  const noTierRun = trailingRun(input.history, (entry) => entry.qualified === 'none');
  if (exit !== null || (noTierRun.length > 0 && tierRank(move.to) <= 0)) return { ...decision, outlook: 'exit_risk' };
  if (quarter === null) return decision;
  const advanceAfter = input.fastTrack ? rules.fastTrackAdvanceAfterQuarters : rules.advanceAfterQuarters;
  if (above.length > 0 && move.to !== 'platinum') {
    const quartersToGo = Math.max(1, advanceAfter - above.length);
    return { ...decision, outlook: 'advancing', outlookTier: tierAt(tierRank(move.to) + 1), outlookQuarter: quarterLabelAfter(quarter, quartersToGo) };
  }
  if (below.length > 0 && tierRank(move.to) > 0) {
    const quartersToGo = Math.max(1, rules.demoteAfterQuarters - below.length);
    return { ...decision, outlook: 'demotion_risk', outlookTier: tierAt(tierRank(move.to) - 1), outlookQuarter: quarterLabelAfter(quarter, quartersToGo) };
  }
  return decision;
}
