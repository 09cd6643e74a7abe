import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sandboxClient, useSandbox } from '../../support/sandbox-fixture.js';
import { startTestProduct, type TestProduct } from '../product/product-harness.js';

/*
 * The sandbox's second token stands for a person: its writes reach the app as HubSpot's UI edits
 * do (`CRM_UI`, `userId:N`), while the app's own token keeps writing as the app.
 */

describe('the sandbox user token', () => {
  const { sandbox, client } = useSandbox({ subscriptions: [{ subscriptionType: 'object.propertyChange', objectType: 'company', propertyName: 'pe_sales_modules_completed' }] });

  it('makes a PATCH a user edit: the event says CRM_UI and the user id', async () => {
    const partner = sandbox().seed.partners[0]!;
    const user = sandboxClient(sandbox(), { accessToken: sandbox().userToken });
    await user.crm.companies.basicApi.update(partner.id, { properties: { pe_sales_modules_completed: '7' } });
    const event = sandbox().webhooks.events.filter((e) => String(e.objectId) === partner.id).at(-1);
    expect(event).toMatchObject({ changeSource: 'CRM_UI', sourceId: `userId:${sandbox().ui.userId}`, propertyValue: '7' });
    expect(sandbox().store.getCompany(partner.id)?.properties.pe_sales_modules_completed).toBe('7');
  });

  it('leaves the app token writing as the app', async () => {
    const partner = sandbox().seed.partners[1]!;
    await client().crm.companies.batchApi.update({ inputs: [{ id: partner.id, properties: { pe_sales_modules_completed: '2' } }] });
    const event = sandbox().webhooks.events.filter((e) => String(e.objectId) === partner.id).at(-1);
    expect(event).toMatchObject({ changeSource: 'INTEGRATION', sourceId: sandbox().appId });
  });

  it('refuses any other token with 401', async () => {
    const stranger = sandboxClient(sandbox(), { accessToken: 'not-a-token' });
    await expect(stranger.crm.companies.basicApi.getById(sandbox().seed.partners[0]!.id)).rejects.toMatchObject({ code: 401 });
  });
});

describe('a user edit through the API, in sandbox mode', () => {
  let product: TestProduct;
  beforeAll(async () => {
    product = await startTestProduct(inject('redisUrl'));
  });
  afterAll(async () => {
    await product?.stop();
  });

  it('is recalculated by the product, and the app token write of the same kind is not', async () => {
    const { sandbox } = product.mode;
    const partner = sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    const user = sandboxClient(sandbox, { accessToken: sandbox.userToken });
    await user.crm.companies.basicApi.update(partner.id, { properties: { pe_foundation_complete: 'true' } });
    await product.settle();
    expect(sandbox.store.getCompany(partner.id)?.properties.pe_tier).toBe('bronze');

    const app = sandboxClient(sandbox);
    await app.crm.companies.basicApi.update(partner.id, { properties: { pe_foundation_complete: 'false' } });
    await product.settle();
    // The app's own write is dropped as an echo: nothing recalculates it back to none.
    expect(sandbox.store.getCompany(partner.id)?.properties.pe_tier).toBe('bronze');
  });
});
