import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditTrail } from '../../../src/audit/audit-trail.js';

describe('audit trail', () => {
  let redis: Redis;
  const prefix = `test-audit-${process.pid}`;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('keeps who, what, when, before and after for a company, oldest first', async () => {
    const trail = new AuditTrail(redis, { prefix });
    await trail.record({ portalId: '1', companyId: 'c1', actor: { type: 'system' }, action: 'tier.changed', before: 'bronze', after: 'silver', at: 1000 });
    await trail.record({ portalId: '1', companyId: 'c1', actor: { type: 'hubspot-user', id: '7' }, action: 'outputs.written', before: { pe_tier: 'silver' }, after: { pe_tier: 'gold' }, at: 2000 });

    const entries = await trail.forCompany('1', 'c1');

    expect(entries.map((e) => [e.action, e.at, e.actor, e.before, e.after])).toEqual([
      ['tier.changed', 1000, { type: 'system' }, 'bronze', 'silver'],
      ['outputs.written', 2000, { type: 'hubspot-user', id: '7' }, { pe_tier: 'silver' }, { pe_tier: 'gold' }],
    ]);
  });

  it('files an entry about a contact of a company under both', async () => {
    const trail = new AuditTrail(redis, { prefix });
    await trail.record({ portalId: '1', companyId: 'c2', contactId: 'p9', actor: { type: 'contact', id: 'p9' }, action: 'training.accepted', after: 'sales' });

    expect((await trail.forCompany('1', 'c2')).map((e) => e.action)).toEqual(['training.accepted']);
    expect((await trail.forContact('1', 'p9')).map((e) => e.contactId)).toEqual(['p9']);
  });

  it('keeps portals apart', async () => {
    const trail = new AuditTrail(redis, { prefix });
    await trail.record({ portalId: '2', companyId: 'c3', actor: { type: 'system' }, action: 'outputs.written' });

    expect(await trail.forCompany('3', 'c3')).toEqual([]);
  });

  it('trims the oldest entries past the per-subject limit', async () => {
    const trail = new AuditTrail(redis, { prefix, maxEntriesPerSubject: 10 });
    const entries = Array.from({ length: 500 }, (_, i) => ({ portalId: '1', companyId: 'c4', actor: { type: 'system' as const }, action: 'outputs.written', after: i }));
    await trail.recordMany(entries);

    const length = await redis.xlen(`${prefix}:audit:1:company:c4`);
    expect(length).toBeLessThan(500);
    const kept = await trail.forCompany('1', 'c4', 1000);
    expect(kept.at(-1)?.after).toBe(499);
  });
});
