import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { CoalescingBuffer } from '../../../src/jobs/coalescing-buffer.js';
import { commandsSentBy } from '../../support/count-redis-commands.js';
import { clientConnection, companyIds, uniquePrefix } from './pipeline-harness.js';

const redisUrl = inject('redisUrl');
const NOW = 1_800_000_000_000;

describe('CoalescingBuffer.addAll', () => {
  let redis: Redis;
  let companies: CoalescingBuffer;
  let contacts: CoalescingBuffer;

  beforeEach(() => {
    const prefix = uniquePrefix('buffer-add');
    redis = clientConnection(redisUrl);
    companies = new CoalescingBuffer(redis, { namespace: `${prefix}:companies`, shards: 4 });
    contacts = new CoalescingBuffer(redis, { namespace: `${prefix}:contacts`, shards: 1 });
  });

  afterEach(() => {
    redis.disconnect();
  });

  it('adds to every shard of two buffers and two portals with one command', async () => {
    // The first add on a Redis loads the script (EVAL after NOSCRIPT); count the ones after it.
    await CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '3', ids: ['c0'] }], NOW);
    const { result, commands } = await commandsSentBy(redis, () =>
      CoalescingBuffer.addAll(
        redis,
        [
          { buffer: companies, portalId: '1', ids: companyIds(40) },
          { buffer: companies, portalId: '2', ids: ['7'] },
          { buffer: contacts, portalId: '1', ids: ['c1', 'c2'] },
        ],
        NOW,
      ),
    );

    expect(commands.map(([name]) => name)).toEqual(['evalsha']);
    expect(result.filter((s) => s.buffer === companies && s.portalId === '1').map((s) => s.shard).sort()).toEqual([0, 1, 2, 3]);
    const pending = await Promise.all([0, 1, 2, 3].map((shard) => companies.pending('1', shard)));
    expect(pending.flat().sort()).toEqual(companyIds(40).sort());
    expect(await companies.pending('2', companies.shardOf('7'))).toEqual(['7']);
    expect(await contacts.pending('1', 0)).toEqual(['c1', 'c2']);
  });

  it('says a shard was idle only to the add that brought it its first ids', async () => {
    const [first] = await CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '1', ids: ['c1'] }], NOW);
    const [second] = await CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '1', ids: ['c2'] }], NOW + 10);

    expect([first?.wasIdle, second?.wasIdle]).toEqual([true, false]);
  });

  it('keeps the first-seen time of an id added again, and reports the shard\'s oldest', async () => {
    await CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '1', ids: ['c1'] }], NOW);
    const [later] = await CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '1', ids: ['c1', 'c2'] }], NOW + 500);

    expect(later?.oldestPendingAt).toBe(NOW);
  });

  it('reports a batch in flight once a drain has claimed one', async () => {
    await contacts.add('1', ['c1'], NOW);
    await contacts.claim('1', 0, 100);

    const [shard] = await CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '1', ids: ['c2'] }], NOW);

    expect(shard?.batchInFlight).toBe(true);
  });

  it('adds more ids to one shard than one ZADD call takes', async () => {
    const ids = companyIds(1_200, 100_000);

    await CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '1', ids }], NOW);

    expect((await contacts.pending('1', 0)).sort()).toEqual([...ids].sort());
  });

  it('refuses an id with a line break, which the script would read as two ids', async () => {
    await expect(CoalescingBuffer.addAll(redis, [{ buffer: contacts, portalId: '1', ids: ['c1\nc2'] }], NOW)).rejects.toThrow(/line break/);
    expect(await contacts.pending('1', 0)).toEqual([]);
  });
});
