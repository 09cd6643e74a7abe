import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { ProgramDashboard } from '../domain/metrics/build-program-dashboard.js';

/** A dashboard as it was computed, and when. */
export interface StoredProgramDashboard {
  dashboard: ProgramDashboard;
  /** Epoch ms of the instant the dashboard was computed for. */
  computedAt: number;
}

/**
 * The precomputed dashboards of closed quarters (docs/metrics.md "Precomputed answers"): a cache
 * of answers, one row per portal and quarter, replaced at each computation. Never a source of
 * truth: every row can be computed again from the snapshots, deals, registrations and ledger.
 */
export class ProgramDashboardStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored dashboard of a quarter (`YYYYQn`), or null when none was stored. */
  async read(portalId: string, quarter: string): Promise<StoredProgramDashboard | null> {
    const row = await this.db
      .selectFrom('program_dashboards')
      .select(['body', 'computed_at'])
      .where('portal_id', '=', portalId)
      .where('quarter', '=', quarter)
      .executeTakeFirst();
    if (row === undefined) return null;
    const body = typeof row.body === 'string' ? (JSON.parse(row.body) as ProgramDashboard) : (row.body as ProgramDashboard);
    return { dashboard: body, computedAt: row.computed_at.getTime() };
  }

  /**
   * Stores a quarter's dashboard computed at `computedAt`, unless a newer computation is stored
   * already (two computations racing keep the later instant's answer).
   */
  async write(portalId: string, stored: StoredProgramDashboard): Promise<void> {
    const computedAt = new Date(stored.computedAt);
    await this.db
      .insertInto('program_dashboards')
      .values({ portal_id: portalId, quarter: stored.dashboard.quarter.label, body: JSON.stringify(stored.dashboard), computed_at: computedAt })
      .onConflict((conflict) =>
        conflict
          .columns(['portal_id', 'quarter'])
          .doUpdateSet({ body: (eb) => eb.ref('excluded.body'), computed_at: (eb) => eb.ref('excluded.computed_at') })
          .where('program_dashboards.computed_at', '<', computedAt),
      )
      .execute();
  }
}
