import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';

/** One closed quarter of a partner, as the card lists it. */
export interface TierHistoryRow {
  quarter: string;
  qualifiedTier: string;
  tierBefore: string;
  tierAfter: string;
  action: string;
  reason: string;
  proposedTier: string | null;
}

/**
 * Reads a partner's tier snapshots (docs/governance.md, "Quarter close") for the partner card:
 * the latest closed quarters, newest first, in one query on the (portal, company, quarter) key.
 * Quarter labels (`YYYYQn`) order like the quarters they name.
 */
export class TierHistoryReader {
  constructor(private readonly db: Kysely<Database>) {}

  async latestForPartner(portalId: string, companyId: string, limit: number): Promise<TierHistoryRow[]> {
    const rows = await this.db
      .selectFrom('tier_snapshots')
      .select(['quarter', 'qualified_tier', 'tier_before', 'tier_after', 'action', 'reason', 'proposed_tier'])
      .where('portal_id', '=', portalId)
      .where('company_id', '=', companyId)
      .orderBy('quarter', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      quarter: row.quarter,
      qualifiedTier: row.qualified_tier,
      tierBefore: row.tier_before,
      tierAfter: row.tier_after,
      action: row.action,
      reason: row.reason,
      proposedTier: row.proposed_tier,
    }));
  }
}
