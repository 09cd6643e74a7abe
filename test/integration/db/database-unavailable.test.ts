import express from 'express';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../src/db/is-database-unavailable.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { errorHandler } from '../../../src/http/http-errors.js';
import { startWeb } from '../../../src/http/start-web.js';
import { createLogger } from '../../../src/logger.js';
import { createTestDatabase } from '../../support/test-database.js';

const DOWN = 'postgresql://postgres@127.0.0.1:1/nothing';

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('a database that is away', () => {
  it('is told apart from a wrong statement', async () => {
    const down = openDatabase(DOWN, { maxConnections: 1 });
    const database = await createTestDatabase();
    const up = openDatabase(database.url, { maxConnections: 1 });
    try {
      expect(isDatabaseUnavailable(await failureOf(sql`select 1`.execute(down)))).toBe(true);
      expect(isDatabaseUnavailable(await failureOf(sql`select * from no_such_table`.execute(up)))).toBe(false);
    } finally {
      await Promise.all([down.destroy(), up.destroy()]);
      await database.drop();
    }
  });

  it('makes a request answer 503, for the caller to retry, not 500', async () => {
    const db = openDatabase(DOWN, { maxConnections: 1 });
    const app = express();
    app.get('/needs-the-database', async () => {
      await sql`select 1`.execute(db);
    });
    const logger = createLogger({ level: 'silent' });
    app.use(errorHandler(logger));
    const web = await startWeb({ app, port: 0, host: '127.0.0.1', logger });
    try {
      const response = await fetch(`${web.url}/needs-the-database`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      await web.close();
      await db.destroy();
    }
  });
});
