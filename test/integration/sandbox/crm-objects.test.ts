import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import { describe, expect, it } from 'vitest';
import { apiError } from '../../support/sandbox-api-error.js';
import { sandboxClient, useSandbox } from '../../support/sandbox-fixture.js';

const { sandbox, client } = useSandbox({ seed: 'demo' });

function aCompany(overrides: Record<string, string> = {}): string {
  return sandbox().ui.createCompany({ name: 'Acme Channel', pe_is_partner: 'true', pe_sales_modules_completed: '3', ...overrides });
}

describe('batch read', () => {
  it('answers 200 with the asked properties as strings, null when unset', async () => {
    const id = aCompany();
    const response = await client().crm.companies.batchApi.readWithHttpInfo({ inputs: [{ id }], properties: ['name', 'pe_sales_modules_completed', 'pe_tier'], propertiesWithHistory: [] });
    expect(response.httpStatusCode).toBe(200);
    const [record] = response.data.results;
    expect(record?.id).toBe(id);
    expect(record?.properties).toMatchObject({ name: 'Acme Channel', pe_sales_modules_completed: '3', pe_tier: null, hs_object_id: id });
  });

  it('leaves out properties that do not exist instead of failing', async () => {
    const id = aCompany();
    const result = await client().crm.companies.batchApi.read({ inputs: [{ id }], properties: ['name', 'no_such_property'], propertiesWithHistory: [] });
    expect(result.results[0]?.properties).not.toHaveProperty('no_such_property');
  });

  it('answers 207 with an OBJECT_NOT_FOUND error naming the missing ids', async () => {
    const id = aCompany();
    const response = await client().crm.companies.batchApi.readWithHttpInfo({ inputs: [{ id }, { id: '404404' }], properties: ['name'], propertiesWithHistory: [] });
    expect(response.httpStatusCode).toBe(207);
    const data = response.data as { numErrors?: number; errors?: Array<{ category: string; context: Record<string, string[]> }> };
    expect(data.numErrors).toBe(1);
    expect(data.errors?.[0]?.category).toBe('OBJECT_NOT_FOUND');
    expect(data.errors?.[0]?.context.ids).toEqual(['404404']);
    expect(response.data.results.map((r) => r.id)).toEqual([id]);
  });

  it('returns property history newest first when asked', async () => {
    const id = aCompany();
    await client().crm.companies.basicApi.update(id, { properties: { pe_sales_modules_completed: '5' } });
    const result = await client().crm.companies.batchApi.read({ inputs: [{ id }], properties: [], propertiesWithHistory: ['pe_sales_modules_completed'] });
    const history = result.results[0]?.propertiesWithHistory?.pe_sales_modules_completed ?? [];
    expect(history.map((h) => h.value)).toEqual(['5', '3']);
    expect(history[0]?.sourceType).toBe('INTEGRATION');
  });

  it('refuses more than 100 inputs with 400 VALIDATION_ERROR', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const failure = await apiError(client().crm.companies.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }));
    expect(failure.code).toBe(400);
    expect(failure.body.category).toBe('VALIDATION_ERROR');
  });

  it('reads contacts by a unique property with idProperty', async () => {
    const contactId = sandbox().ui.createContact({ email: 'unique.person@partner.example', firstname: 'Uma' });
    const result = await client().crm.contacts.batchApi.read({ inputs: [{ id: 'unique.person@partner.example' }], idProperty: 'email', properties: ['firstname'], propertiesWithHistory: [] });
    expect(result.results[0]?.id).toBe(contactId);
  });
});

describe('batch update', () => {
  it('answers 200 and stores values as strings', async () => {
    const id = aCompany();
    const response = await client().crm.companies.batchApi.updateWithHttpInfo({ inputs: [{ id, properties: { pe_readiness_score: '42', pe_tier: 'bronze', pe_permissions: 'access_portal;submit_leads' } }] });
    expect(response.httpStatusCode).toBe(200);
    expect(sandbox().store.getCompany(id)?.properties).toMatchObject({ pe_readiness_score: '42', pe_tier: 'bronze', pe_permissions: 'access_portal;submit_leads' });
  });

  it('answers 207 for ids that do not exist and updates the others', async () => {
    const id = aCompany();
    const response = await client().crm.companies.batchApi.updateWithHttpInfo({ inputs: [{ id, properties: { pe_gap_count: '2' } }, { id: '404405', properties: { pe_gap_count: '1' } }] });
    expect(response.httpStatusCode).toBe(207);
    expect((response.data as { errors?: Array<{ context: Record<string, string[]> }> }).errors?.[0]?.context.ids).toEqual(['404405']);
    expect(sandbox().store.getCompany(id)?.properties.pe_gap_count).toBe('2');
  });

  it('refuses an enumeration value that is not an option, with INVALID_OPTION, writing nothing', async () => {
    const id = aCompany();
    const failure = await apiError(client().crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_tier: 'diamond', pe_gap_count: '3' } }] }));
    expect(failure.code).toBe(400);
    expect(failure.body.category).toBe('VALIDATION_ERROR');
    expect(String(failure.body.message)).toContain('INVALID_OPTION');
    expect(sandbox().store.getCompany(id)?.properties.pe_gap_count).toBeUndefined();
  });

  it('refuses a property that does not exist with PROPERTY_DOESNT_EXIST', async () => {
    const id = aCompany();
    const failure = await apiError(client().crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_not_defined: 'x' } }] }));
    expect(failure.code).toBe(400);
    expect(String(failure.body.message)).toContain('PROPERTY_DOESNT_EXIST');
  });

  it('refuses text in a number property', async () => {
    const id = aCompany();
    const failure = await apiError(client().crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_readiness_score: 'high' } }] }));
    expect(failure.code).toBe(400);
    expect(String(failure.body.message)).toContain('INVALID_NUMBER');
  });

  it('refuses more than 100 inputs with 400', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1), properties: { pe_gap_count: '1' } }));
    expect((await apiError(client().crm.companies.batchApi.update({ inputs }))).code).toBe(400);
  });

  it('refuses duplicate ids with 400', async () => {
    const id = aCompany();
    const failure = await apiError(client().crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_gap_count: '1' } }, { id, properties: { pe_gap_count: '2' } }] }));
    expect(failure.code).toBe(400);
    expect(String(failure.body.message)).toContain('Duplicate IDs');
  });

  it('stores a date given as epoch milliseconds at midnight UTC as YYYY-MM-DD', async () => {
    const id = aCompany();
    await client().crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_last_enablement_activity: String(Date.UTC(2026, 10, 3)) } }] });
    expect(sandbox().store.getCompany(id)?.properties.pe_last_enablement_activity).toBe('2026-11-03');
  });

  it('clears a value written as an empty string', async () => {
    const id = aCompany({ pe_target_tier: 'gold' });
    await client().crm.companies.batchApi.update({ inputs: [{ id, properties: { pe_target_tier: '' } }] });
    const record = await client().crm.companies.basicApi.getById(id, ['pe_target_tier']);
    expect(record.properties.pe_target_tier).toBeNull();
  });
});

describe('single records', () => {
  it('creates a company with 201', async () => {
    const response = await client().crm.companies.basicApi.createWithHttpInfo({ properties: { name: 'Created By API', pe_is_partner: 'true' }, associations: [] });
    expect(response.httpStatusCode).toBe(201);
    expect(sandbox().store.getCompany(response.data.id)?.properties.name).toBe('Created By API');
  });

  it('reads one company with 200 and answers 404 for a missing one', async () => {
    const id = aCompany();
    expect((await client().crm.companies.basicApi.getById(id, ['name'])).properties.name).toBe('Acme Channel');
    const failure = await apiError(client().crm.companies.basicApi.getById('404406'));
    expect(failure.code).toBe(404);
  });

  it('updates one contact with PATCH and 200', async () => {
    const id = sandbox().ui.createContact({ email: 'patch.me@partner.example' });
    const response = await client().crm.contacts.basicApi.updateWithHttpInfo(id, { properties: { pe_partner_role: 'se' } });
    expect(response.httpStatusCode).toBe(200);
    expect(sandbox().store.getContact(id)?.properties.pe_partner_role).toBe('se');
  });

  it('archives with 204', async () => {
    const id = aCompany();
    await client().crm.companies.basicApi.archive(id);
    expect(sandbox().store.getCompany(id)).toBeUndefined();
  });

  it('lists companies page by page', async () => {
    const first = await client().crm.companies.basicApi.getPage(5, undefined, ['name']);
    expect(first.results).toHaveLength(5);
    const second = await client().crm.companies.basicApi.getPage(5, first.paging?.next?.after, ['name']);
    expect(second.results[0]?.id).not.toBe(first.results[0]?.id);
  });
});

describe('tasks and notes', () => {
  it('creates a task associated with a company (201) and the association reads back', async () => {
    const companyId = aCompany();
    const response = await client().crm.objects.tasks.basicApi.createWithHttpInfo({
      properties: { hs_task_subject: 'Partner score is declining', hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH', hs_timestamp: '2026-11-16T09:00:00.000Z', hubspot_owner_id: '90000001' },
      associations: [{ to: { id: companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 192 }] }],
    });
    expect(response.httpStatusCode).toBe(201);
    expect(sandbox().store.associatedIds('companies', companyId, 'tasks')).toEqual([response.data.id]);
  });

  it('creates a note associated with a company (201)', async () => {
    const companyId = aCompany();
    const note = await client().crm.objects.notes.basicApi.create({
      properties: { hs_note_body: 'Tier changed to silver', hs_timestamp: String(Date.UTC(2026, 10, 15, 10)) },
      associations: [{ to: { id: companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 190 }] }],
    });
    expect(sandbox().store.getRecord('notes', note.id)?.properties.hs_timestamp).toBe('2026-11-15T10:00:00.000Z');
  });

  it('refuses an association to a record that does not exist with 400', async () => {
    const failure = await apiError(
      client().crm.objects.tasks.basicApi.create({
        properties: { hs_task_subject: 'orphan' },
        associations: [{ to: { id: '404407' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 192 }] }],
      }),
    );
    expect(failure.code).toBe(400);
  });
});

describe('batch create', () => {
  const onCompany = (companyId: string) => [
    { to: { id: companyId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 190 }] },
  ];
  const aNote = (body: string, companyId: string, objectWriteTraceId?: string) => ({
    properties: { hs_note_body: body, hs_timestamp: '2026-11-15T10:00:00.000Z' },
    associations: onCompany(companyId),
    ...(objectWriteTraceId ? { objectWriteTraceId } : {}),
  });
  const notesOn = (companyId: string) => sandbox().store.associatedIds('companies', companyId, 'notes');

  it('answers 201 and echoes each objectWriteTraceId on its result', async () => {
    const [first, second] = [aCompany(), aCompany({ name: 'Beta' })];
    const response = await client().crm.objects.notes.batchApi.createWithHttpInfo({ inputs: [aNote('one', first, 'trace-a'), aNote('two', second, 'trace-b')] });
    expect(response.httpStatusCode).toBe(201);
    const byTrace = new Map(response.data.results.map((result) => [result.objectWriteTraceId, result.id]));
    expect(byTrace.get('trace-a')).toBe(notesOn(first)[0]);
    expect(byTrace.get('trace-b')).toBe(notesOn(second)[0]);
  });

  it('with trace ids, creates the valid inputs and answers 207 naming each refused input by its trace id', async () => {
    const companyId = aCompany();
    const response = await client().crm.objects.notes.batchApi.createWithHttpInfo({
      inputs: [aNote('kept', companyId, 'good-1'), aNote('orphan', '404408', 'bad-1'), { ...aNote('bad value', companyId, 'bad-2'), properties: { hs_timestamp: 'not a date' } }],
    });
    expect(response.httpStatusCode).toBe(207);
    const data = response.data as typeof response.data & { numErrors?: number; errors?: Array<{ category: string; message: string; context: Record<string, string[]> }> };
    expect(data.results.map((result) => result.objectWriteTraceId)).toEqual(['good-1']);
    expect(notesOn(companyId)).toEqual([data.results[0]!.id]);
    expect(data.numErrors).toBe(2);
    expect(data.errors?.map((error) => error.context.objectWriteTraceId)).toEqual([['bad-1'], ['bad-2']]);
    expect(data.errors?.every((error) => error.category === 'VALIDATION_ERROR')).toBe(true);
    expect(data.errors?.[0]?.message).toContain('404408');
  });

  it('without trace ids, refuses the whole batch with 400 for one bad input and creates nothing', async () => {
    const companyId = aCompany();
    const failure = await apiError(client().crm.objects.notes.batchApi.create({ inputs: [aNote('kept?', companyId), aNote('orphan', '404409')] }));
    expect(failure.code).toBe(400);
    expect(notesOn(companyId)).toEqual([]);
  });
});

describe('batch upsert', () => {
  it('creates a contact by email when none has it, then updates the same record, answering 200 with `new`', async () => {
    const first = await client().crm.contacts.batchApi.upsertWithHttpInfo({
      inputs: [{ idProperty: 'email', id: 'new.buyer@customer-upsert.example', properties: { firstname: 'Nora', lastname: 'Buyer' } }],
    });
    expect(first.httpStatusCode).toBe(200);
    const created = first.data.results[0]!;
    expect(created._new).toBe(true);
    expect(sandbox().store.getContact(created.id)?.properties).toMatchObject({ email: 'new.buyer@customer-upsert.example', firstname: 'Nora', lastname: 'Buyer' });

    const contacts = sandbox().store.listRecords('contacts').length;
    const again = await client().crm.contacts.batchApi.upsert({
      inputs: [{ idProperty: 'email', id: 'New.Buyer@Customer-Upsert.example', properties: { lastname: 'Buyer-Smith' } }],
    });
    expect(again.results.map((result) => [result.id, result._new])).toEqual([[created.id, false]]);
    expect(sandbox().store.listRecords('contacts').length).toBe(contacts);
    expect(sandbox().store.getContact(created.id)?.properties).toMatchObject({ firstname: 'Nora', lastname: 'Buyer-Smith' });
  });

  it('finds a contact the portal already had', async () => {
    const contactId = sandbox().ui.createContact({ email: 'known.buyer@customer-upsert.example', firstname: 'Kim' });
    const result = await client().crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'email', id: 'known.buyer@customer-upsert.example', properties: {} }] });
    expect(result.results.map((entry) => [entry.id, entry._new])).toEqual([[contactId, false]]);
  });

  it('refuses a property without unique values as idProperty, and the same id twice, writing nothing', async () => {
    const contacts = sandbox().store.listRecords('contacts').length;
    const notUnique = await apiError(client().crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'firstname', id: 'Nora', properties: {} }] }));
    expect(notUnique.code).toBe(400);
    expect(notUnique.body.category).toBe('VALIDATION_ERROR');
    const twice = await apiError(client().crm.contacts.batchApi.upsert({
      inputs: [
        { idProperty: 'email', id: 'twice@customer-upsert.example', properties: {} },
        { idProperty: 'email', id: 'TWICE@customer-upsert.example', properties: {} },
      ],
    }));
    expect(twice.code).toBe(400);
    expect(twice.body.message).toContain('Duplicate IDs');
    expect(sandbox().store.listRecords('contacts').length).toBe(contacts);
  });
});

describe('authentication', () => {
  it('answers 401 with HubSpot\'s body to an unknown token', async () => {
    const failure = await apiError(sandboxClient(sandbox(), { accessToken: 'not-the-token' }).crm.companies.basicApi.getPage(1));
    expect(failure.code).toBe(401);
    expect(failure.body.category).toBe('INVALID_AUTHENTICATION');
  });
});

describe('malformed requests', () => {
  it('answers 400 VALIDATION_ERROR to a body that is not JSON', async () => {
    // The SDK always sends valid JSON, so this one request goes out by hand.
    const response = await fetch(`${sandbox().url}/crm/v3/objects/companies/batch/read`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox().accessToken}`, 'content-type': 'application/json' },
      body: '{"inputs": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });
});
