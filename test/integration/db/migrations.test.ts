import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { runCli } from '../../support/run-cli.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

const LATEST = Math.max(...MIGRATIONS.map((migration) => migration.version));
/** Every version in the order they are applied (a step filling a gap comes later in the list). */
const VERSIONS = MIGRATIONS.map((migration) => migration.version).sort((a, b) => a - b);

describe.each(DATABASE_BACKENDS)('migrations on $name', ({ create }) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('applies every step to an empty database, builds the schema the data layer reads, then applies nothing more', async () => {
    database = await create();
    const db = openDatabase(database.url, { maxConnections: 2 });
    try {
      const report = await applyMigrations(db);
      expect(report).toEqual({ applied: VERSIONS, version: LATEST });

      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
      expect(tables.rows.map((row) => row.table_name)).toEqual([
        'audit_entries',
        'consent_decisions',
        'deal_facts',
        'incentive_request_steps',
        'incentive_requests',
        'index_companies',
        'index_deals',
        'index_registrations',
        'ledger_entries',
        'partner_day_snapshots',
        'partner_links',
        'program_dashboards',
        'protected_deals',
        'quarter_closes',
        'registration_customers',
        'registration_steps',
        'reminder_ledger',
        'schema_migrations',
        'score_points',
        'statement_emails',
        'tier_review_tasks',
        'tier_snapshots',
        'training_assignments',
      ]);
      const ledgerKey = await sql<{ column_name: string }>`
        select a.attname as column_name from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = 'reminder_ledger'::regclass and i.indisprimary order by a.attname`.execute(db);
      expect(ledgerKey.rows.map((row) => row.column_name)).toEqual(['certification_id', 'contact_id', 'expires_on', 'offset_days', 'portal_id']);
      const indexes = await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'audit_entries' order by indexname`.execute(db);
      expect(indexes.rows.map((row) => row.indexname)).toEqual(['audit_entries_company', 'audit_entries_contact', 'audit_entries_pkey', 'audit_entries_portal_time', 'audit_entries_source']);

      expect(await applyMigrations(db)).toEqual({ applied: [], version: LATEST });
    } finally {
      await db.destroy();
    }
  });

  it('keeps nothing of a run whose step fails', async () => {
    database = await create();
    const db = openDatabase(database.url, { maxConnections: 2 });
    try {
      const broken = [...MIGRATIONS, { version: LATEST + 1, name: 'broken', statements: ['create table half_done (id int)', 'select * from no_such_table'] }];
      await expect(applyMigrations(db, broken)).rejects.toThrow(/no_such_table/);
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(db);
      expect(tables.rows[0]!.n).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});

describe('partner-enablement migrate', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it.each(DATABASE_BACKENDS)('applies each step once when two processes migrate the same database on $name together', async ({ create }) => {
    database = await create();
    const env = { DATABASE_URL: database.url };
    const [first, second] = await Promise.all([runCli(['migrate'], { env }), runCli(['migrate'], { env })]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const outputs = [first.stdout, second.stdout];
    expect(outputs.filter((output) => output.includes(`applied ${VERSIONS.map((version) => `#${version}`).join(', ')} (version ${LATEST})`))).toHaveLength(1);
    expect(outputs.filter((output) => output.includes('already current'))).toHaveLength(1);

    const db = openDatabase(database.url, { maxConnections: 1 });
    try {
      const rows = await db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
      expect(rows.map((row) => row.version)).toEqual(VERSIONS);
    } finally {
      await db.destroy();
    }
  }, 120_000);

  it('names the database and the variable to fix in one line when the database is down', async () => {
    const result = await runCli(['migrate'], { env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nothing' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('PostgreSQL at postgres@127.0.0.1:1/nothing is not available');
    expect(result.stderr).toContain('check DATABASE_URL');
  });
});
