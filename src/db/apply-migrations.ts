import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Any constant shared by every process of the product: the advisory lock migrations run under. */
const MIGRATION_LOCK_ID = 4_715_230_911;

/** What a run of the migrations did. */
export interface MigrationReport {
  /** Versions this run applied (empty when the schema was current). */
  applied: number[];
  /** The schema version afterwards. */
  version: number;
}

/**
 * Brings the schema up to date: in one transaction that first takes a transaction-scoped advisory
 * lock, so processes starting together queue behind each other and the second finds nothing left
 * to do. A transaction-scoped lock (not a session lock) also holds on the embedded database, whose
 * socket server runs every client's transaction alone on one session. A failing step rolls the
 * whole run back.
 */
export async function applyMigrations(db: Kysely<Database>, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_ID)})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = new Set((await trx.selectFrom('schema_migrations').select('version').execute()).map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute();
      applied.push(migration.version);
    }
    const version = Math.max(0, ...done, ...applied);
    return { applied, version };
  });
}
