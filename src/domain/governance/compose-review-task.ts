import type { CalendarDate } from '../types.js';

/** The partner's performance as its properties hold it when the review is given. */
export interface ReviewSummary {
  companyName: string | null;
  /** Program names: the official tier (`pe_tier`) and the tier qualified for now (`pe_qualified_tier`). */
  tierName: string;
  qualifiedTierName: string | null;
  /** `weekly`, `monthly` or `quarterly`. */
  cadence: string;
  /** Display-ready figures (null when the partner has none yet). */
  revenue12m: string | null;
  newLogos12m: string | null;
  openPipeline: string | null;
  /** `75 (at risk)`. */
  health: string | null;
  /** `pe_gaps_summary`: one line per gap. */
  gaps: string | null;
}

const UNKNOWN = 'not known yet';

/**
 * The review task the company owner gets (docs/governance.md, "Review cadence"): its subject names
 * the partner and the review day; its body carries the performance summary, one line per figure,
 * and the open gaps; its last line is the `reference` (`reviewTaskReference`) that makes the task
 * findable again after a crash.
 */
export function composeReviewTask(summary: ReviewSummary, reviewOn: CalendarDate, reference: string): { subject: string; body: string } {
  const partner = summary.companyName ?? 'partner';
  const lines = [
    `${summary.cadence[0]!.toUpperCase()}${summary.cadence.slice(1)} tier review of ${partner}, due ${reviewOn}.`,
    `Tier: ${summary.tierName}`,
    `Qualified tier now: ${summary.qualifiedTierName ?? UNKNOWN}`,
    `Revenue, last 12 months: ${summary.revenue12m ?? UNKNOWN}`,
    `New logos, last 12 months: ${summary.newLogos12m ?? UNKNOWN}`,
    `Open pipeline: ${summary.openPipeline ?? UNKNOWN}`,
    `Health: ${summary.health ?? UNKNOWN}`,
    summary.gaps ? `Gaps:\n${summary.gaps}` : 'Gaps: none',
    `Reference: ${reference}`,
  ];
  return { subject: `Tier review: ${partner} (${summary.tierName})`, body: lines.join('\n') };
}
