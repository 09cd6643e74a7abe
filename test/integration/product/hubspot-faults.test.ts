import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { companyProperties, startTestProduct, type TestProduct } from './product-harness.js';

/*
 * HubSpot answering 429 again and again, or 5xx for a while: the pipeline retries with backoff,
 * every partner ends correct, nothing lands in the failed set, and the errors are counted.
 */

const redisUrl = inject('redisUrl');
let product: TestProduct;

beforeEach(async () => {
  product = await startTestProduct(redisUrl);
});

afterEach(async () => {
  await product?.stop();
});

/** Every partner's foundation flag flipped: all 30 need a new evaluation and a write. */
function flipEveryPartner(): Array<{ id: string; expectFoundation: boolean }> {
  const { sandbox } = product.mode;
  return sandbox.seed.partners.map((partner) => {
    const complete = sandbox.store.getCompany(partner.id)!.properties.pe_foundation_complete === 'true';
    sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: complete ? 'false' : 'true' });
    return { id: partner.id, expectFoundation: !complete };
  });
}

function expectEveryPartnerEvaluated(flipped: Array<{ id: string; expectFoundation: boolean }>): void {
  for (const { id, expectFoundation } of flipped) {
    const outputs = companyProperties(product, id);
    // Without foundation there is no tier and the top gap says so; with it, at least bronze.
    if (expectFoundation) expect(outputs.pe_tier, id).not.toBe('none');
    else expect(outputs.pe_tier, id).toBe('none');
  }
}

function loggedWarnings(message: string): number {
  return product.logs.filter((line) => line.level === 'warn' && line.msg === message).length;
}

describe('HubSpot faults', () => {
  it('a storm of 429s: everything completes, nothing is lost, the limits hit are counted', async () => {
    const { sandbox, services } = product.mode;
    sandbox.requests.reset();
    // Each ten-secondly 429 holds the portal until HubSpot's window allows again: a window of 1 s
    // (110 per second, above the configured ceiling of 110 per 10 s) keeps the storm's holds short.
    sandbox.faults.setRateLimit({ max: 110, intervalMs: 1_000 });
    sandbox.faults.failNext(40, { status: 429, policyName: 'TEN_SECONDLY_ROLLING', match: { path: /^\/crm\/v[34]\// } });
    const flipped = flipEveryPartner();
    try {
      await product.settle(60_000);
    } finally {
      sandbox.faults.setRateLimit({ max: 110, intervalMs: 10_000 });
    }

    expectEveryPartnerEvaluated(flipped);
    expect(await services.recalculationQueue.listFailed()).toEqual([]);
    expect(product.calls()).toBeGreaterThan(40);
    expect(sandbox.requests.count({ status: 429 })).toBe(40);
    expect(loggedWarnings('HubSpot rate limit reached; portal paused')).toBe(40);
  });

  it('a run of 5xx: everything completes, nothing is lost, the failures are counted', async () => {
    const { sandbox, services } = product.mode;
    sandbox.requests.reset();
    sandbox.faults.failNext(12, { status: 503, match: { path: /^\/crm\/v[34]\// } });
    const flipped = flipEveryPartner();
    await product.settle(60_000);

    expectEveryPartnerEvaluated(flipped);
    expect(await services.recalculationQueue.listFailed()).toEqual([]);
    expect(sandbox.requests.count({ status: 503 })).toBe(12);
    // Each 503 is logged as retried by the client, except a call's third, which fails the batch
    // for BullMQ to retry: so at least two in three are logged, and never more than happened.
    const retried = loggedWarnings('HubSpot request failed; retrying');
    expect(retried).toBeGreaterThanOrEqual(8);
    expect(retried).toBeLessThanOrEqual(12);
  });

  it('a record HubSpot refuses: it lands in the failed set with its reason, visible to operators, and the others are written', async () => {
    const { sandbox, services, serverUrl, config } = product.mode;
    // An admin removed the Bronze option from pe_tier: partners reaching Bronze cannot be written.
    const definition = sandbox.store.raw.propertiesOf('companies').get('pe_tier')!;
    definition.options = definition.options.filter((option) => option.value !== 'bronze');
    const silver = sandbox.seed.partners.find((p) => p.expectedTier === 'silver')!;
    const refused = sandbox.seed.partners.filter((p) => p.expectedTier === 'none');
    sandbox.ui.updateCompany(silver.id, { pe_target_tier: 'platinum' });
    for (const partner of refused) sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    await product.settle();

    const failed = await services.recalculationQueue.listFailed(services.portalId);
    expect(failed.map((f) => f.id).sort()).toEqual(refused.map((p) => p.id).sort());
    expect(failed[0]).toMatchObject({ object: 'company', reason: expect.stringContaining('bronze') });
    // The other partner's new gaps (toward Platinum) were written all the same.
    expect(companyProperties(product, silver.id).pe_gaps_summary).toContain('Advanced track');
    expect(refused.every((p) => companyProperties(product, p.id).pe_tier === 'none')).toBe(true);

    const response = await fetch(`${serverUrl}/admin/recalculations/failed`, { headers: { authorization: `Bearer ${config.adminToken}` } });
    const body = (await response.json()) as { failed: Array<{ id: string; reason: string }> };
    expect(body.failed.map((f) => f.id).sort()).toEqual(refused.map((p) => p.id).sort());
  });
});
