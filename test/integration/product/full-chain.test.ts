import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';
import { companyProperties, decliningTasksOf, recordsAssociatedWith, startTestProduct, type TestProduct } from './product-harness.js';

/*
 * The product's main job end to end: a change made in HubSpot's UI (the sandbox) → a signed webhook
 * → the route → the queue → the worker → a batch read → the rules → a batch write → outputs in
 * HubSpot, an audit entry, a note for a tier change and one task for a declining partner.
 */

let product: TestProduct;

beforeAll(async () => {
  product = await startTestProduct(inject('redisUrl'));
});

afterAll(async () => {
  await product?.stop();
});

beforeEach(() => {
  product.mode.sandbox.requests.reset();
});

function partnerOf(tier: string, index = 0) {
  const partners = product.mode.sandbox.seed.partners.filter((p) => p.expectedTier === tier);
  return partners[index]!;
}

describe('a change made in HubSpot', () => {
  it('is evaluated and written back through webhook, queue and worker, with an audit entry and a note', async () => {
    const { sandbox, services } = product.mode;
    const partner = partnerOf('none');
    expect(companyProperties(product, partner.id).pe_tier).toBe('none');

    sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    await product.settle();

    // The webhook was signed, accepted and answered.
    const delivery = sandbox.webhooks.delivered.find((d) => d.events.some((e) => String(e.objectId) === partner.id && e.propertyName === 'pe_foundation_complete'));
    expect(delivery?.status).toBe(200);
    expect(delivery?.events[0]).toMatchObject({ changeSource: 'CRM_UI', attemptNumber: 0 });
    // One batch read of the company, its associations and its contacts; one write.
    expect(product.calls('/crm/v3/objects/companies/batch/read')).toBe(1);
    expect(product.calls('/crm/v4/associations/companies/contacts/batch/read')).toBe(1);
    expect(product.calls('/crm/v3/objects/companies/batch/update')).toBe(1);
    expect(product.recordsWritten('companies')).toBe(1);

    const outputs = companyProperties(product, partner.id);
    expect(outputs).toMatchObject({ pe_tier: 'bronze', pe_next_tier: 'silver', pe_readiness_trend: 'improving' });
    expect(outputs.pe_permissions).toBe('access_portal;submit_leads');

    const entries = await services.audit.forCompany(services.portalId, partner.id);
    const change = entries.filter((entry) => entry.action === 'outputs.changed').at(-1)!;
    expect(change.before).toMatchObject({ pe_tier: 'none' });
    expect(change.after).toMatchObject({ pe_tier: 'bronze' });

    const notes = recordsAssociatedWith(product, 'notes', partner.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.properties.hs_note_body).toContain('from no tier to Bronze');
  });

  it('counts the HubSpot calls it makes in the metrics, by status', async () => {
    const { sandbox, services } = product.mode;
    const before = (await services.metrics.hubspotCalls.get()).values.find((v) => v.labels.status === '2xx')?.value ?? 0;

    sandbox.ui.updateCompany(partnerOf('bronze').id, { pe_last_enablement_activity: '2026-11-14' });
    await product.settle();

    const after = (await services.metrics.hubspotCalls.get()).values.find((v) => v.labels.status === '2xx')?.value ?? 0;
    expect(product.calls()).toBeGreaterThan(0);
    expect(after - before).toBe(product.calls());
  });

  it('creates exactly one task for the owner when the partner starts declining', async () => {
    const { sandbox } = product.mode;
    const partner = partnerOf('gold');
    const ownerId = companyProperties(product, partner.id).hubspot_owner_id;

    sandbox.ui.updateCompany(partner.id, { pe_technical_modules_completed: '3', pe_last_enablement_activity: '2026-03-01' });
    await product.settle();
    expect(companyProperties(product, partner.id)).toMatchObject({ pe_tier: 'silver', pe_readiness_trend: 'declining' });

    // More edits while it stays declining: still one task.
    sandbox.ui.updateCompany(partner.id, { pe_partner_type: 'si' });
    await product.settle();
    sandbox.ui.updateCompany(partner.id, { pe_technical_modules_completed: '2' });
    await product.settle();

    const tasks = decliningTasksOf(product, partner.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties).toMatchObject({ hubspot_owner_id: ownerId, hs_task_status: 'NOT_STARTED' });
    expect(tasks[0]!.properties.hs_task_subject).toContain(partner.name);
  });

  it('reaches the company when a contact earns a certification', async () => {
    const { sandbox } = product.mode;
    const partner = partnerOf('silver', 1);
    const before = Number(companyProperties(product, partner.id).pe_valid_certifications);
    const contactId = partner.contactIds.find((id) => !sandbox.store.getContact(id)!.properties.pe_cert_master_partner_earned_on)!;

    sandbox.ui.updateContact(contactId, { pe_cert_master_partner_earned_on: '2026-11-01' });
    await product.settle();

    expect(Number(companyProperties(product, partner.id).pe_valid_certifications)).toBe(before + 1);
    expect(sandbox.store.getContact(contactId)!.properties.pe_cert_master_partner_expires_on).toBe('2029-11-01');
  });

  it('reaches both companies when a contact moves from one partner to another', async () => {
    const { sandbox } = product.mode;
    const from = partnerOf('platinum');
    const to = partnerOf('bronze', 2);
    const mover = from.contactIds.find((id) => Number(sandbox.store.getContact(id)!.properties.pe_valid_certifications) > 0)!;
    const fromBefore = Number(companyProperties(product, from.id).pe_valid_certifications);
    const toBefore = Number(companyProperties(product, to.id).pe_valid_certifications);
    const moved = Number(sandbox.store.getContact(mover)!.properties.pe_valid_certifications);

    sandbox.ui.disassociate(mover, from.id);
    sandbox.ui.associate(mover, to.id);
    await product.settle();

    expect(Number(companyProperties(product, from.id).pe_valid_certifications)).toBe(fromBefore - moved);
    expect(Number(companyProperties(product, to.id).pe_valid_certifications)).toBe(toBefore + moved);
  });
});

describe('the web app of the running product', () => {
  it('serves the custom workflow actions, signed v2 with the app secret', async () => {
    const { sandbox, serverUrl } = product.mode;
    const path = '/hubspot/actions/check-tier-eligibility';
    const body = JSON.stringify({
      callbackId: 'ap-1',
      origin: { portalId: sandbox.portalId, actionDefinitionId: 1, actionDefinitionVersion: 1 },
      context: { source: 'WORKFLOWS', workflowId: 7 },
      object: { objectId: Number(partnerOf('gold', 1).id), objectType: 'COMPANY', properties: {} },
      inputFields: { target_tier: 'silver' },
    });
    const response = await fetch(`${serverUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature': signAsHubSpot.v2({ secret: sandbox.clientSecret, method: 'POST', url: `${serverUrl}${path}`, body }) },
      body,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { outputFields: Record<string, string> }).outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', eligible: 'yes' });
  });

  it('serves card data, signed v3 with the app secret', async () => {
    const { sandbox, serverUrl } = product.mode;
    const pathAndQuery = `/hubspot/cards/partner-enablement?portalId=${sandbox.portalId}&companyId=${partnerOf('platinum', 1).id}`;
    const timestamp = Date.now();
    const response = await fetch(`${serverUrl}${pathAndQuery}`, {
      headers: {
        'x-hubspot-signature-v3': signAsHubSpot.v3({ secret: sandbox.clientSecret, method: 'GET', url: `${serverUrl}${pathAndQuery}`, body: '', timestamp }),
        'x-hubspot-request-timestamp': String(timestamp),
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ isPartner: true, tier: { id: 'platinum' } });
  });
});
