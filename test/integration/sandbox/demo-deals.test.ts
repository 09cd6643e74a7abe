import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals/index.js';
import { describe, expect, it } from 'vitest';
import { SANDBOX_TODAY, useSandbox, withSandbox } from '../../support/sandbox-fixture.js';

const { sandbox, client } = useSandbox({ seed: 'demo', searchRateLimit: false });

const REGISTRATION_PROPERTIES = [
  'pe_partner_company_id',
  'pe_registration_status',
  'pe_registration_submitted_at',
  'pe_registration_due_at',
  'pe_registration_decided_at',
  'pe_registration_expires_on',
  'pe_registration_rejection_reason',
  'pipeline',
  'dealstage',
  'hs_is_closed',
  'hs_is_closed_won',
];

async function registrationDeals() {
  const ids = sandbox().seed.registrations.map((r) => r.id);
  const { results } = await client().crm.deals.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: REGISTRATION_PROPERTIES, propertiesWithHistory: [] });
  return results;
}

describe('demo portal deals', () => {
  it('has customer companies with domains and contacts, none of them partners', () => {
    const { customers } = sandbox().seed;
    expect(customers.length).toBeGreaterThanOrEqual(6);
    for (const customer of customers) {
      const company = sandbox().store.getCompany(customer.id)!;
      expect(company.properties.domain).toBe(customer.domain);
      expect(company.properties.pe_is_partner).toBeUndefined();
      expect(sandbox().store.associatedIds('companies', customer.id, 'contacts')).toEqual([customer.contactId]);
    }
    expect(customers.map((c) => c.domain)).toContain('brightlane.co.uk');
  });

  it('has open direct deals in the default pipeline on customers', async () => {
    const { results } = await client().crm.deals.batchApi.read({
      inputs: sandbox().seed.directDealIds.map((id) => ({ id })),
      properties: ['pipeline', 'hs_is_closed', 'pe_partner_company_id'],
      propertiesWithHistory: [],
    });
    const open = results.filter((deal) => deal.properties.hs_is_closed === 'false');
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(results.every((deal) => deal.properties.pipeline === 'default' && !deal.properties.pe_partner_company_id)).toBe(true);
    const customerIds = new Set(sandbox().seed.customers.map((c) => c.id));
    for (const deal of open) expect(customerIds.has(sandbox().store.associatedIds('deals', deal.id, 'companies')[0]!)).toBe(true);
  });

  it('has registrations in every status, in the Partner registrations pipeline, by partners that may register deals', async () => {
    const { results: pipelines } = await client().crm.pipelines.pipelinesApi.getAll('deals');
    const registrationsPipeline = pipelines.find((p) => p.label === 'Partner registrations')!;
    expect(registrationsPipeline.stages.map((s) => s.label)).toEqual(['Submitted', 'Approved', 'Won', 'Lost', 'Rejected', 'Expired']);
    const deals = await registrationDeals();
    expect(new Set(deals.map((d) => d.properties.pe_registration_status))).toEqual(new Set(['submitted', 'approved', 'rejected', 'expired', 'won', 'lost']));
    const stageLabel = new Map(registrationsPipeline.stages.map((s) => [s.id, s.label.toLowerCase()]));
    const tierOf = new Map(sandbox().seed.partners.map((p) => [p.id, p.expectedTier]));
    for (const deal of deals) {
      expect(deal.properties.pipeline).toBe(registrationsPipeline.id);
      expect(stageLabel.get(deal.properties.dealstage!)).toBe(deal.properties.pe_registration_status);
      expect(['silver', 'gold', 'platinum']).toContain(tierOf.get(deal.properties.pe_partner_company_id!));
      expect(deal.properties.pe_registration_submitted_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    expect(deals.find((d) => d.properties.pe_registration_status === 'won')?.properties.hs_is_closed_won).toBe('true');
    expect(deals.find((d) => d.properties.pe_registration_status === 'rejected')?.properties.pe_registration_rejection_reason).toBeTruthy();
  });

  it('links each registration to its customer, the customer contact and the partner labelled Registered partner', async () => {
    const { results: labels } = await client().crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies');
    const registered = labels.find((l) => l.label === 'Registered partner')!;
    for (const registration of sandbox().seed.registrations) {
      const page = await client().crm.associations.v4.basicApi.getPage('deals', registration.id, 'companies');
      const byCompany = new Map(page.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.label)]));
      expect(byCompany.get(registration.partnerId)).toContain('Registered partner');
      expect(byCompany.get(registration.customerId)).toContain('Primary');
      expect(sandbox().store.associatedIds('deals', registration.id, 'contacts')).toHaveLength(1);
    }
    expect(registered.category).toBe('USER_DEFINED');
  });

  it('holds conflicts for the first check: a pending claim on a customer with an open direct deal and one on a customer another partner holds', async () => {
    const deals = await registrationDeals();
    const customerOf = new Map(sandbox().seed.registrations.map((r) => [r.id, r.customerId]));
    const openDirect = new Set(
      (await client().crm.deals.batchApi.read({ inputs: sandbox().seed.directDealIds.map((id) => ({ id })), properties: ['hs_is_closed'], propertiesWithHistory: [] })).results
        .filter((d) => d.properties.hs_is_closed === 'false')
        .flatMap((d) => sandbox().store.associatedIds('deals', d.id, 'companies')),
    );
    const pending = deals.filter((d) => d.properties.pe_registration_status === 'submitted');
    expect(pending.some((d) => openDirect.has(customerOf.get(d.id)!))).toBe(true);
    const heldByOther = pending.filter((d) =>
      deals.some(
        (other) =>
          other.properties.pe_registration_status === 'approved' &&
          customerOf.get(other.id) === customerOf.get(d.id) &&
          other.properties.pe_partner_company_id !== d.properties.pe_partner_company_id &&
          other.properties.pe_registration_expires_on! >= SANDBOX_TODAY,
      ),
    );
    expect(heldByOther).toHaveLength(1);
    const overdue = pending.filter((d) => d.properties.pe_registration_due_at! < `${SANDBOX_TODAY}T00:00:00.000Z`);
    expect(overdue.length).toBeGreaterThanOrEqual(1);
  });

  it('finds registrations by partner through deal search', async () => {
    const partnerId = sandbox().seed.registrations[0]!.partnerId;
    const found = await client().crm.deals.searchApi.doSearch({
      // Partners source deals outside registrations too; a registration carries its status.
      filterGroups: [{ filters: [
        { propertyName: 'pe_partner_company_id', operator: FilterOperatorEnum.Eq, value: partnerId },
        { propertyName: 'pe_registration_status', operator: FilterOperatorEnum.HasProperty },
      ] }],
      properties: ['pe_registration_status'],
      limit: 100,
      after: '0',
      sorts: [],
    });
    expect(found.total).toBe(sandbox().seed.registrations.filter((r) => r.partnerId === partnerId).length);
  });

  it('keeps registrations in the default pipeline, unlabelled, on a plan with one pipeline and no custom labels', async () => {
    await withSandbox({ seed: 'demo', plan: { dealPipelines: 1, customAssociationLabels: false } }, async (box, sdk) => {
      expect(box.seed.registrationPipelineId).toBe('default');
      expect(box.seed.registeredPartnerTypeId).toBeUndefined();
      const registration = box.seed.registrations.find((r) => r.status === 'won')!;
      const deal = await sdk.crm.deals.basicApi.getById(registration.id, ['pipeline', 'dealstage', 'pe_registration_status']);
      expect(deal.properties).toMatchObject({ pipeline: 'default', dealstage: 'closedwon', pe_registration_status: 'won' });
      const page = await sdk.crm.associations.v4.basicApi.getPage('deals', registration.id, 'companies');
      expect(page.results.find((r) => String(r.toObjectId) === registration.partnerId)?.associationTypes.map((t) => t.category)).toEqual(['HUBSPOT_DEFINED']);
    });
  });
});
