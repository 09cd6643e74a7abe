import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { commandsSentBy } from '../../support/count-redis-commands.js';
import { uniquePrefix } from '../jobs/pipeline-harness.js';
import { companyChange, contactChange, pendingCompanies, pendingContacts, postSigned, startTestServer, type TestServer } from './web-harness.js';

const redisUrl = inject('redisUrl');

/** 80 company changes (over every shard), 15 contact changes and 5 associations: a busy batch. */
function busyBatch(from: number): Array<Record<string, unknown>> {
  return Array.from({ length: 100 }, (_, i) => {
    if (i < 80) return companyChange({ objectId: from + i });
    if (i < 95) return contactChange({ objectId: from + i });
    return { ...companyChange({ subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_COMPANY' }), fromObjectId: from + i, toObjectId: from + 500 + i };
  });
}

describe('POST /hubspot/webhooks and Redis', () => {
  let server: TestServer;

  beforeEach(async () => {
    // A long coalescing window: the drains the first request wakes stay "lately woken" throughout.
    server = await startTestServer({ redisUrl, prefix: uniquePrefix('webhook-round-trips'), settings: { coalesceMs: 60_000 } });
    const first = await postSigned(server, busyBatch(10_000));
    expect(first.status).toBe(200);
  });

  afterEach(async () => {
    await server.close();
  });

  it('queues a batch of 100 events for drains already woken in one Redis command', async () => {
    const { result: response, commands } = await commandsSentBy(server.redis, () => postSigned(server, busyBatch(20_000)));

    expect(response.status).toBe(200);
    expect(commands.map(([name]) => name)).toEqual(['evalsha']);
    expect(await pendingCompanies(server.queue)).toHaveLength(2 * 85);
    expect(await pendingContacts(server.queue)).toHaveLength(2 * 15);
  });

  it('sends at most one Redis command per request when 10 arrive at once', async () => {
    const { result: responses, commands } = await commandsSentBy(server.redis, () =>
      Promise.all(Array.from({ length: 10 }, (_, n) => postSigned(server, busyBatch(100_000 + 1000 * n)))),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(commands.length).toBeLessThanOrEqual(10);
    expect(new Set(commands.map(([name]) => name))).toEqual(new Set(['evalsha']));
    expect(await pendingCompanies(server.queue)).toHaveLength(11 * 85);
  });
});
