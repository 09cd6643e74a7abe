import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase | undefined;

afterEach(async () => {
  await database?.drop();
  database = undefined;
});

describe('migration 15, registration decision times', () => {
  it("fills in each indexed registration's decision time from the audit trail: its approval or rejection, not an extension or an expiry", async () => {
    database = await createTestDatabase();
    const db = openDatabase(database.url, { maxConnections: 2 });
    try {
      await applyMigrations(db, MIGRATIONS.filter((migration) => migration.version < 15));
      const registration = (dealId: string, status: 'submitted' | 'approved' | 'rejected' | 'expired', portalId = '1') => ({
        portal_id: portalId, deal_id: dealId, partner_id: '9', company_id: null, status, submitted_at: new Date('2027-01-04T09:00:00Z'), expires_on: null, indexed_at: new Date('2027-01-10T00:00:00Z'),
      });
      await db.insertInto('index_registrations').values([
        registration('approved', 'approved'),
        registration('rejected', 'rejected'),
        registration('expired', 'expired'),
        registration('waiting', 'submitted'),
        registration('approved', 'approved', '2'),
      ] as never).execute();
      const audit = (dealId: string, action: string, at: string, portalId = '1') => ({
        portal_id: portalId, company_id: '9', actor_type: 'user', action, before: JSON.stringify({ registrationId: dealId }), after: JSON.stringify({ registrationId: dealId }), at: new Date(at),
      });
      await db.insertInto('audit_entries').values([
        audit('approved', 'registration.approved', '2027-01-05T11:00:00Z'),
        audit('approved', 'registration.extended', '2027-03-01T08:00:00Z'),
        audit('rejected', 'registration.rejected', '2027-01-07T10:30:00Z'),
        audit('expired', 'registration.approved', '2027-01-04T21:00:00Z'),
        audit('expired', 'registration.expired', '2027-04-05T00:00:00Z'),
        audit('waiting', 'registration.sla_breached', '2027-01-06T09:00:00Z'),
        // The same deal id in another portal is another registration.
        audit('approved', 'registration.approved', '2027-02-01T12:00:00Z', '2'),
      ] as never).execute();

      await applyMigrations(db);

      const rows = await db.selectFrom('index_registrations').select(['portal_id', 'deal_id', 'decided_at']).orderBy('portal_id').orderBy('deal_id').execute();
      expect(rows).toEqual([
        { portal_id: '1', deal_id: 'approved', decided_at: new Date('2027-01-05T11:00:00Z') },
        { portal_id: '1', deal_id: 'expired', decided_at: new Date('2027-01-04T21:00:00Z') },
        { portal_id: '1', deal_id: 'rejected', decided_at: new Date('2027-01-07T10:30:00Z') },
        { portal_id: '1', deal_id: 'waiting', decided_at: null },
        { portal_id: '2', deal_id: 'approved', decided_at: new Date('2027-02-01T12:00:00Z') },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
