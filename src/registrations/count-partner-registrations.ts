import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { addDays, addYears, todayIn } from '../domain/calendar-date.js';
import type { Database } from '../db/database-schema.js';

/** A partner's registration counts (docs/registrations.md, "Registration counts"). */
export interface PartnerRegistrationCounts {
  /** Submitted, or approved and still protected today. */
  open: number;
  /** Won with the deal's close date within the trailing 12 months, in the portal's time zone. */
  wonIn12Months: number;
}

/**
 * The registration counts of a batch of partners, in one query on the conflict-check index (no
 * HubSpot read): `index_registrations` for the status and last protected day, `deal_facts` for
 * the won deal's close date (else the index's close day). A partner with none gets zeros.
 */
export async function countPartnerRegistrations(
  db: Kysely<Database>,
  portalId: string,
  partnerIds: readonly string[],
  timeZone: string,
  at: Date | number,
): Promise<Map<string, PartnerRegistrationCounts>> {
  const counts = new Map<string, PartnerRegistrationCounts>(partnerIds.map((id) => [id, { open: 0, wonIn12Months: 0 }]));
  if (partnerIds.length === 0) return counts;
  const today = todayIn(timeZone, at);
  // The trailing 12 months: from the day after the same day a year ago through today, as instants.
  const from = DateTime.fromISO(addDays(addYears(today, -1), 1), { zone: timeZone }).startOf('day').toJSDate();
  const until = DateTime.fromISO(addDays(today, 1), { zone: timeZone }).startOf('day').toJSDate();
  const fromDay = addDays(addYears(today, -1), 1);
  const rows = await db.selectFrom('index_registrations as r')
    .leftJoin('deal_facts as f', (join) => join.onRef('f.portal_id', '=', 'r.portal_id').onRef('f.deal_id', '=', 'r.deal_id'))
    .where('r.portal_id', '=', portalId)
    .where('r.partner_id', 'in', partnerIds)
    .groupBy('r.partner_id')
    .select((eb) => [
      'r.partner_id',
      sql<number>`count(*) filter (where ${eb.ref('r.status')} = 'submitted' or (${eb.ref('r.status')} = 'approved' and (${eb.ref('r.expires_on')} is null or ${eb.ref('r.expires_on')} >= ${today}::date)))::int`.as('open'),
      sql<number>`count(*) filter (where ${eb.ref('r.status')} = 'won' and (
        (${eb.ref('f.closed_at')} is not null and ${eb.ref('f.closed_at')} >= ${from} and ${eb.ref('f.closed_at')} < ${until})
        or (${eb.ref('f.closed_at')} is null and exists (select 1 from index_deals d where d.portal_id = ${eb.ref('r.portal_id')}
          and d.deal_id = ${eb.ref('r.deal_id')} and d.closed_on >= ${fromDay}::date and d.closed_on <= ${today}::date))))::int`.as('won'),
    ])
    .execute();
  for (const row of rows) counts.set(row.partner_id, { open: Number(row.open), wonIn12Months: Number(row.won) });
  return counts;
}
