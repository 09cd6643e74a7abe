import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { formatRegistrationSetup } from '../../../src/hubspot/format-registration-setup.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { setupRegistrations } from '../../../src/hubspot/setup-registrations.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';

const redis = new Redis(inject('redisUrl'));
const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:setup-registrations:${process.pid}` });
let sandbox: Sandbox | undefined;

async function aPortal(options: SandboxOptions = {}): Promise<{ portal: Sandbox; client: HubSpotClient; portalId: string }> {
  sandbox = await startSandbox({ seed: 'empty', ...options });
  return {
    portal: sandbox,
    client: createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter }),
    portalId: String(sandbox.portalId),
  };
}

const writes = (portal: Sandbox) => portal.requests.entries.filter((entry) => entry.method !== 'GET');

afterEach(async () => {
  releaseHubSpotClient();
  await sandbox?.stop();
  sandbox = undefined;
});

afterAll(async () => {
  await redis.quit();
});

describe('setupRegistrations', () => {
  it('creates the Partner registrations pipeline with its stages, closed won and lost as HubSpot reads them', async () => {
    const { portal, client, portalId } = await aPortal();

    const report = await setupRegistrations(client, { portalId });

    expect(report.pipeline.action).toBe('create');
    const pipelines = await client.call({ portalId, operation: 'test.pipelines' }, (sdk) => sdk.crm.pipelines.pipelinesApi.getAll('deals'));
    const created = pipelines.results.find((pipeline) => pipeline.id === report.pipeline.pipelineId);
    expect(created?.label).toBe('Partner registrations');
    expect(created?.stages.map((stage) => [stage.label, stage.metadata?.isClosed, stage.metadata?.probability])).toEqual([
      ['Submitted', 'false', '0.1'],
      ['Approved', 'false', '0.4'],
      ['Won', 'true', '1.0'],
      ['Lost', 'true', '0.0'],
      ['Rejected', 'true', '0.0'],
      ['Expired', 'true', '0.0'],
    ]);
    expect(portal.store.raw.pipelines.list().map((pipeline) => pipeline.label)).toEqual(['Sales Pipeline', 'Partner registrations']);
  });

  it('creates the Registered partner label between deal and company, which a deal can then carry', async () => {
    const { portal, client, portalId } = await aPortal();

    const report = await setupRegistrations(client, { portalId });

    expect(report.label.action).toBe('create');
    const labels = await client.call({ portalId, operation: 'test.labels' }, (sdk) => sdk.crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies'));
    expect(labels.results.filter((type) => type.category === 'USER_DEFINED').map((type) => [type.typeId, type.label])).toEqual([[report.label.typeId, 'Registered partner']]);
    const inverse = await client.call({ portalId, operation: 'test.labels' }, (sdk) => sdk.crm.associations.v4.schema.definitionsApi.getAll('companies', 'deals'));
    expect(inverse.results.find((type) => type.category === 'USER_DEFINED')?.label).toBe('Registered deal');

    const partnerId = portal.ui.createCompany({ name: 'Partner', domain: 'partner.example' });
    const { id: dealId } = await client.call({ portalId, operation: 'test.deal' }, (sdk) => sdk.crm.deals.basicApi.create({ properties: { dealname: 'Registered' }, associations: [] }));
    const answer = await client.call({ portalId, operation: 'test.associate' }, (sdk) =>
      sdk.crm.associations.v4.basicApi.create('deals', dealId, 'companies', partnerId, [
        { associationCategory: 'USER_DEFINED' as never, associationTypeId: report.label.typeId! },
      ]),
    );
    expect(answer.labels).toEqual(['Registered partner']);
  });

  it('changes nothing on a second run: two reads, and says both are unchanged', async () => {
    const { portal, client, portalId } = await aPortal();
    const first = await setupRegistrations(client, { portalId });
    portal.requests.reset();

    const second = await setupRegistrations(client, { portalId });

    expect(second.pipeline).toMatchObject({ action: 'unchanged', pipelineId: first.pipeline.pipelineId });
    expect(second.label).toMatchObject({ action: 'unchanged', typeId: first.label.typeId });
    expect(portal.requests.count()).toBe(2);
    expect(writes(portal)).toEqual([]);
    expect(portal.store.raw.pipelines.list()).toHaveLength(2);
  });

  it('changes nothing in a dry run, and says what it would create', async () => {
    const { portal, client, portalId } = await aPortal();

    const report = await setupRegistrations(client, { portalId, dryRun: true });

    expect(writes(portal)).toEqual([]);
    expect(portal.store.raw.pipelines.list()).toHaveLength(1);
    expect(formatRegistrationSetup(report)).toMatch(/deal pipeline "Partner registrations"\s+would create\n.*association label "Registered partner" \(deal → company\)\s+would create$/);
  });

  it('on a plan without custom labels, creates the pipeline and says the partner is kept in pe_partner_company_id instead', async () => {
    const { portal, client, portalId } = await aPortal({ plan: { customAssociationLabels: false } });

    const report = await setupRegistrations(client, { portalId });

    expect(report.pipeline.action).toBe('create');
    expect(report.label).toMatchObject({ action: 'fallback', typeId: undefined });
    expect(report.label.note).toContain('associated with its partner company unlabelled');
    expect(report.label.note).toContain('pe_partner_company_id');
    expect(portal.store.raw.labels.between('deals', 'companies')).toEqual([]);
    expect(formatRegistrationSetup(report)).toMatch(/association label "Registered partner" \(deal → company\)\s+NOT AVAILABLE: this portal's plan has no custom association labels/);
  });

  it('on a plan with one deal pipeline, keeps registrations in the default pipeline and still creates the label', async () => {
    const { portal, client, portalId } = await aPortal({ plan: { dealPipelines: 1 } });

    const report = await setupRegistrations(client, { portalId });

    expect(report.pipeline).toMatchObject({ action: 'fallback', pipelineId: 'default' });
    expect(report.pipeline.note).toContain('pe_registration_status alone');
    expect(report.label.action).toBe('create');
    expect(portal.store.raw.pipelines.list().map((pipeline) => pipeline.id)).toEqual(['default']);
  });

  it('reports a Partner registrations pipeline that lacks a stage as a conflict and leaves it alone', async () => {
    const { portal, client, portalId } = await aPortal();
    const existing = portal.store.raw.pipelines.create({
      label: 'Partner Registrations',
      stages: [
        { label: 'Submitted', metadata: { probability: '0.1' } },
        { label: 'Approved', metadata: { probability: '0.4' } },
        { label: 'Won', metadata: { probability: '1.0' } },
        { label: 'Lost', metadata: { probability: '0.0' } },
        { label: 'Rejected', metadata: { probability: '0.0' } },
      ],
    });
    if (!existing.ok) throw new Error(existing.message);
    portal.requests.reset();

    const report = await setupRegistrations(client, { portalId });

    expect(report.pipeline).toMatchObject({ action: 'conflict', pipelineId: existing.pipeline.id });
    expect(report.pipeline.note).toContain('stage Expired is missing');
    expect(writes(portal).map((entry) => entry.path)).not.toContain('/crm/v3/pipelines/deals');
  });

  it('finds the pipeline and label the demo portal already has', async () => {
    const { portal, client, portalId } = await aPortal({ seed: 'demo' });

    const report = await setupRegistrations(client, { portalId });

    expect(report.pipeline).toMatchObject({ action: 'unchanged', pipelineId: portal.seed.registrationPipelineId });
    expect(report.label).toMatchObject({ action: 'unchanged', typeId: portal.seed.registeredPartnerTypeId });
    expect(writes(portal)).toEqual([]);
  });
});
