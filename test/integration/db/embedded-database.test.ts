import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/start-embedded-database.js';

// Each pg.Client is its own connection to the socket server, as another process's would be.
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

describe('the embedded database served over the wire protocol', () => {
  let dir: string;
  let embedded: EmbeddedDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pe-embedded-'));
    embedded = await startEmbeddedDatabase({ dataDir: dir });
    const setup = await connect(embedded.url);
    await setup.query('create table items (id int primary key, label text)');
    await setup.end();
  });

  afterAll(async () => {
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("never shows one connection's open transaction to another: the other's query waits for the commit", async () => {
    const [writer, reader] = await Promise.all([connect(embedded.url), connect(embedded.url)]);
    try {
      const events: string[] = [];
      await writer.query('begin');
      await writer.query("insert into items values (1, 'uncommitted')");
      const read = reader.query<{ label: string }>('select label from items where id = 1').then((result) => {
        events.push(`read ${result.rows.map((row) => row.label).join(',') || 'nothing'}`);
      });
      await writer.query("update items set label = 'committed' where id = 1");
      await writer.query('commit');
      events.push('committed');
      await read;
      expect(events).toEqual(['committed', 'read committed']);
    } finally {
      await Promise.all([writer.end(), reader.end()]);
    }
  });

  it('keeps a rolled-back write from every other connection', async () => {
    const [writer, reader] = await Promise.all([connect(embedded.url), connect(embedded.url)]);
    try {
      await writer.query('begin');
      await writer.query("insert into items values (2, 'rolled back')");
      const read = reader.query('select count(*)::int as n from items where id = 2');
      await writer.query('rollback');
      expect((await read).rows[0]).toEqual({ n: 0 });
    } finally {
      await Promise.all([writer.end(), reader.end()]);
    }
  });

  it('rolls back the open transaction of a connection that goes away, and serves the others on', async () => {
    const [writer, reader] = await Promise.all([connect(embedded.url), connect(embedded.url)]);
    try {
      await writer.query('begin');
      await writer.query("insert into items values (3, 'abandoned')");
      (writer as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      const result = await reader.query('select count(*)::int as n from items where id = 3');
      expect(result.rows[0]).toEqual({ n: 0 });
    } finally {
      await reader.end();
    }
  });

  it('keeps its data across a restart on the same directory', async () => {
    const client = await connect(embedded.url);
    await client.query("insert into items values (4, 'kept')");
    await client.end();
    await embedded.stop();
    embedded = await startEmbeddedDatabase({ dataDir: dir });
    const again = await connect(embedded.url);
    try {
      expect((await again.query('select label from items where id = 4')).rows).toEqual([{ label: 'kept' }]);
    } finally {
      await again.end();
    }
  });
});
