import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { countPartnerRegistrations } from '../../../src/registrations/count-partner-registrations.js';
import { useTestDatabase } from '../../support/test-database.js';

const PORTAL = '777';
// 6 December 2026, 23:30 in Berlin (22:30 UTC): the portal's day is the 6th.
const AT = Date.parse('2026-12-06T22:30:00Z');
const ZONE = 'Europe/Berlin';

describe('a partner\'s registration counts from PostgreSQL', () => {
  const databaseUrl = useTestDatabase();
  let db: Kysely<Database>;

  beforeAll(async () => {
    db = openDatabase(databaseUrl(), { maxConnections: 2 });
    await applyMigrations(db);
    const registration = (dealId: string, partnerId: string, status: Database['index_registrations']['status'], expiresOn: string | null = null) => ({
      portal_id: PORTAL, deal_id: dealId, partner_id: partnerId, company_id: null, status, submitted_at: new Date('2026-06-01T10:00:00Z'), expires_on: expiresOn, indexed_at: new Date(AT),
    });
    await db.insertInto('index_registrations').values([
      registration('1', 'A', 'submitted'),
      registration('2', 'A', 'approved', '2026-12-06'), // last protected day is today: still open
      registration('3', 'A', 'approved', '2026-12-05'), // protection over, not yet expired by its job: not open
      registration('4', 'A', 'rejected'),
      registration('5', 'A', 'won'), // closed 2025-12-07 Berlin: inside the 12 months
      registration('6', 'A', 'won'), // closed 2025-12-06 Berlin: outside
      registration('7', 'A', 'won'), // no deal facts; the index's close day 2026-01-10: inside
      registration('8', 'A', 'lost'),
      registration('9', 'B', 'approved', '2027-01-01'),
      registration('10', 'other-portal', 'submitted'),
    ]).execute();
    await db.insertInto('index_registrations').values({ ...registration('11', 'A', 'submitted'), portal_id: '999' }).execute();
    const fact = (dealId: string, closedAt: string) => ({
      portal_id: PORTAL, deal_id: dealId, partner_company_id: 'A', customer_company_id: null, amount_in_home_currency: 100_000, amount: 100_000, currency: 'EUR',
      is_closed: true, is_won: true, closed_at: new Date(closedAt), strategic: false, product_line: null, pipeline_id: null, mirrored_at: new Date(AT),
    });
    await db.insertInto('deal_facts').values([
      fact('5', '2025-12-06T23:30:00Z'), // 7 December 2025, 00:30 in Berlin
      fact('6', '2025-12-06T22:30:00Z'), // 6 December 2025, 23:30 in Berlin
    ]).execute();
    await db.insertInto('index_deals').values({ portal_id: PORTAL, deal_id: '7', company_id: 'C', is_registration: true, state: 'won', closed_on: '2026-01-10', indexed_at: new Date(AT) }).execute();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('counts each partner\'s open registrations and those won in the trailing 12 months by the close date in the portal\'s time zone, in one query', async () => {
    const counts = await countPartnerRegistrations(db, PORTAL, ['A', 'B', 'none'], ZONE, AT);
    expect(Object.fromEntries(counts)).toEqual({
      A: { open: 2, wonIn12Months: 2 },
      B: { open: 1, wonIn12Months: 0 },
      none: { open: 0, wonIn12Months: 0 },
    });
    // A day later in Berlin, the registration approved through 6 December is no longer open and the
    // win of 7 December 2025 falls out (the 12 months now run from 8 December 2025).
    const later = await countPartnerRegistrations(db, PORTAL, ['A'], ZONE, Date.parse('2026-12-07T12:00:00Z'));
    expect(later.get('A')).toEqual({ open: 1, wonIn12Months: 1 });
  });
});
