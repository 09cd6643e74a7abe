import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { WebhookEvent } from '../../../src/sandbox/index.js';
import { companyProperties, startTestProduct, type TestProduct } from './product-harness.js';

/*
 * HubSpot delivers webhooks at least once, in any order, and the app's own writes come back as
 * webhooks too. Whatever the delivery, each company is written once per change, ends up matching
 * HubSpot's latest data, and the system goes quiet.
 */

const redisUrl = inject('redisUrl');
let product: TestProduct;

beforeEach(async () => {
  product = await startTestProduct(redisUrl);
});

afterEach(async () => {
  await product?.stop();
});

/** Makes UI changes with webhook delivery held back, and hands back the events HubSpot would send. */
function changeWithoutDelivery(change: () => void): WebhookEvent[] {
  const { webhooks } = product.mode.sandbox;
  const target = `${product.mode.serverUrl}/hubspot/webhooks`;
  webhooks.setTargetUrl(undefined);
  const first = webhooks.events.length;
  change();
  const events = webhooks.events.slice(first);
  webhooks.setTargetUrl(target);
  return events;
}

describe('webhook delivery', () => {
  it('writes each company once when the same batch is delivered three times', async () => {
    const { sandbox, services } = product.mode;
    const partners = sandbox.seed.partners.filter((p) => p.expectedTier === 'bronze' || p.expectedTier === 'silver');
    const scoreBefore = new Map(partners.map((p) => [p.id, companyProperties(product, p.id).pe_readiness_score]));
    const changesOf = async (companyId: string) =>
      (await services.audit.forCompany(services.portalId, companyId)).filter((entry) => entry.action === 'outputs.changed').length;
    const changesBefore = new Map(await Promise.all(partners.map(async (p) => [p.id, await changesOf(p.id)] as const)));
    const events = changeWithoutDelivery(() => {
      // Activity in March: partners active lately lose their recent-activity points.
      for (const partner of partners) sandbox.ui.updateCompany(partner.id, { pe_last_enablement_activity: '2026-03-01' });
    });
    expect(events).toHaveLength(partners.length);
    sandbox.requests.reset();

    const statuses = await Promise.all([product.deliver(events), product.deliver(events), product.deliver(events)]);
    await product.settle();

    expect(statuses).toEqual([200, 200, 200]);
    const changed = partners.filter((p) => companyProperties(product, p.id).pe_readiness_score !== scoreBefore.get(p.id));
    expect(changed.length).toBeGreaterThan(0);
    // Every company read once (in as many batches as shards), every changed one written once.
    const read = sandbox.requests.entries.filter((e) => e.path === '/crm/v3/objects/companies/batch/read').reduce((sum, e) => sum + (e.inputs ?? 0), 0);
    expect(read).toBe(partners.length);
    expect(product.recordsWritten('companies')).toBe(changed.length);
    for (const partner of changed) {
      // However often the batch came, this change is recorded once.
      expect(await changesOf(partner.id)).toBe(changesBefore.get(partner.id)! + 1);
    }
  });

  it('ends with the latest data when events arrive in reverse order', async () => {
    const { sandbox } = product.mode;
    const partner = sandbox.seed.partners.find((p) => p.expectedTier === 'bronze')!;
    const batches: WebhookEvent[][] = [];
    for (const modules of ['2', '5', '8']) {
      batches.push(changeWithoutDelivery(() => sandbox.ui.updateCompany(partner.id, { pe_sales_modules_completed: modules })));
    }
    // The newest first, each a request of its own, with a pause for a drain in between.
    for (const batch of batches.reverse()) {
      expect(await product.deliver(batch)).toBe(200);
      await product.settle();
    }
    const outputs = companyProperties(product, partner.id);
    // 8 of 8 sales modules: the sales track is complete, whatever order the events came in.
    expect(outputs.pe_gaps_summary).not.toContain('Sales track');
    expect(sandbox.store.getCompany(partner.id)!.properties.pe_sales_modules_completed).toBe('8');
  });

  it('ignores its own writes coming back as webhooks, and goes quiet after a burst', async () => {
    const { sandbox, services } = product.mode;
    // A burst: every partner changes at once, which writes outputs and leaves notes and tasks.
    for (const partner of sandbox.seed.partners) {
      sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: partner.expectedTier === 'none' ? 'true' : 'false' });
    }
    await product.settle();
    const ownEvents = sandbox.webhooks.events.filter((event) => event.changeSource === 'INTEGRATION' && event.sourceId === sandbox.appId);
    expect(ownEvents.length).toBeGreaterThan(0);
    const dropped = (await services.metrics.webhookEventsIgnored.get()).values.find((v) => v.labels.reason === 'own_write')?.value ?? 0;
    expect(dropped).toBe(ownEvents.length);

    // Quiet: two more coalescing windows pass with no HubSpot call and nothing queued.
    sandbox.requests.reset();
    const delivered = sandbox.webhooks.delivered.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await product.settle();
    expect(product.calls()).toBe(0);
    expect(sandbox.webhooks.delivered.length).toBe(delivered);
    expect(sandbox.webhooks.delivered.every((d) => d.status === 200)).toBe(true);
  });
});
