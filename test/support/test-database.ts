import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startEmbeddedDatabase } from '../../src/db/start-embedded-database.js';

/** The PostgreSQL server of these machines (trust auth); `.ci/run` starts one where none answers. */
export const TEST_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A database of its own for one test (or file), dropped afterwards. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server, named at random so parallel files never meet. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pe_test_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** An embedded database (PGlite over the socket server) in a temporary directory, removed afterwards. */
export async function createEmbeddedTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-pglite-'));
  const embedded = await startEmbeddedDatabase({ dataDir: dir });
  return {
    url: embedded.url,
    async drop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The data layer's two backends: every data-layer suite runs on both. */
export const DATABASE_BACKENDS = [
  { name: 'postgresql', create: createTestDatabase },
  { name: 'pglite', create: createEmbeddedTestDatabase },
] as const;

/** Registers hooks that create a database before the file's (or describe's) tests and drop it after. */
export function useTestDatabase(create: () => Promise<TestDatabase> = createTestDatabase): () => string {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('useTestDatabase(): the database is only available inside tests');
    return database.url;
  };
}

async function withAdmin<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}
