import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { describe, expect, it } from 'vitest';
import { apiError } from '../../support/sandbox-api-error.js';
import { useSandbox } from '../../support/sandbox-fixture.js';

const { sandbox, client } = useSandbox({ seed: 'empty' });

describe('property groups', () => {
  it('creates a group with 201 and answers 409 the second time', async () => {
    const created = await client().crm.properties.groupsApi.createWithHttpInfo('companies', { name: 'partner_enablement', label: 'Partner enablement' });
    expect(created.httpStatusCode).toBe(201);
    const again = await apiError(client().crm.properties.groupsApi.create('companies', { name: 'partner_enablement', label: 'Partner enablement' }));
    expect(again.code).toBe(409);
    expect(again.body.category).toBe('OBJECT_ALREADY_EXISTS');
  });

  it('lists groups', async () => {
    const groups = await client().crm.properties.groupsApi.getAll('contacts');
    expect(groups.results.map((g) => g.name)).toContain('contactinformation');
  });
});

describe('properties', () => {
  it('has only HubSpot\'s standard properties in an empty portal', async () => {
    const all = await client().crm.properties.coreApi.getAll('companies');
    const names = all.results.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['name', 'domain', 'hubspot_owner_id']));
    expect(names.filter((n) => n.startsWith('pe_'))).toEqual([]);
  });

  it('creates an enumeration property with 201, then a value outside its options is refused', async () => {
    await client().crm.properties.groupsApi.create('contacts', { name: 'pe_group_a', label: 'A' }).catch(() => undefined);
    const response = await client().crm.properties.coreApi.createWithHttpInfo('contacts', {
      name: 'pe_partner_role',
      label: 'Partner role',
      type: PropertyCreateTypeEnum.Enumeration,
      fieldType: PropertyCreateFieldTypeEnum.Select,
      groupName: 'pe_group_a',
      options: [
        { label: 'Sales', value: 'sales', displayOrder: 0, hidden: false },
        { label: 'SE', value: 'se', displayOrder: 1, hidden: false },
      ],
    });
    expect(response.httpStatusCode).toBe(201);
    const contactId = sandbox().ui.createContact({ email: 'role@partner.example' });
    const failure = await apiError(client().crm.contacts.basicApi.update(contactId, { properties: { pe_partner_role: 'ceo' } }));
    expect(String(failure.body.message)).toContain('INVALID_OPTION');
  });

  it('answers 409 for a property that exists', async () => {
    const failure = await apiError(
      client().crm.properties.coreApi.create('companies', { name: 'name', label: 'Name', type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text, groupName: 'companyinformation' }),
    );
    expect(failure.code).toBe(409);
  });

  it('answers 400 for a group that does not exist', async () => {
    const failure = await apiError(
      client().crm.properties.coreApi.create('companies', { name: 'pe_orphan', label: 'Orphan', type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text, groupName: 'no_such_group' }),
    );
    expect(failure.code).toBe(400);
  });

  it('reads one property (200) and answers 404 for an unknown one', async () => {
    expect((await client().crm.properties.coreApi.getByName('companies', 'domain')).type).toBe('string');
    expect((await apiError(client().crm.properties.coreApi.getByName('companies', 'pe_unknown'))).code).toBe(404);
  });

  it('updates options with PATCH (200)', async () => {
    await client().crm.properties.groupsApi.create('companies', { name: 'pe_group_b', label: 'B' });
    await client().crm.properties.coreApi.create('companies', {
      name: 'pe_target_tier',
      label: 'Target tier',
      type: PropertyCreateTypeEnum.Enumeration,
      fieldType: PropertyCreateFieldTypeEnum.Select,
      groupName: 'pe_group_b',
      options: [{ label: 'Bronze', value: 'bronze', displayOrder: 0, hidden: false }],
    });
    const updated = await client().crm.properties.coreApi.update('companies', 'pe_target_tier', {
      options: [
        { label: 'Bronze', value: 'bronze', displayOrder: 0, hidden: false },
        { label: 'Gold', value: 'gold', displayOrder: 1, hidden: false },
      ],
    });
    expect(updated.options.map((o) => o.value)).toEqual(['bronze', 'gold']);
  });

  it('creates properties in a batch (201) and reports existing ones in a 207', async () => {
    await client().crm.properties.groupsApi.create('companies', { name: 'pe_group_c', label: 'C' });
    const input = (name: string) => ({ name, label: name, type: PropertyCreateTypeEnum.Number, fieldType: PropertyCreateFieldTypeEnum.Number, groupName: 'pe_group_c' });
    const first = await client().crm.properties.batchApi.createWithHttpInfo('companies', { inputs: [input('pe_batch_one')] });
    expect(first.httpStatusCode).toBe(201);
    const second = await client().crm.properties.batchApi.createWithHttpInfo('companies', { inputs: [input('pe_batch_one'), input('pe_batch_two')] });
    expect(second.httpStatusCode).toBe(207);
    expect(second.data.results.map((p) => p.name)).toEqual(['pe_batch_two']);
  });
});

describe('the demo seed', () => {
  it('pre-creates the app\'s property group and properties', async () => {
    const { startSandbox } = await import('../../../src/sandbox/index.js');
    const demo = await startSandbox({ seed: 'demo', today: '2026-11-15', subscriptions: [] });
    try {
      expect(demo.store.raw.propertiesOf('companies').get('pe_tier')?.groupName).toBe('partner_enablement');
      expect(demo.store.raw.propertiesOf('contacts').has('pe_cert_master_partner_earned_on')).toBe(true);
    } finally {
      await demo.stop();
    }
  });
});
