import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, TierSnapshotsTable } from '../db/database-schema.js';
import type { TierOrNone } from '../program/program-schema.js';
import type { QuarterQualification } from '../domain/governance/types.js';

/** The audit action that marks a partner's close as carried out in HubSpot (outputs, note, tasks). */
export const QUARTER_CLOSED_ACTION = 'governance.quarter-closed';

/** What claiming a quarter found (docs/governance.md, "Quarter close"). */
export type QuarterClaim =
  /** This caller claimed the quarter now: no partner has a snapshot yet. */
  | { state: 'claimed' }
  /** An unfinished claim older than the lease was taken over: partners with a snapshot are done. */
  | { state: 'resumed'; claimedAt: number }
  /** The quarter was closed already; a finished close never runs again. */
  | { state: 'finished'; finishedAt: number; partners: number; changed: number }
  /** Another worker holds a live claim. */
  | { state: 'busy'; claimedAt: number };

/** A partner's closed quarter as stored: never updated once written. */
export type TierSnapshot = Selectable<TierSnapshotsTable>;

/** A snapshot to write; `metrics` is the JSON of what the decision read and derived. */
export interface NewTierSnapshot {
  companyId: string;
  qualifiedTier: TierOrNone;
  tierBefore: TierOrNone;
  tierAfter: TierOrNone;
  action: string;
  reason: string;
  outlook: string;
  quartersAbove: number;
  quartersBelow: number;
  proposedTier: TierOrNone | null;
  programStatus: string;
  metrics: unknown;
}

/** Rows per insert: 13 parameters a row stays far below PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 1_000;

/**
 * `quarter_closes` and `tier_snapshots`: the claim that makes a quarter close once per portal
 * however many workers see the scheduler fire, and each partner's closed quarter, written once.
 */
export class QuarterCloseStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claims (portal, quarter): inserts the claim, or takes over an unfinished one whose holder has
   * not renewed it for `leaseMs` (it died). The take-over compares the old claim time, so of two
   * workers taking over the same stale claim exactly one wins.
   */
  async claim(portalId: string, quarter: string, now: number, leaseMs: number): Promise<QuarterClaim> {
    const inserted = await this.db.insertInto('quarter_closes')
      .values({ portal_id: portalId, quarter, claimed_at: new Date(now), finished_at: null, partners: null, changed: null })
      .onConflict((conflict) => conflict.columns(['portal_id', 'quarter']).doNothing())
      .returning('quarter').executeTakeFirst();
    if (inserted) return { state: 'claimed' };
    const row = await this.db.selectFrom('quarter_closes').selectAll().where('portal_id', '=', portalId).where('quarter', '=', quarter).executeTakeFirstOrThrow();
    if (row.finished_at !== null) {
      return { state: 'finished', finishedAt: row.finished_at.getTime(), partners: row.partners ?? 0, changed: row.changed ?? 0 };
    }
    const claimedAt = row.claimed_at.getTime();
    if (now - claimedAt < leaseMs) return { state: 'busy', claimedAt };
    const taken = await this.db.updateTable('quarter_closes').set({ claimed_at: new Date(now) })
      .where('portal_id', '=', portalId).where('quarter', '=', quarter)
      .where('finished_at', 'is', null).where('claimed_at', '=', row.claimed_at)
      .returning('quarter').executeTakeFirst();
    return taken ? { state: 'resumed', claimedAt } : { state: 'busy', claimedAt };
  }

  /** Renews the claim of a close in progress, so that no other worker takes it over. */
  async renew(portalId: string, quarter: string, now: number): Promise<void> {
    await this.db.updateTable('quarter_closes').set({ claimed_at: new Date(now) })
      .where('portal_id', '=', portalId).where('quarter', '=', quarter).where('finished_at', 'is', null).execute();
  }

  /** Lets the next attempt take an unfinished close over at once (its claim is aged past any lease). */
  async release(portalId: string, quarter: string): Promise<void> {
    await this.db.updateTable('quarter_closes').set({ claimed_at: new Date(0) })
      .where('portal_id', '=', portalId).where('quarter', '=', quarter).where('finished_at', 'is', null).execute();
  }

  /** Marks the close finished with its counts (partners closed, partners whose tier or proposal changed). */
  async finish(portalId: string, quarter: string, now: number): Promise<{ partners: number; changed: number }> {
    const counts = await this.db.selectFrom('tier_snapshots')
      .select((eb) => [
        eb.fn.countAll<string>().as('partners'),
        sql<string>`count(*) filter (where tier_before <> tier_after or proposed_tier is not null)`.as('changed'),
      ])
      .where('portal_id', '=', portalId).where('quarter', '=', quarter).executeTakeFirstOrThrow();
    const partners = Number(counts.partners);
    const changed = Number(counts.changed);
    await this.db.updateTable('quarter_closes').set({ finished_at: new Date(now), partners, changed })
      .where('portal_id', '=', portalId).where('quarter', '=', quarter).where('finished_at', 'is', null).execute();
    return { partners, changed };
  }

  /** The close of a quarter as recorded, or null when it was never claimed. */
  async closeOf(portalId: string, quarter: string): Promise<{ claimedAt: number; finishedAt: number | null; partners: number | null; changed: number | null } | null> {
    const row = await this.db.selectFrom('quarter_closes').selectAll().where('portal_id', '=', portalId).where('quarter', '=', quarter).executeTakeFirst();
    return row ? { claimedAt: row.claimed_at.getTime(), finishedAt: row.finished_at?.getTime() ?? null, partners: row.partners, changed: row.changed } : null;
  }

  /** Writes snapshots once: resolves with the companies whose snapshot this call wrote. */
  async insertSnapshots(portalId: string, quarter: string, snapshots: readonly NewTierSnapshot[], now: number): Promise<Set<string>> {
    const written = new Set<string>();
    for (let index = 0; index < snapshots.length; index += ROWS_PER_INSERT) {
      const rows = snapshots.slice(index, index + ROWS_PER_INSERT).map((snapshot) => ({
        portal_id: portalId,
        company_id: snapshot.companyId,
        quarter,
        qualified_tier: snapshot.qualifiedTier,
        tier_before: snapshot.tierBefore,
        tier_after: snapshot.tierAfter,
        action: snapshot.action,
        reason: snapshot.reason,
        outlook: snapshot.outlook,
        quarters_above: snapshot.quartersAbove,
        quarters_below: snapshot.quartersBelow,
        proposed_tier: snapshot.proposedTier,
        program_status: snapshot.programStatus,
        metrics: JSON.stringify(snapshot.metrics),
        closed_at: new Date(now),
      }));
      const inserted = await this.db.insertInto('tier_snapshots').values(rows)
        .onConflict((conflict) => conflict.columns(['portal_id', 'company_id', 'quarter']).doNothing())
        .returning('company_id').execute();
      for (const row of inserted) written.add(row.company_id);
    }
    return written;
  }

  /** The snapshots of `quarter` of these companies, by company. */
  async snapshotsOf(portalId: string, quarter: string, companyIds: readonly string[]): Promise<Map<string, TierSnapshot>> {
    if (companyIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('tier_snapshots').selectAll()
      .where('portal_id', '=', portalId).where('quarter', '=', quarter).where('company_id', 'in', [...companyIds]).execute();
    return new Map(rows.map((row) => [row.company_id, row]));
  }

  /** Every snapshot of a quarter, in company id order (tests, reports). */
  async snapshotsOfQuarter(portalId: string, quarter: string): Promise<TierSnapshot[]> {
    return this.db.selectFrom('tier_snapshots').selectAll().where('portal_id', '=', portalId).where('quarter', '=', quarter).orderBy('company_id').execute();
  }

  /**
   * The closed quarters before `quarter` of these companies, oldest first, each with the tier
   * qualified for and the tier proposed at its close: the history a decision reads.
   */
  async historyBefore(portalId: string, quarter: string, companyIds: readonly string[]): Promise<Map<string, Array<QuarterQualification & { proposed: TierOrNone | null }>>> {
    const history = new Map<string, Array<QuarterQualification & { proposed: TierOrNone | null }>>();
    if (companyIds.length === 0) return history;
    const rows = await this.db.selectFrom('tier_snapshots').select(['company_id', 'quarter', 'qualified_tier', 'proposed_tier'])
      .where('portal_id', '=', portalId).where('company_id', 'in', [...companyIds]).where('quarter', '<', quarter)
      .orderBy('company_id').orderBy('quarter').execute();
    for (const row of rows) {
      const entries = history.get(row.company_id) ?? [];
      entries.push({ quarter: row.quarter, qualified: row.qualified_tier as TierOrNone, proposed: row.proposed_tier as TierOrNone | null });
      history.set(row.company_id, entries);
    }
    return history;
  }

  /** Companies of `companyIds` whose close of `quarter` was carried out in HubSpot (its audit entry). */
  async carriedOut(portalId: string, quarter: string, companyIds: readonly string[]): Promise<Set<string>> {
    if (companyIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('audit_entries').select('company_id')
      .where('portal_id', '=', portalId).where('action', '=', QUARTER_CLOSED_ACTION)
      .where('company_id', 'in', [...companyIds]).where(sql<string>`after->>'quarter'`, '=', quarter).execute();
    return new Set(rows.flatMap((row) => (row.company_id === null ? [] : [row.company_id])));
  }
}
