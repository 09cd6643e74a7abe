import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';

/**
 * The trend compares a partner with its earlier days (docs/data.md, "Guarantees"), so on a
 * fresh installation every trend is `stable` until tomorrow. The demo portal stands for an
 * installation that has been running: when the portal has no point before today, its first
 * evaluation's points are copied to the day before, as if it had been evaluated then too. Only
 * sandbox mode does this; a real portal's history is never invented. Resolves with the points added.
 */
export async function seedDemoHistory(db: Kysely<Database>, portalId: string): Promise<number> {
  const result = await sql`
    insert into score_points (portal_id, company_id, day, at, score, tier, trend)
    select portal_id, company_id, day - 1, at - interval '1 day', score, tier, trend
    from score_points today
    where portal_id = ${portalId}
      and not exists (select 1 from score_points older where older.portal_id = today.portal_id and older.company_id = today.company_id and older.day < today.day)
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
