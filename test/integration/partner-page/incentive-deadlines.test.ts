import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { IncentiveDeadlineProcessor } from '../../../src/incentives/incentive-deadline-processor.js';
import { IncentiveDeadlineQueue } from '../../../src/incentives/incentive-deadline-queue.js';
import { IncentiveRequestStore, type IncentiveRequest } from '../../../src/incentives/incentive-request-store.js';
import { decideIncentiveRequest } from '../../../src/incentives/decide-incentive-request.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { useTestDatabase } from '../../support/test-database.js';

const databaseUrl = useTestDatabase();
const PORTAL = '880001';
let db: Kysely<Database>;
let redis: Redis;

beforeAll(async () => {
  db = openDatabase(databaseUrl(), { maxConnections: 2 });
  await applyMigrations(db);
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
});

afterAll(async () => {
  await redis?.quit();
  await db?.destroy();
});

function aClaim(id: string): IncentiveRequest {
  return { id, portalId: PORTAL, partnerId: '77', contactId: '501', type: 'bonus', details: { kind: 'reference', description: 'x' }, amount: { amountMinor: 25_000, currency: 'USD' }, submittedAt: Date.parse('2026-05-04T10:00:00Z') };
}

describe('incentive deadlines', () => {
  it('flags and audits a claim still pending after its verification day, once, and leaves a decided one alone', async () => {
    const store = new IncentiveRequestStore(db);
    const audit = new AuditTrail(db);
    const processor = new IncentiveDeadlineProcessor({ store, audit, portalId: PORTAL, currency: 'USD' });
    await store.submit(aClaim('late'), [], { type: 'contact', id: '501' });
    await store.submit(aClaim('on-time'), [], { type: 'contact', id: '501' });
    await decideIncentiveRequest({ store, program: DEFAULT_PROGRAM }, { portalId: PORTAL, requestId: 'on-time', decision: 'approve', reason: null, actor: { type: 'user', id: '7' }, today: '2026-05-05', officialTier: 'silver', currency: 'USD' });

    expect(await processor.check('late', 'verification', '2026-05-11')).toEqual({ outcome: 'breached' });
    expect(await processor.check('late', 'verification', '2026-05-11')).toEqual({ outcome: 'breached' });
    expect(await processor.check('on-time', 'verification', '2026-05-11')).toEqual({ outcome: 'met' });
    // Approved but not paid: the payment deadline is missed.
    expect(await processor.check('on-time', 'payment', '2026-05-26')).toEqual({ outcome: 'breached' });

    const flags = await db.selectFrom('ledger_entries').select(['entry_key', 'amount_minor', 'reason']).where('kind', '=', 'deadline_breached').orderBy('id').execute();
    expect(flags.map((flag) => flag.reason)).toEqual(['verification due by 2026-05-11 was missed', 'payment due by 2026-05-26 was missed']);
    const breaches = (await audit.forContact(PORTAL, '501')).filter((entry) => entry.action === 'incentive.deadline-breached');
    expect(breaches).toHaveLength(2);
  });

  it("schedules one task and one check per request and deadline, the check at the start of the day after the due day in the partner's zone", async () => {
    const queue = new IncentiveDeadlineQueue(redis, { prefix: `test:incentive-deadlines:${Date.now()}` });
    const now = Date.parse('2026-05-04T10:00:00Z');
    await queue.schedule(PORTAL, 'r-9', 'verification', '2026-05-11', 'Europe/Berlin', now);
    await queue.schedule(PORTAL, 'r-9', 'verification', '2026-05-11', 'Europe/Berlin', now);

    const jobs = await queue.queue.getDelayed();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toMatchObject({ portalId: PORTAL, requestId: 'r-9', deadline: 'verification', dueOn: '2026-05-11' });
    // Midnight starting 12 May in Berlin is 22:00 UTC on 11 May.
    expect(now + jobs[0]!.opts.delay!).toBe(Date.parse('2026-05-11T22:00:00Z'));
    // The owner's task is created at once.
    const waiting = await queue.queue.getWaiting();
    expect(waiting.map((job) => [job.id, job.name])).toEqual([[IncentiveDeadlineQueue.taskJobId('r-9', 'verification'), 'incentive-deadline-task']]);
    expect(waiting[0]!.data).toMatchObject({ portalId: PORTAL, requestId: 'r-9', deadline: 'verification', dueOn: '2026-05-11' });
    await queue.queue.obliterate({ force: true });
    await queue.close();
  });
});
