import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository, type OutputChange, type PartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

const redis = new Redis(inject('redisUrl'));
let sandbox: Sandbox;
let repository: PartnerRepository;

/** 250 partners, two contacts each, and 10 contacts who work for two partners at once. */
interface Fixture {
  companyIds: string[];
  ownContacts: Map<string, string[]>;
  sharedContacts: Array<{ contactId: string; companyIds: [string, string] }>;
}
let fixture: Fixture;

function aPartnerCompany(index: number, overrides: Record<string, string> = {}): Record<string, string> {
  return { name: `Partner ${index}`, pe_is_partner: 'true', pe_partner_type: 'reseller', pe_sales_modules_completed: '3', ...overrides };
}

function buildFixture(): Fixture {
  const companyIds: string[] = [];
  const ownContacts = new Map<string, string[]>();
  for (let index = 0; index < 250; index++) {
    const companyId = sandbox.ui.createCompany(aPartnerCompany(index));
    companyIds.push(companyId);
    const contacts = [0, 1].map((n) => {
      const contactId = sandbox.ui.createContact({ firstname: `P${index}`, lastname: `C${n}`, email: `p${index}c${n}@example.com`, pe_partner_role: 'sales' });
      sandbox.ui.associate(contactId, companyId);
      return contactId;
    });
    ownContacts.set(companyId, contacts);
  }
  const sharedContacts = Array.from({ length: 10 }, (_, k) => {
    const pair: [string, string] = [companyIds[2 * k]!, companyIds[2 * k + 1]!];
    const contactId = sandbox.ui.createContact({ firstname: 'Shared', lastname: String(k), email: `shared${k}@example.com` });
    for (const companyId of pair) sandbox.ui.associate(contactId, companyId);
    return { contactId, companyIds: pair };
  });
  return { companyIds, ownContacts, sharedContacts };
}

const calls = (path: string | RegExp) => sandbox.requests.count({ path });

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:partner-repository:${process.pid}` });
  const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
  repository = createPartnerRepository({ client, portalId: String(sandbox.portalId), program: DEFAULT_PROGRAM });
  fixture = buildFixture();
});

afterAll(async () => {
  releaseHubSpotClient();
  await sandbox.stop();
  await redis.quit();
});

beforeEach(() => {
  sandbox.requests.reset();
});

describe('loading partners', () => {
  it('loads 250 partners with 3 company reads, 1 association read and 6 contact reads', async () => {
    const { partners, missing } = await repository.loadPartners(fixture.companyIds);
    expect(partners).toHaveLength(250);
    expect(missing).toEqual([]);
    expect(calls('/crm/v3/objects/companies/batch/read')).toBe(3);
    expect(calls('/crm/v4/associations/companies/contacts/batch/read')).toBe(1);
    // 500 own contacts + 10 shared ones, each read once: ⌈510 / 100⌉ = 6.
    expect(calls('/crm/v3/objects/contacts/batch/read')).toBe(6);
    expect(sandbox.requests.count()).toBe(10);
  });

  it('reads a contact shared by two partners once and gives it to both', async () => {
    const shared = fixture.sharedContacts[0]!;
    const { partners } = await repository.loadPartners(shared.companyIds);
    for (const partner of partners) expect(partner.contacts.map((contact) => contact.id)).toContain(shared.contactId);
    const contactReads = sandbox.requests.entries.filter((entry) => entry.path === '/crm/v3/objects/contacts/batch/read');
    expect(contactReads.map((entry) => entry.inputs)).toEqual([5]);
  });

  it('gives each partner its own contacts with the properties the rules need', async () => {
    const companyId = fixture.companyIds[100]!;
    const { partners } = await repository.loadPartners([companyId]);
    const partner = partners[0]!;
    expect(partner.company.properties).toMatchObject({ name: 'Partner 100', pe_is_partner: 'true', pe_sales_modules_completed: '3' });
    expect(partner.contacts.map((contact) => contact.id).sort()).toEqual([...fixture.ownContacts.get(companyId)!].sort());
    expect(partner.contacts[0]!.properties).toHaveProperty('pe_partner_role', 'sales');
    expect(partner.contacts[0]!.properties).toHaveProperty('pe_cert_sales_fundamentals_earned_on');
  });

  it('keeps the order asked for and reports companies HubSpot does not have', async () => {
    const asked = [fixture.companyIds[5]!, '999999999', fixture.companyIds[2]!];
    const { partners, missing } = await repository.loadPartners(asked);
    expect(partners.map((partner) => partner.company.id)).toEqual([fixture.companyIds[5], fixture.companyIds[2]]);
    expect(missing).toEqual(['999999999']);
  });

  it('follows association paging for a partner with more contacts than one page', async () => {
    const companyId = sandbox.ui.createCompany(aPartnerCompany(9_000));
    const contactIds = Array.from({ length: 1_200 }, (_, n) => {
      const contactId = sandbox.ui.createContact({ firstname: 'Big', lastname: String(n), email: `big${n}@example.com` });
      sandbox.ui.associate(contactId, companyId);
      return contactId;
    });
    sandbox.requests.reset();
    const { partners } = await repository.loadPartners([companyId]);
    expect(partners[0]!.contacts).toHaveLength(1_200);
    expect(new Set(partners[0]!.contacts.map((contact) => contact.id))).toEqual(new Set(contactIds));
    // 500 associations per page: 3 pages.
    expect(calls('/crm/v4/associations/companies/contacts/batch/read')).toBe(3);
    expect(calls('/crm/v3/objects/contacts/batch/read')).toBe(12);
  });

  it('loads a partner with no contacts', async () => {
    const companyId = sandbox.ui.createCompany(aPartnerCompany(9_001));
    const { partners } = await repository.loadPartners([companyId]);
    expect(partners[0]!.contacts).toEqual([]);
    expect(calls('/crm/v3/objects/contacts/batch/read')).toBe(0);
  });

  it('finds the partners of changed contacts', async () => {
    const shared = fixture.sharedContacts[3]!;
    const own = fixture.ownContacts.get(fixture.companyIds[40]!)![0]!;
    const companies = await repository.companiesForContacts([shared.contactId, own]);
    expect(companies.get(shared.contactId)!.sort()).toEqual([...shared.companyIds].sort());
    expect(companies.get(own)).toEqual([fixture.companyIds[40]]);
    expect(calls('/crm/v4/associations/contacts/companies/batch/read')).toBe(1);
  });
});

describe('writing outputs', () => {
  function outputsFor(companyIds: string[], tier = 'gold'): OutputChange[] {
    return companyIds.map((id) => ({
      objectType: 'companies',
      id,
      current: sandbox.store.getCompany(id)!.properties,
      desired: { pe_tier: tier, pe_readiness_score: '72', pe_permissions: 'access_portal;submit_leads' },
    }));
  }

  it('makes no call at all when HubSpot holds every value already', async () => {
    const ids = fixture.companyIds.slice(0, 120);
    await repository.writeOutputs(outputsFor(ids));
    sandbox.requests.reset();
    const { partners } = await repository.loadPartners(ids);
    sandbox.requests.reset();
    const result = await repository.writeOutputs(
      partners.map((partner) => ({
        objectType: 'companies',
        id: partner.company.id,
        current: partner.company.properties,
        // Spelled differently from HubSpot's copy, but the same values.
        desired: { pe_tier: 'gold', pe_readiness_score: '72.0', pe_permissions: 'submit_leads;access_portal' },
      })),
    );
    expect(sandbox.requests.count()).toBe(0);
    expect(result.written).toEqual([]);
    expect(result.unchanged).toHaveLength(120);
  });

  it('sends only the values that differ, 100 records per call', async () => {
    const ids = fixture.companyIds.slice(120, 250);
    await repository.writeOutputs(outputsFor(ids, 'silver'));
    sandbox.requests.reset();
    const result = await repository.writeOutputs(
      ids.map((id) => ({
        objectType: 'companies',
        id,
        current: sandbox.store.getCompany(id)!.properties,
        desired: { pe_tier: 'gold', pe_readiness_score: '72' },
      })),
    );
    expect(calls('/crm/v3/objects/companies/batch/update')).toBe(2);
    expect(result.written.map((record) => record.properties)).toEqual(ids.map(() => ({ pe_tier: 'gold' })));
    expect(sandbox.store.getCompany(ids[0]!)!.properties.pe_tier).toBe('gold');
  });

  it('clears a value with an empty string', async () => {
    const id = fixture.companyIds[7]!;
    await repository.writeOutputs(outputsFor([id]));
    await repository.writeOutputs([{ objectType: 'companies', id, current: sandbox.store.getCompany(id)!.properties, desired: { pe_readiness_score: '' } }]);
    expect(sandbox.store.getCompany(id)!.properties.pe_readiness_score ?? '').toBe('');
  });

  it('writes the other 99 when HubSpot no longer has one record (207)', async () => {
    const ids = fixture.companyIds.slice(0, 100);
    const changes = outputsFor(ids, 'platinum');
    const gone = ids[37]!;
    sandbox.store.raw.recordsOf('companies').delete(gone);
    sandbox.requests.reset();
    const result = await repository.writeOutputs(changes);
    expect(calls('/crm/v3/objects/companies/batch/update')).toBe(1);
    expect(result.written).toHaveLength(99);
    expect(result.failed).toEqual([{ objectType: 'companies', id: gone, category: 'OBJECT_NOT_FOUND', reason: expect.stringContaining('deleted') }]);
    expect(sandbox.store.getCompany(ids[38]!)!.properties.pe_tier).toBe('platinum');
  });

  it('writes the other 99 when HubSpot refuses one record\'s value, and says why', async () => {
    const ids = fixture.companyIds.slice(100, 200);
    const changes = outputsFor(ids, 'bronze');
    const bad = changes[64]!;
    bad.desired = { ...bad.desired, pe_tier: 'diamond' };
    const result = await repository.writeOutputs(changes);
    expect(result.written).toHaveLength(99);
    expect(result.failed).toEqual([{ objectType: 'companies', id: bad.id, category: 'VALIDATION_ERROR', reason: expect.stringContaining('diamond') }]);
    expect(sandbox.store.getCompany(ids[0]!)!.properties.pe_tier).toBe('bronze');
    expect(sandbox.store.getCompany(bad.id)!.properties.pe_tier).not.toBe('diamond');
    // The refused batch, then the 99 again.
    expect(calls('/crm/v3/objects/companies/batch/update')).toBe(2);
  });

  it('writes contacts and companies in their own batches', async () => {
    const companyId = fixture.companyIds[210]!;
    const contactId = fixture.ownContacts.get(companyId)![0]!;
    await repository.writeOutputs([
      ...outputsFor([companyId], 'silver'),
      { objectType: 'contacts', id: contactId, current: sandbox.store.getContact(contactId)!.properties, desired: { pe_valid_certifications: '2', pe_active_tracks: 'sales' } },
    ]);
    expect(calls('/crm/v3/objects/companies/batch/update')).toBe(1);
    expect(calls('/crm/v3/objects/contacts/batch/update')).toBe(1);
    expect(sandbox.store.getContact(contactId)!.properties).toMatchObject({ pe_valid_certifications: '2', pe_active_tracks: 'sales' });
  });
});

describe('tasks, notes, the partner sweep and callbacks', () => {
  it('creates a task for the company owner, associated with the company', async () => {
    const companyId = fixture.companyIds[3]!;
    const taskId = await repository.createTask({ subject: 'Readiness declining', body: 'Score fell 12 points', dueAt: Date.UTC(2026, 10, 30), companyId, ownerId: sandbox.store.owners[0]!.id });
    expect(sandbox.store.getRecord('tasks', taskId)!.properties).toMatchObject({ hs_task_subject: 'Readiness declining', hubspot_owner_id: sandbox.store.owners[0]!.id });
    expect(sandbox.store.associatedIds('tasks', taskId, 'companies')).toEqual([companyId]);
  });

  it('creates a note associated with the company and its contacts', async () => {
    const companyId = fixture.companyIds[4]!;
    const contactIds = fixture.ownContacts.get(companyId)!;
    const noteId = await repository.createNote({ body: 'Tier changed to Gold', at: Date.UTC(2026, 10, 22), companyId, contactIds });
    expect(sandbox.store.associatedIds('notes', noteId, 'companies')).toEqual([companyId]);
    expect(sandbox.store.associatedIds('notes', noteId, 'contacts').sort()).toEqual([...contactIds].sort());
  });

  it('pages through every partner, 200 per search', async () => {
    const expected = sandbox.store.listRecords('companies').filter((company) => company.properties.pe_is_partner === 'true').map((company) => company.id);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await repository.searchPartnerIds(after);
      seen.push(...page.ids);
      after = page.next;
    } while (after);
    expect(seen.sort()).toEqual(expected.sort());
    expect(calls('/crm/v3/objects/companies/search')).toBe(Math.floor(expected.length / 200) + 1);
  });

  it('completes a workflow action callback', async () => {
    await repository.completeCallback('cb-123', { hs_execution_state: 'SUCCESS', tier: 'gold' });
    expect(sandbox.callbacks.completed.at(-1)).toMatchObject({ callbackId: 'cb-123', outputFields: { hs_execution_state: 'SUCCESS', tier: 'gold' } });
  });
});
