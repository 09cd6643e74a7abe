import { todayIn } from '../domain/calendar-date.js';
import { nextTierReview } from '../domain/governance/next-tier-review.js';
import { BATCH_LIMITS } from '../hubspot/batch-limits.js';
import { readDate, readTimeZone } from '../hubspot/read-property-value.js';
import { TIER_IDS, type TierOrNone } from '../program/program-schema.js';
import type { ReviewTaskOptions } from './create-due-review-tasks.js';

/** What one replan did. */
export interface ReplanReport {
  /** Partners HubSpot still has and that are in the program. */
  partners: number;
  /** Partners whose `pe_next_tier_review` was written. */
  datesWritten: number;
}

interface BatchReadAnswer {
  results: Array<{ id: string; properties: Record<string, string | null> }>;
}

const READ = ['pe_is_partner', 'pe_tier', 'pe_timezone', 'pe_next_tier_review', 'pe_program_status'];
const TIERS: readonly TierOrNone[] = ['none', ...TIER_IDS];

/**
 * Plans the reviews of partners whose official tier just changed (docs/governance.md, "Review
 * cadence"): a tier change restarts the cadence, so the next review is one step of the new tier's
 * cadence after today (none for a tier without reviews). The quarter close asks for this instead
 * of writing `pe_next_tier_review` itself, so the date has one writer, the review job. Reads the
 * partners 100 a call and writes only the dates that change, 100 a call; exited partners and
 * companies HubSpot no longer has are left alone.
 */
export async function replanTierReviews(
  options: Pick<ReviewTaskOptions, 'client' | 'portalId' | 'program' | 'timeZone' | 'logger' | 'now'>,
  companyIds: readonly string[],
): Promise<ReplanReport> {
  const { client, portalId, program } = options;
  const now = options.now?.() ?? Date.now();
  const ignore = () => undefined;
  const report: ReplanReport = { partners: 0, datesWritten: 0 };
  for (let start = 0; start < companyIds.length; start += BATCH_LIMITS.objects) {
    const body = { inputs: companyIds.slice(start, start + BATCH_LIMITS.objects).map((id) => ({ id })), properties: READ, propertiesWithHistory: [] };
    const answer = (await client.call({ portalId, operation: 'companies.batch.read' }, (sdk) => sdk.crm.companies.batchApi.read(body))) as unknown as BatchReadAnswer;
    const inputs: Array<{ id: string; properties: { pe_next_tier_review: string } }> = [];
    for (const record of answer.results) {
      const p = record.properties;
      if (p.pe_is_partner?.trim() !== 'true' || p.pe_program_status?.trim() === 'exited') continue;
      report.partners += 1;
      const timeZone = readTimeZone(p.pe_timezone, options.timeZone, ignore);
      const tier = TIERS.find((candidate) => candidate === p.pe_tier?.trim()) ?? 'none';
      const next = nextTierReview(tier, program.governance.reviewCadence, null, todayIn(timeZone, now));
      if (next === readDate(p.pe_next_tier_review, timeZone, ignore)) continue;
      inputs.push({ id: String(record.id), properties: { pe_next_tier_review: next ?? '' } });
    }
    if (inputs.length > 0) await client.call({ portalId, operation: 'companies.batch.update' }, (sdk) => sdk.crm.companies.batchApi.update({ inputs }));
    report.datesWritten += inputs.length;
  }
  options.logger?.info({ portalId, ...report }, 'tier reviews planned again after tier changes');
  return report;
}
