import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
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

type Queryable = Pick<pg.Client, 'query'>;

function frontendMessage(type: string | undefined, body: Buffer): Buffer {
  const header = Buffer.alloc(type ? 5 : 4);
  if (type) header.write(type, 0, 'latin1');
  header.writeInt32BE(4 + body.length, type ? 1 : 0);
  return Buffer.concat([header, body]);
}

const cString = (text: string) => Buffer.from(`${text}\0`, 'utf8');

/** Bytes received on `socket` until they contain `marker`. */
function readUntil(socket: net.Socket, marker: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (data: Buffer) => {
      received = Buffer.concat([received, data]);
      if (received.includes(marker)) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/**
 * Connects on the wire protocol by hand, runs Parse/Bind/Execute of `statement` without the Sync
 * that would end the batch, waits for its CommandComplete and drops the connection.
 */
async function runWithoutSyncAndDisconnect(port: number, statement: string): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const ready = readUntil(socket, Buffer.from([0x5a, 0, 0, 0, 5, 0x49]));
  const protocol = Buffer.alloc(4);
  protocol.writeInt32BE(196608);
  socket.write(frontendMessage(undefined, Buffer.concat([protocol, cString('user'), cString('postgres'), cString('database'), cString('postgres'), cString('')])));
  await ready;
  const completed = readUntil(socket, Buffer.from('C'));
  socket.write(
    Buffer.concat([
      frontendMessage('P', Buffer.concat([cString(''), cString(statement), Buffer.from([0, 0])])),
      frontendMessage('B', Buffer.concat([cString(''), cString(''), Buffer.from([0, 0, 0, 0, 0, 0])])),
      frontendMessage('E', Buffer.concat([cString(''), Buffer.from([0, 0, 0, 0])])),
      frontendMessage('H', Buffer.alloc(0)),
    ]),
  );
  await completed;
  socket.destroy();
}

interface Answer {
  expected: string;
  actual: string;
}

const PARAMETER_COUNTS = [1, 2, 8, 3, 60, 5, 660];

/**
 * One parameterised query (each is its own Parse/Bind/Describe/Execute/Sync batch over the unnamed
 * statement) with a parameter count and size picked by `seed`, and the one answer it must get.
 * Every third query carries a long text, so its Bind message reaches the server in several reads.
 */
async function sumOf(queryable: Queryable, seed: number): Promise<Answer> {
  const count = PARAMETER_COUNTS[seed % PARAMETER_COUNTS.length]!;
  const values: (number | string)[] = Array.from({ length: count }, (_, index) => seed * 1000 + index);
  const placeholders = values.map((_, index) => `$${index + 1}::int`).join(' + ');
  const text = 'x'.repeat(seed % 3 === 0 ? 200_000 + seed : seed);
  values.push(text);
  const result = await queryable.query<{ total: string; first: number; length: number }>(
    `select (${placeholders})::bigint::text as total, $1::int as first, length($${count + 1}::text) as length`,
    values,
  );
  const numbers = values.slice(0, count) as number[];
  const expected = `${numbers.reduce((sum, value) => sum + value, 0)}/${numbers[0]}/${text.length}`;
  const row = result.rows[0];
  return { expected, actual: `${row?.total}/${row?.first}/${row?.length}` };
}

/**
 * Runs `lanes` sequences of `perLane` queries at once on `queryable` (each lane one query at a time,
 * as a request handler would) and returns every error and every wrong answer.
 */
async function runLanes(queryable: Queryable, lanes: number, perLane: number, firstSeed: number): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let index = 0; index < perLane; index += 1) {
        const seed = firstSeed + lane * perLane + index;
        try {
          const answer = await sumOf(queryable, seed);
          if (answer.actual !== answer.expected) problems.push(`query ${seed}: got ${answer.actual}, expected ${answer.expected}`);
        } catch (error) {
          problems.push(`query ${seed}: ${String(error)}`);
        }
      }
    }),
  );
  return problems;
}

describe('the embedded database under concurrent extended-protocol queries', () => {
  let dir: string;
  let embedded: EmbeddedDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pe-embedded-concurrency-'));
    embedded = await startEmbeddedDatabase({ dataDir: dir });
    const setup = await connect(embedded.url);
    await setup.query('create table tallies (client int not null, n int not null, label text not null)');
    await setup.query('create table counters (id int primary key, value int not null)');
    await setup.query('insert into counters values (1, 0)');
    await setup.end();
  }, 180_000);

  afterAll(async () => {
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers every client's parameterised query with its own result, from separate clients and a pool of 10", async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => connect(embedded.url)));
    const pool = new pg.Pool({ connectionString: embedded.url, max: 10 });
    pool.on('error', () => {});
    try {
      const problems = await Promise.all([
        ...clients.map((client, index) => runLanes(client, 1, 25, index * 25)),
        runLanes(pool, 10, 25, 100),
      ]);
      expect(problems.flat()).toEqual([]);
    } finally {
      await Promise.all([...clients.map((client) => client.end()), pool.end()]);
    }
  }, 180_000);

  it('keeps transactions whole while other connections run parameterised queries outside any transaction', async () => {
    const writers = await Promise.all(Array.from({ length: 3 }, () => connect(embedded.url)));
    const pool = new pg.Pool({ connectionString: embedded.url, max: 10 });
    pool.on('error', () => {});
    try {
      const transactions = writers.map(async (writer, client) => {
        const problems: string[] = [];
        for (let round = 0; round < 10; round += 1) {
          try {
            await writer.query('begin');
            await writer.query('insert into tallies (client, n, label) values ($1, $2, $3)', [client, round, `c${client}r${round}`]);
            const seen = await writer.query<{ n: number }>('select count(*)::int as n from tallies where client = $1', [client]);
            if (seen.rows[0]?.n !== round + 1) problems.push(`client ${client} round ${round}: saw ${seen.rows[0]?.n} rows`);
            await writer.query('commit');
          } catch (error) {
            problems.push(`client ${client} round ${round}: ${String(error)}`);
            await writer.query('rollback').catch(() => {});
          }
        }
        return problems;
      });
      const problems = await Promise.all([...transactions, runLanes(pool, 10, 20, 1000)]);
      expect(problems.flat()).toEqual([]);
      const rows = await pool.query<{ client: number; n: number }>(
        'select client, count(*)::int as n from tallies group by client order by client',
      );
      expect(rows.rows).toEqual([
        { client: 0, n: 10 },
        { client: 1, n: 10 },
        { client: 2, n: 10 },
      ]);
    } finally {
      await Promise.all([...writers.map((writer) => writer.end()), pool.end()]);
    }
  }, 180_000);

  it('rolls back the half-sent batch of a connection that goes away before its Sync, and serves the others on', async () => {
    await runWithoutSyncAndDisconnect(embedded.port, "insert into tallies (client, n, label) values (99, 0, 'never synced')");
    const reader = await connect(embedded.url);
    try {
      const result = await reader.query<{ n: number }>('select count(*)::int as n from tallies where client = $1', [99]);
      expect(result.rows[0]).toEqual({ n: 0 });
    } finally {
      await reader.end();
    }
  }, 60_000);

  it('serialises read-then-write transactions of two connections under a transaction-scoped advisory lock, losing no update', async () => {
    const connections = await Promise.all([connect(embedded.url), connect(embedded.url)]);
    try {
      await Promise.all(
        connections.map(async (connection) => {
          for (let round = 0; round < 20; round += 1) {
            await connection.query('begin');
            await connection.query('select pg_advisory_xact_lock($1)', [7]);
            const current = await connection.query<{ value: number }>('select value from counters where id = $1', [1]);
            await connection.query('update counters set value = $1 where id = $2', [current.rows[0]!.value + 1, 1]);
            await connection.query('commit');
          }
        }),
      );
      const result = await connections[0]!.query<{ value: number }>('select value from counters where id = 1');
      expect(result.rows[0]).toEqual({ value: 40 });
    } finally {
      await Promise.all(connections.map((connection) => connection.end()));
    }
  }, 120_000);
});
