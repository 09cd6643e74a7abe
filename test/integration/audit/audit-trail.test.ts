import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

describe.each(DATABASE_BACKENDS)('audit trail on $name', ({ create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let trail: AuditTrail;

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    trail = new AuditTrail(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('keeps who, what, when, before, after and the rule version for a company, oldest first', async () => {
    await trail.record({ portalId: '1', companyId: 'c1', actor: { type: 'system' }, action: 'tier.changed', before: 'bronze', after: 'silver', ruleVersion: 'abc123', at: 1000 });
    await trail.record({ portalId: '1', companyId: 'c1', actor: { type: 'hubspot-user', id: '7' }, action: 'outputs.written', before: { pe_tier: 'silver' }, after: { pe_tier: 'gold' }, at: 2000 });

    const entries = await trail.forCompany('1', 'c1');

    expect(entries.map((e) => [e.action, e.at, e.actor, e.before, e.after, e.ruleVersion])).toEqual([
      ['tier.changed', 1000, { type: 'system' }, 'bronze', 'silver', 'abc123'],
      ['outputs.written', 2000, { type: 'hubspot-user', id: '7' }, { pe_tier: 'silver' }, { pe_tier: 'gold' }, undefined],
    ]);
  });

  it('files an entry about a contact of a company under both', async () => {
    await trail.record({ portalId: '1', companyId: 'c2', contactId: 'p9', actor: { type: 'contact', id: 'p9' }, action: 'training.accepted', after: 'sales' });

    expect((await trail.forCompany('1', 'c2')).map((e) => e.action)).toEqual(['training.accepted']);
    expect((await trail.forContact('1', 'p9')).map((e) => e.contactId)).toEqual(['p9']);
  });

  it('keeps portals apart', async () => {
    await trail.record({ portalId: '2', companyId: 'c3', actor: { type: 'system' }, action: 'outputs.written' });

    expect(await trail.forCompany('3', 'c3')).toEqual([]);
    expect(await trail.portalsOfCompany('c3')).toEqual(['2']);
  });

  it('writes a large batch in multi-row statements and reads back the latest, oldest first', async () => {
    const entries = Array.from({ length: 2500 }, (_, i) => ({ portalId: '1', companyId: 'c4', actor: { type: 'system' as const }, action: 'outputs.written', after: i, at: 10_000 + i }));
    await trail.recordMany(entries);

    const latest = await trail.forCompany('1', 'c4', 10);
    expect(latest.map((entry) => entry.after)).toEqual([2490, 2491, 2492, 2493, 2494, 2495, 2496, 2497, 2498, 2499]);
  });

  it('writes nothing of a batch whose transaction fails', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trail.recordMany([{ portalId: '1', companyId: 'c5', actor: { type: 'system' }, action: 'outputs.written' }], trx);
        throw new Error('the batch failed after its audit entries');
      }),
    ).rejects.toThrow('the batch failed');
    expect(await trail.forCompany('1', 'c5')).toEqual([]);
  });
});
