import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { describe, expect, it } from 'vitest';
import { apiError } from '../../support/sandbox-api-error.js';
import { useSandbox } from '../../support/sandbox-fixture.js';

const { sandbox, client } = useSandbox({ seed: 'demo' });

function aCompanyWithContacts(count: number): { companyId: string; contactIds: string[] } {
  const companyId = sandbox().ui.createCompany({ name: 'Linked Partner', pe_is_partner: 'true' });
  const contactIds = Array.from({ length: count }, (_, i) => {
    const id = sandbox().ui.createContact({ email: `person${i}.${companyId}@linked.example` });
    sandbox().ui.associate(id, companyId);
    return id;
  });
  return { companyId, contactIds };
}

describe('v4 batch read', () => {
  it('answers 200 with company→contact links of type 280, the SDK renaming from to _from', async () => {
    const { companyId, contactIds } = aCompanyWithContacts(2);
    const response = await client().crm.associations.v4.batchApi.getPageWithHttpInfo('companies', 'contacts', { inputs: [{ id: companyId }] });
    expect(response.httpStatusCode).toBe(200);
    const [result] = response.data.results;
    expect(result?._from.id).toBe(companyId);
    expect(result?.to.map((t) => String(t.toObjectId))).toEqual(contactIds);
    expect(result?.to[0]?.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 280, label: null }]);
  });

  it('reads the other direction with type 279', async () => {
    const { companyId, contactIds } = aCompanyWithContacts(1);
    const result = await client().crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: contactIds[0]! }] });
    expect(result.results[0]?.to).toEqual([{ toObjectId: Number(companyId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 279, label: null }] }]);
  });

  it('answers 207 with an error for an id that has no associations', async () => {
    const { companyId } = aCompanyWithContacts(1);
    const lonely = sandbox().ui.createCompany({ name: 'Nobody Here' });
    const response = await client().crm.associations.v4.batchApi.getPageWithHttpInfo('companies', 'contacts', { inputs: [{ id: companyId }, { id: lonely }] });
    expect(response.httpStatusCode).toBe(207);
    const data = response.data as { numErrors?: number; errors?: Array<{ subCategory?: string; context: Record<string, string[]> }> };
    expect(data.numErrors).toBe(1);
    expect(data.errors?.[0]?.context.fromObjectId).toEqual([lonely]);
    expect(response.data.results).toHaveLength(1);
  });

  it('refuses more than 1000 inputs with 400', async () => {
    const inputs = Array.from({ length: 1001 }, (_, i) => ({ id: String(i + 1) }));
    expect((await apiError(client().crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs }))).code).toBe(400);
  });

  it('pages a company with more than 500 contacts with paging.next.after', async () => {
    const { companyId } = aCompanyWithContacts(501);
    const first = await client().crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companyId }] });
    expect(first.results[0]?.to).toHaveLength(500);
    const after = first.results[0]?.paging?.next?.after;
    expect(after).toBeDefined();
    const second = await client().crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: companyId, after: after! }] });
    expect(second.results[0]?.to).toHaveLength(1);
    expect(second.results[0]?.paging).toBeUndefined();
  });
});

describe('v4 single associations', () => {
  it('creates the default association with PUT (200)', async () => {
    const companyId = sandbox().ui.createCompany({ name: 'Default Link' });
    const contactId = sandbox().ui.createContact({ email: 'default.link@partner.example' });
    const response = await client().crm.associations.v4.basicApi.createDefaultWithHttpInfo('contacts', contactId, 'companies', companyId);
    expect(response.httpStatusCode).toBe(200);
    expect(sandbox().store.associatedIds('companies', companyId, 'contacts')).toEqual([contactId]);
  });

  it('creates a typed association with PUT (201)', async () => {
    const companyId = sandbox().ui.createCompany({ name: 'Typed Link' });
    const task = await client().crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'Renew' }, associations: [] });
    const response = await client().crm.associations.v4.basicApi.createWithHttpInfo('tasks', task.id, 'companies', companyId, [
      { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 192 },
    ]);
    expect(response.httpStatusCode).toBe(201);
    expect(sandbox().store.associatedIds('tasks', task.id, 'companies')).toEqual([companyId]);
  });

  it('removes an association with DELETE (204)', async () => {
    const { companyId, contactIds } = aCompanyWithContacts(1);
    await client().crm.associations.v4.basicApi.archive('companies', companyId, 'contacts', contactIds[0]!);
    expect(sandbox().store.associatedIds('companies', companyId, 'contacts')).toEqual([]);
  });

  it('lists one record\'s associations (200)', async () => {
    const { companyId, contactIds } = aCompanyWithContacts(3);
    const page = await client().crm.associations.v4.basicApi.getPage('companies', companyId, 'contacts');
    expect(page.results.map((r) => String(r.toObjectId))).toEqual(contactIds);
  });

  it('answers 404 when one side does not exist', async () => {
    const companyId = sandbox().ui.createCompany({ name: 'Half Link' });
    expect((await apiError(client().crm.associations.v4.basicApi.createDefault('contacts', '404408', 'companies', companyId))).code).toBe(404);
  });
});
