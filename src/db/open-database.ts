import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.js';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Connections the pool opens at most. Default 10. */
  maxConnections?: number;
  /** Name shown in `pg_stat_activity`. Default `partner-enablement`. */
  applicationName?: string;
}

const DATE_OID = 1082;

// Dates without a time of day stay `YYYY-MM-DD` strings: pg's default makes them local midnights,
// which shift with the process's time zone.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A typed query builder over a `pg` pool on `DATABASE_URL`: a PostgreSQL server in production, the
 * embedded PGlite served on a local port in sandbox mode. Opening connects nothing; the first
 * query does (see `connectDatabase`).
 */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'partner-enablement',
    connectionTimeoutMillis: 10_000,
    types,
  });
  // An idle connection the server closed is dropped and replaced by the pool; the next query reports real failures.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
