import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals/index.js';
import { describe, expect, it } from 'vitest';
import { apiError } from '../../support/sandbox-api-error.js';
import { useSandbox, withSandbox } from '../../support/sandbox-fixture.js';

const { sandbox, client } = useSandbox({ seed: 'empty', searchRateLimit: false });

const REGISTRATION_STAGES: Array<{ label: string; displayOrder: number; metadata: Record<string, string> }> = [
  { label: 'Submitted', displayOrder: 0, metadata: { probability: '0.1' } },
  { label: 'Approved', displayOrder: 1, metadata: { probability: '0.5' } },
  { label: 'Won', displayOrder: 2, metadata: { probability: '1.0', isClosed: 'true' } },
  { label: 'Lost', displayOrder: 3, metadata: { probability: '0.0', isClosed: 'true' } },
];

describe('deals', () => {
  it('creates, reads, updates and archives a deal, with the calculated closed flags', async () => {
    const created = await client().crm.deals.basicApi.create({ properties: { dealname: 'Acme rollout', amount: '12500', dealstage: 'qualifiedtobuy' }, associations: [] });
    expect(created.properties).toMatchObject({ dealname: 'Acme rollout', amount: '12500', dealstage: 'qualifiedtobuy' });
    const read = await client().crm.deals.basicApi.getById(created.id, ['pipeline', 'hs_is_closed', 'hs_is_closed_won', 'amount_in_home_currency']);
    expect(read.properties).toMatchObject({ pipeline: 'default', hs_is_closed: 'false', hs_is_closed_won: 'false', amount_in_home_currency: '12500' });

    await client().crm.deals.basicApi.update(created.id, { properties: { dealstage: 'closedwon' } });
    const won = await client().crm.deals.basicApi.getById(created.id, ['hs_is_closed', 'hs_is_closed_won']);
    expect(won.properties).toMatchObject({ hs_is_closed: 'true', hs_is_closed_won: 'true' });
    await client().crm.deals.basicApi.update(created.id, { properties: { dealstage: 'closedlost' } });
    const lost = await client().crm.deals.basicApi.getById(created.id, ['hs_is_closed', 'hs_is_closed_won']);
    expect(lost.properties).toMatchObject({ hs_is_closed: 'true', hs_is_closed_won: 'false' });

    await client().crm.deals.basicApi.archive(created.id);
    expect((await apiError(client().crm.deals.basicApi.getById(created.id))).code).toBe(404);
  });

  it('reads a deal with its associations when asked (?associations=companies,contacts)', async () => {
    const companyId = sandbox().ui.createCompany({ name: 'Readco' });
    const contactId = sandbox().ui.createContact({ email: 'reader@readco.example' });
    const { id } = await client().crm.deals.basicApi.create({
      properties: { dealname: 'Read with associations' },
      associations: [
        { to: { id: companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 }] },
        { to: { id: contactId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 3 }] },
      ],
    });
    const read = await client().crm.deals.basicApi.getById(id, ['dealname'], undefined, ['companies', 'contacts']);
    expect(read.associations?.companies?.results.map((r) => [r.id, r.type])).toEqual([
      [companyId, 'deal_to_company_unlabeled'],
      [companyId, 'deal_to_company'],
    ]);
    expect(read.associations?.contacts?.results.map((r) => [r.id, r.type])).toEqual([[contactId, 'deal_to_contact']]);
    const plain = await client().crm.deals.basicApi.getById(id, ['dealname']);
    expect(plain.associations).toBeUndefined();
  });

  it('returns HubSpot\'s default deal properties when a read names none', async () => {
    const { id } = await client().crm.deals.basicApi.create({ properties: { dealname: 'Defaults', dealstage: 'appointmentscheduled' }, associations: [] });
    const read = await client().crm.deals.basicApi.getById(id);
    expect(Object.keys(read.properties).sort()).toEqual(['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline']);
  });

  it('refuses a stage of another pipeline and the calculated properties with 400, writing nothing', async () => {
    const stage = await apiError(client().crm.deals.basicApi.create({ properties: { dealname: 'Bad stage', dealstage: 'no-such-stage' }, associations: [] }));
    expect(stage.code).toBe(400);
    expect(stage.body.category).toBe('VALIDATION_ERROR');
    expect(String(stage.body.message)).toContain('no-such-stage');
    const calculated = await apiError(client().crm.deals.basicApi.create({ properties: { dealname: 'Forced', hs_is_closed_won: 'true' }, associations: [] }));
    expect(calculated.code).toBe(400);
    expect(sandbox().store.listRecords('deals').map((d) => d.properties.dealname)).not.toContain('Forced');
  });

  it('stores custom deal properties created through the properties API', async () => {
    await client().crm.properties.coreApi.create('deals', {
      name: 'pe_partner_company_id',
      label: 'Partner company id',
      type: PropertyCreateTypeEnum.Number,
      fieldType: PropertyCreateFieldTypeEnum.Number,
      groupName: 'dealinformation',
    });
    const { id } = await client().crm.deals.basicApi.create({ properties: { dealname: 'Partner deal', pe_partner_company_id: '31000000042' }, associations: [] });
    const read = await client().crm.deals.basicApi.getById(id, ['pe_partner_company_id']);
    expect(read.properties.pe_partner_company_id).toBe('31000000042');
    const refused = await apiError(client().crm.deals.basicApi.update(id, { properties: { pe_partner_company_id: 'forty-two' } }));
    expect(refused.code).toBe(400);
  });

  it('batch creates with trace ids: 207 with the refused input named by its trace id', async () => {
    const response = await client().crm.deals.batchApi.createWithHttpInfo({
      inputs: [
        { properties: { dealname: 'Batch good', dealstage: 'appointmentscheduled' }, associations: [], objectWriteTraceId: 'deal-good' },
        { properties: { dealname: 'Batch bad', dealstage: 'nowhere' }, associations: [], objectWriteTraceId: 'deal-bad' },
      ],
    });
    expect(response.httpStatusCode).toBe(207);
    const data = response.data as typeof response.data & { errors?: Array<{ context: Record<string, string[]> }> };
    expect(data.results.map((r) => r.properties.dealname)).toEqual(['Batch good']);
    expect(data.errors?.map((e) => e.context.objectWriteTraceId)).toEqual([['deal-bad']]);
  });

  it('batch reads, updates and archives deals', async () => {
    const created = await client().crm.deals.batchApi.create({
      inputs: [
        { properties: { dealname: 'B1', amount: '100' }, associations: [] },
        { properties: { dealname: 'B2', amount: '200' }, associations: [] },
      ],
    });
    const ids = created.results.map((r) => r.id);
    await client().crm.deals.batchApi.update({ inputs: ids.map((id) => ({ id, properties: { amount: '300' } })) });
    const read = await client().crm.deals.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['amount_in_home_currency'], propertiesWithHistory: [] });
    expect(read.results.map((r) => r.properties.amount_in_home_currency)).toEqual(['300', '300']);
    await client().crm.deals.batchApi.archive({ inputs: ids.map((id) => ({ id })) });
    expect(ids.map((id) => sandbox().store.getRecord('deals', id))).toEqual([undefined, undefined]);
  });

  it('searches deals by property', async () => {
    await client().crm.deals.basicApi.create({ properties: { dealname: 'Searchable one', dealtype: 'newbusiness' }, associations: [] });
    const found = await client().crm.deals.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'dealname', operator: FilterOperatorEnum.Eq, value: 'Searchable one' }] }],
      properties: ['dealname', 'dealtype'],
      limit: 10,
      after: '0',
      sorts: [],
    });
    expect(found.total).toBe(1);
    expect(found.results[0]?.properties.dealtype).toBe('newbusiness');
  });

  it('finds the deals of a company with the associations.company filter', async () => {
    const companyId = sandbox().ui.createCompany({ name: 'Searchco', domain: 'searchco.example' });
    const { id: onIt } = await client().crm.deals.basicApi.create({
      properties: { dealname: 'On Searchco' },
      associations: [{ to: { id: companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 341 }] }],
    });
    await client().crm.deals.basicApi.create({ properties: { dealname: 'Elsewhere' }, associations: [] });
    const found = await client().crm.deals.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'associations.company', operator: FilterOperatorEnum.Eq, value: companyId }] }],
      properties: ['dealname'],
      limit: 10,
      after: '0',
      sorts: [],
    });
    expect(found.results.map((r) => r.id)).toEqual([onIt]);
  });

  it('counts deal searches against the search limit of 5 per second', async () => {
    await withSandbox({ seed: 'empty', searchRateLimit: { max: 5, intervalMs: 60_000 } }, async (_box, sdk) => {
      const search = () =>
        sdk.crm.deals.searchApi.doSearch({ filterGroups: [], properties: [], limit: 1, after: '0', sorts: [] });
      for (let i = 0; i < 5; i += 1) await search();
      const limited = await apiError(search());
      expect(limited.code).toBe(429);
      expect(limited.body.errorType).toBe('RATE_LIMIT');
    });
  });
});

describe('deal pipelines', () => {
  it('lists the default Sales Pipeline with its stages', async () => {
    const { results } = await client().crm.pipelines.pipelinesApi.getAll('deals');
    const sales = results.find((p) => p.id === 'default');
    expect(sales?.label).toBe('Sales Pipeline');
    expect(sales?.stages.map((s) => s.id)).toContain('closedwon');
    expect(sales?.stages.find((s) => s.id === 'closedwon')?.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
  });

  it('creates a pipeline with stages; its stages are valid dealstage values and closed ones close the deal', async () => {
    const pipeline = await client().crm.pipelines.pipelinesApi.create('deals', { label: 'Partner registrations', displayOrder: 1, stages: REGISTRATION_STAGES });
    expect(pipeline.stages.map((s) => s.label)).toEqual(['Submitted', 'Approved', 'Won', 'Lost']);
    const listed = await client().crm.pipelines.pipelinesApi.getAll('deals');
    expect(listed.results.map((p) => p.label)).toContain('Partner registrations');
    const won = pipeline.stages.find((s) => s.label === 'Won')!.id;
    const { id } = await client().crm.deals.basicApi.create({ properties: { dealname: 'Registered', pipeline: pipeline.id, dealstage: won }, associations: [] });
    expect((await client().crm.deals.basicApi.getById(id, ['hs_is_closed_won'])).properties.hs_is_closed_won).toBe('true');
    const wrongPipeline = await apiError(client().crm.deals.basicApi.update(id, { properties: { dealstage: 'closedwon' } }));
    expect(wrongPipeline.code).toBe(400);
  });

  it('refuses a label already used (409), a stage without probability and a pipeline without label (400)', async () => {
    await client().crm.pipelines.pipelinesApi.create('deals', { label: 'Renewals', displayOrder: 2, stages: REGISTRATION_STAGES });
    const duplicate = await apiError(client().crm.pipelines.pipelinesApi.create('deals', { label: 'renewals', displayOrder: 3, stages: REGISTRATION_STAGES }));
    expect(duplicate.code).toBe(409);
    const noProbability = await apiError(
      client().crm.pipelines.pipelinesApi.create('deals', { label: 'Odd', displayOrder: 3, stages: [{ label: 'Only', displayOrder: 0, metadata: {} }] }),
    );
    expect(noProbability.code).toBe(400);
    expect(noProbability.body.category).toBe('VALIDATION_ERROR');
    const noLabel = await apiError(client().crm.pipelines.pipelinesApi.create('deals', { label: '', displayOrder: 3, stages: REGISTRATION_STAGES }));
    expect(noLabel.code).toBe(400);
  });

  it('refuses a second pipeline on a plan that allows one (403), keeping the default', async () => {
    await withSandbox({ seed: 'empty', plan: { dealPipelines: 1 } }, async (_box, sdk) => {
      const refused = await apiError(sdk.crm.pipelines.pipelinesApi.create('deals', { label: 'Partner registrations', displayOrder: 1, stages: REGISTRATION_STAGES }));
      expect(refused.code).toBe(403);
      expect((await sdk.crm.pipelines.pipelinesApi.getAll('deals')).results.map((p) => p.id)).toEqual(['default']);
    });
  });
});

describe('association labels', () => {
  const aCompany = (name: string) => sandbox().ui.createCompany({ name, domain: `${name.toLowerCase()}.example` });

  it('creates a deal→company label pair and lists it with HubSpot\'s own types', async () => {
    const created = await client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', {
      label: 'Registered partner',
      name: 'registered_partner',
      inverseLabel: 'Partner registration',
    });
    expect(created.results.map((r) => [r.category, r.label])).toEqual([
      ['USER_DEFINED', 'Registered partner'],
      ['USER_DEFINED', 'Partner registration'],
    ]);
    const listed = await client().crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies');
    expect(listed.results.map((r) => [r.category, r.typeId, r.label])).toEqual([
      ['HUBSPOT_DEFINED', 341, null],
      ['HUBSPOT_DEFINED', 5, 'Primary'],
      ['USER_DEFINED', created.results[0]!.typeId, 'Registered partner'],
    ]);
    const inverse = await client().crm.associations.v4.schema.definitionsApi.getAll('companies', 'deals');
    expect(inverse.results.find((r) => r.category === 'USER_DEFINED')?.label).toBe('Partner registration');
  });

  it('associates a deal with a company by the label; both sides read it, the unlabelled association comes with it', async () => {
    const created = await client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Referring partner', name: 'referring_partner' });
    const typeId = created.results[0]!.typeId;
    const partnerId = aCompany('Labelpartner');
    const { id: dealId } = await client().crm.deals.basicApi.create({ properties: { dealname: 'Labelled' }, associations: [] });
    const answer = await client().crm.associations.v4.basicApi.create('deals', dealId, 'companies', partnerId, [
      { associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: typeId },
    ]);
    expect(answer.labels).toEqual(['Referring partner']);
    const fromDeal = await client().crm.associations.v4.basicApi.getPage('deals', dealId, 'companies');
    expect(fromDeal.results[0]?.associationTypes.map((t) => [t.category, t.typeId, t.label])).toEqual([
      ['HUBSPOT_DEFINED', 341, null],
      ['USER_DEFINED', typeId, 'Referring partner'],
    ]);
    const fromCompany = await client().crm.associations.v4.basicApi.getPage('companies', partnerId, 'deals');
    expect(fromCompany.results[0]?.associationTypes.map((t) => t.typeId)).toEqual([342, created.results[1]!.typeId]);
  });

  it('creates deal↔contact labels and refuses a label type id of another object pair', async () => {
    const contactLabel = await client().crm.associations.v4.schema.definitionsApi.create('deals', 'contacts', { label: 'Customer contact', name: 'customer_contact' });
    const companyLabel = await client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Customer', name: 'customer' });
    const contactId = sandbox().ui.createContact({ email: 'buyer@customer.example' });
    const { id: dealId } = await client().crm.deals.basicApi.create({ properties: { dealname: 'With contact' }, associations: [] });
    await client().crm.associations.v4.basicApi.create('deals', dealId, 'contacts', contactId, [
      { associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: contactLabel.results[0]!.typeId },
    ]);
    expect(sandbox().store.associatedIds('contacts', contactId, 'deals')).toEqual([dealId]);
    const wrong = await apiError(
      client().crm.associations.v4.basicApi.create('deals', dealId, 'contacts', contactId, [
        { associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: companyLabel.results[0]!.typeId },
      ]),
    );
    expect(wrong.code).toBe(400);
  });

  it('creates a deal with a labelled association in the create call', async () => {
    const label = await client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Sourced by', name: 'sourced_by' });
    const partnerId = aCompany('Sourcepartner');
    const { id } = await client().crm.deals.basicApi.create({
      properties: { dealname: 'Created labelled' },
      associations: [{ to: { id: partnerId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: label.results[0]!.typeId }] }],
    });
    const page = await client().crm.associations.v4.basicApi.getPage('deals', id, 'companies');
    expect(page.results[0]?.associationTypes.map((t) => t.label)).toEqual([null, 'Sourced by']);
  });

  it('refuses a label without a name, and a name already used between the pair, with 400', async () => {
    const noName = await apiError(client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Nameless', name: '' }));
    expect(noName.code).toBe(400);
    await client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Influencer', name: 'influencer' });
    const again = await apiError(client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Influencer 2', name: 'influencer' }));
    expect(again.code).toBe(400);
  });

  it('refuses label creation on a portal whose plan has no custom labels, and still associates unlabelled', async () => {
    await withSandbox({ seed: 'empty', plan: { customAssociationLabels: false } }, async (box, sdk) => {
      const refused = await apiError(sdk.crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Registered partner', name: 'registered_partner' }));
      expect(refused.code).toBe(403);
      expect(refused.body.status).toBe('error');
      expect(String(refused.body.message)).toContain('Professional or Enterprise');
      const listed = await sdk.crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies');
      expect(listed.results.every((r) => r.category === 'HUBSPOT_DEFINED')).toBe(true);
      const companyId = box.ui.createCompany({ name: 'Plain' });
      const { id } = await sdk.crm.deals.basicApi.create({ properties: { dealname: 'Plain' }, associations: [] });
      await sdk.crm.associations.v4.basicApi.createDefault('deals', id, 'companies', companyId);
      expect(box.store.associatedIds('deals', id, 'companies')).toEqual([companyId]);
    });
  });
});

describe('batch association create', () => {
  it('associates deals with companies in one call, with a label, and refuses a type id of another pair whole', async () => {
    const label = await client().crm.associations.v4.schema.definitionsApi.create('deals', 'companies', { label: 'Batch partner', name: 'batch_partner' });
    const typeId = label.results[0]!.typeId;
    const companyId = sandbox().ui.createCompany({ name: 'Batchco', domain: 'batchco.example' });
    const created = await client().crm.deals.batchApi.create({ inputs: [{ properties: { dealname: 'BA1' }, associations: [] }, { properties: { dealname: 'BA2' }, associations: [] }] });
    const dealIds = created.results.map((r) => r.id);
    const answer = await client().crm.associations.v4.batchApi.create('deals', 'companies', {
      inputs: dealIds.map((id) => ({ _from: { id }, to: { id: companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: typeId }] })),
    });
    expect(answer.results.map((r) => r.labels)).toEqual([['Batch partner'], ['Batch partner']]);
    expect(sandbox().store.associatedIds('companies', companyId, 'deals').sort()).toEqual([...dealIds].sort());

    const other = sandbox().ui.createCompany({ name: 'Untouched' });
    const refused = await apiError(
      client().crm.associations.v4.batchApi.create('deals', 'companies', {
        inputs: [{ _from: { id: dealIds[0]! }, to: { id: other }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 3 }] }],
      }),
    );
    expect(refused.code).toBe(400);
    expect(sandbox().store.associatedIds('companies', other, 'deals')).toEqual([]);
  });
});
