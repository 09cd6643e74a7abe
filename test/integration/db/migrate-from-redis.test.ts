import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { main } from '../../../src/cli/main.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const redisUrl = inject('redisUrl');
const prefix = `test-upgrade-${crypto.randomBytes(4).toString('hex')}`;
let redis: Redis;
let database: TestDatabase;

async function migrate(): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { DATABASE_URL: database.url, REDIS_URL: redisUrl },
    now: () => Date.now(),
  };
  const code = await main(['migrate', '--from-redis', '--prefix', prefix], io);
  return { code, stdout, stderr };
}

/** What an earlier version left in Redis, written in its key layouts. */
async function seedOldDeployment(): Promise<void> {
  const both = JSON.stringify({ portalId: '7', companyId: '100', contactId: '200', actor: { type: 'contact', id: '200' }, action: 'training.accepted', after: 'sales', at: 1_700_000_000_000 });
  await redis.xadd(`${prefix}:audit:7:company:100`, '*', 'entry', JSON.stringify({ portalId: '7', companyId: '100', actor: { type: 'system' }, action: 'outputs.changed', before: { pe_tier: 'none' }, after: { pe_tier: 'bronze' }, at: 1_699_000_000_000 }));
  await redis.xadd(`${prefix}:audit:7:company:100`, '*', 'entry', both);
  await redis.xadd(`${prefix}:audit:7:contact:200`, '*', 'entry', both);
  // Two points the same UTC day, one the next: the day's first is kept.
  await redis.zadd(`${prefix}:recalc:history:7:100`, 1_699_000_000_000, '1699000000000|40|bronze|stable', 1_699_000_100_000, '1699000100000|50|bronze|improving', 1_699_100_000_000, '1699100000000|55|silver|improving');
  await redis.hset(`${prefix}:training:assignment:a-1`, {
    record: JSON.stringify({ id: 'a-1', portalId: '7', contactId: '200', companyId: '100', track: 'sales', state: 'pending', contactFirstName: 'Ada', timeZone: 'UTC', assignedAt: 1_699_000_000_000, assignedBy: { type: 'operator', id: 'ops' }, linkExpiresAt: 1_700_000_000_000, decidedAt: null, deadlineOn: null, deadlineAt: null, warnings: [] }),
    state: 'active',
    decidedAt: '1700000000000',
    deadlineOn: '2024-01-01',
    deadlineAt: '1704153599999',
  });
  await redis.set(`${prefix}:lifecycle:sent:7:renewal-reminder/200/sales_fundamentals/2026-04-20/30`, 'sent|31000000001');
}

beforeAll(async () => {
  redis = new Redis(redisUrl);
  database = await createTestDatabase();
  await seedOldDeployment();
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await database?.drop();
});

describe('partner-enablement migrate --from-redis', () => {
  it('copies audit streams, score histories, assignments and sent-markers, with progress, and copies nothing twice', async () => {
    const first = await migrate();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Copied from Redis (5 keys): 2 audit entries, 2 score points, 1 training assignments (1 consent decisions), 1 reminders.');
    expect(first.stderr.trim().split('\n').at(-1)).toMatch(/^\[#+\] 5\/5 keys 100%/);

    const second = await migrate();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Copied from Redis (5 keys): 0 audit entries, 0 score points, 0 training assignments (0 consent decisions), 0 reminders.');

    const db = openDatabase(database.url, { maxConnections: 1 });
    try {
      const trail = new AuditTrail(db);
      expect((await trail.forCompany('7', '100')).map((entry) => [entry.action, entry.before, entry.after])).toEqual([
        ['outputs.changed', { pe_tier: 'none' }, { pe_tier: 'bronze' }],
        ['training.accepted', undefined, 'sales'],
      ]);
      expect((await trail.forContact('7', '200')).map((entry) => entry.action)).toEqual(['training.accepted']);
      expect(await db.selectFrom('score_points').select(['day', 'score']).orderBy('day').execute()).toEqual([
        { day: '2023-11-03', score: 40 },
        { day: '2023-11-04', score: 55 },
      ]);
      expect(await db.selectFrom('training_assignments').select(['id', 'state', 'deadline_on']).execute()).toEqual([{ id: 'a-1', state: 'active', deadline_on: '2024-01-01' }]);
      expect(await db.selectFrom('consent_decisions').select(['assignment_id', 'decision']).execute()).toEqual([{ assignment_id: 'a-1', decision: 'accept' }]);
      expect(await db.selectFrom('reminder_ledger').select(['contact_id', 'offset_days', 'state', 'task_id']).execute()).toEqual([
        { contact_id: '200', offset_days: 30, state: 'sent', task_id: '31000000001' },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
