import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { servePglite, type PgliteServer } from './serve-pglite.js';

/** An embedded PostgreSQL (PGlite) this process serves on a local port. */
export interface EmbeddedDatabase {
  /** `DATABASE_URL` of the served database, for this process and the ones started beside it. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops serving and closes the database (its data stays in `dataDir`). */
  stop(): Promise<void>;
}

/** Options of {@link startEmbeddedDatabase}. */
export interface EmbeddedDatabaseOptions {
  /** Where the data lives; created when missing. */
  dataDir: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Clients served at once (each process's pool counts). Default 64. */
  maxConnections?: number;
}

/**
 * Sandbox mode's database: PGlite (PostgreSQL compiled to WebAssembly) with its data on disk,
 * served over PostgreSQL's wire protocol so every process — the server, `audit`, `recalc`, the
 * tests — uses the same `pg` driver and `DATABASE_URL` as with a real server. One data directory
 * can be opened by one process only; this one serves it to the others.
 *
 * PGlite has a single session: the server queues every client's messages on it and gives it to one
 * client at a time, from its first message until the backend is idle again — a whole
 * extended-protocol batch, a whole transaction — so neither batches nor transactions of different
 * clients interleave (test/integration/db/embedded-database.test.ts and
 * embedded-database-concurrency.test.ts prove it). Session state (`SET`, session advisory locks,
 * temporary tables, named prepared statements) would be shared by every client: the data layer
 * uses none of it.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  let server: PgliteServer;
  try {
    server = await servePglite(db, { host: '127.0.0.1', port: options.port ?? 0, maxConnections: options.maxConnections ?? 64 });
  } catch (error) {
    await db.close();
    throw error;
  }
  const { port } = server;
  let stopping: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        await db.close();
      })();
      return stopping;
    },
  };
}
