import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
 * PGlite has a single session: the socket server queues every client's messages on it and, while
 * a transaction is open, runs only the messages of the client that opened it, so transactions of
 * different clients never overlap (test/integration/db/embedded-database.test.ts proves it).
 * Session state (`SET`, session advisory locks, temporary tables) would be shared by every client:
 * the data layer uses none of it.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: options.maxConnections ?? 64 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());
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
