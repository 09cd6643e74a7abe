import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import type { Database } from './database-schema.js';

/** `user@host:port/database` of a connection URL, without its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${user}${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * Checks that the database answers, at start: a database that is down or refuses us is named in
 * one line with the variable to fix (`SERVICE_UNAVAILABLE`), never a stack trace.
 */
export async function connectDatabase(db: Kysely<Database>, url: string): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const reason = (error as Error).message || (error as { code?: string }).code || 'no answer';
    throw new AppError('SERVICE_UNAVAILABLE', `PostgreSQL at ${describeDatabaseUrl(url)} is not available (${reason}): check DATABASE_URL`);
  }
}
