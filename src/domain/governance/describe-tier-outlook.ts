import type { GovernanceSettings } from '../../program/governance-settings.js';
import { TIER_IDS, type TierOrNone } from '../../program/program-schema.js';
import type { CalendarDate } from '../types.js';
import type { TierOutlook } from './decide-tier-change.js';
import { nextQuarter } from './next-quarter.js';
import { quarterContaining } from './quarter-containing.js';
import type { Quarter } from './types.js';

/** What the outlook sentence reads about a partner (its properties as the last close left them). */
export interface TierOutlookFacts {
  /** `pe_tier`, the official tier. */
  officialTier: TierOrNone;
  /** `pe_tier_outlook`; null when no close has set one. */
  outlook: TierOutlook | null;
  /** `pe_quarters_above` and `pe_quarters_below`: closed quarters in the runs above and below the official tier. */
  quartersAbove: number;
  quartersBelow: number;
  /** `pe_fast_track`. */
  fastTrack: boolean;
  /** `pe_program_status`; null when unset. */
  programStatus: string | null;
  /** Today in the portal's time zone: the quarter containing it is the next to close. */
  today: CalendarDate;
}

type Rules = Pick<
  GovernanceSettings,
  'mode' | 'fiscalYearStartMonth' | 'advanceAfterQuarters' | 'fastTrackAdvanceAfterQuarters' | 'demoteAfterQuarters' | 'exitAfterQuarters'
>;

/** `2027Q1` → `2027 Q1`, as people read it. */
function quarterName(quarter: Quarter): string {
  return `${quarter.fiscalYear} Q${quarter.number}`;
}

/** The close `quarters` closes from now: 1 is the close of the quarter containing today. */
function closeAfter(today: CalendarDate, quarters: number, fiscalYearStartMonth: number): Quarter {
  let quarter = quarterContaining(today, fiscalYearStartMonth);
  for (let step = 1; step < quarters; step += 1) quarter = nextQuarter(quarter, fiscalYearStartMonth);
  return quarter;
}

function tierAt(rank: number): TierOrNone {
  return rank < 0 ? 'none' : TIER_IDS[rank]!;
}

/**
 * The partner card's outlook line (docs/governance.md, "Governance decisions"): where the official
 * tier is heading if the coming quarters qualify as the last closed ones did. The quarter named is
 * the close at which the run reaches its length, counted from the quarter containing `today` (the
 * next to close): an `advancing` partner one quarter into a run of two advances at the next close.
 * An exit recommendation outranks the outlook. Null in `instant` mode, where tiers move at once,
 * and when no close has set an outlook.
 */
export function describeTierOutlook(facts: TierOutlookFacts, rules: Rules, tierName: (tier: TierOrNone) => string): string | null {
  if (facts.programStatus === 'exit_recommended') return 'Exit recommended: the owner decides, and a person confirms an exit';
  if (rules.mode !== 'quarterly' || facts.outlook === null) return null;
  const rank = facts.officialTier === 'none' ? -1 : TIER_IDS.indexOf(facts.officialTier);
  const closeIn = (runLength: number, run: number) => quarterName(closeAfter(facts.today, Math.max(1, runLength - run), rules.fiscalYearStartMonth));
  switch (facts.outlook) {
    case 'advancing': {
      if (rank >= TIER_IDS.length - 1) return `Holding ${tierName(facts.officialTier)}`;
      const advanceAfter = facts.fastTrack ? rules.fastTrackAdvanceAfterQuarters : rules.advanceAfterQuarters;
      return `Advancing to ${tierName(tierAt(rank + 1))} at the close of ${closeIn(advanceAfter, facts.quartersAbove)} if this holds`;
    }
    case 'demotion_risk':
      if (rank <= 0) return `Holding ${tierName(facts.officialTier)}`;
      return `Demotion risk: ${tierName(tierAt(rank - 1))} at the close of ${closeIn(rules.demoteAfterQuarters, facts.quartersBelow)} if this holds`;
    case 'exit_risk':
      return `Exit risk: exit recommended at the close of ${closeIn(rules.exitAfterQuarters, facts.quartersBelow)} if no tier is qualified until then`;
    case 'holding':
      return `Holding ${tierName(facts.officialTier)}`;
  }
}
