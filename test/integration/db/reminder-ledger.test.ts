import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { ReminderLedger } from '../../../src/lifecycle/reminder-ledger.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const LEASE = 300_000;
let next = 0;
const aReminder = () => ({ contactId: String(1000 + next++), certificationId: 'sales_fundamentals', expiresOn: '2026-04-20', offsetDays: 30 });

describe.each(DATABASE_BACKENDS)('the reminder ledger on $name', ({ create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  const ledger = (owner: string) => new ReminderLedger(db, { owner, leaseMs: LEASE });

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('gives a reminder to exactly one of many workers claiming it at once', async () => {
    const id = aReminder();
    const claims = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((owner) => ledger(owner).claim('1', id, T0)));
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'busy')).toHaveLength(4);
  });

  it('lets another worker take a silent claim over only after the lease, with the task it recorded', async () => {
    const id = aReminder();
    const dead = ledger('dead');
    await dead.claim('1', id, T0);
    await dead.recordTask('1', id, 'task-1');
    expect(await ledger('next').claim('1', id, T0 + LEASE - 1)).toEqual({ kind: 'busy' });
    expect(await ledger('next').claim('1', id, T0 + LEASE + 1)).toEqual({ kind: 'taken-over', state: 'task-created', taskId: 'task-1' });
  });

  it('says sent once it is, to everyone, and reports which of several reminders were sent', async () => {
    const [first, second] = [aReminder(), aReminder()];
    const worker = ledger('w');
    await worker.claim('1', first, T0);
    await worker.recordTask('1', first, 'task-2');
    await worker.recordSent('1', first, T0);
    await worker.claim('1', second, T0);
    expect(await ledger('other').claim('1', first, T0 + 10 * LEASE)).toEqual({ kind: 'sent' });
    expect(await ledger('other').sent('1', [first, second, aReminder()])).toEqual([true, false, false]);
  });

  it('keeps portals apart', async () => {
    const id = aReminder();
    await ledger('w').claim('1', id, T0);
    expect(await ledger('w').claim('2', id, T0)).toEqual({ kind: 'claimed' });
  });

  it('lets the next attempt take over at once a claim given up after a failed task creation', async () => {
    const id = aReminder();
    await ledger('failing').claim('1', id, T0);
    await ledger('failing').abandon('1', id);
    expect(await ledger('retry').claim('1', id, T0 + 1)).toEqual({ kind: 'taken-over', state: 'claimed', taskId: null });
  });
});
