import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { buildPropertySchema } from '../../../src/hubspot/property-schema.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { formatSetupReport, setupProperties } from '../../../src/hubspot/setup-properties.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

const redis = new Redis(inject('redisUrl'));
const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:setup-properties:${process.pid}` });
const schema = buildPropertySchema(DEFAULT_PROGRAM);
const propertyCount = schema.companies.length + schema.contacts.length + schema.deals.length;
let sandbox: Sandbox;
let client: HubSpotClient;
let portalId: string;

function aProgramWithMore(): Program {
  const program = structuredClone(DEFAULT_PROGRAM);
  program.certifications.cloud_ops = { name: 'Cloud Operations', assessments: '1 exam', validityYears: 2, renewal: '1 exam' };
  program.tiers.platinum.permissions = [...program.tiers.platinum.permissions, 'beta_access'];
  return program;
}

const appProperties = (type: 'companies' | 'contacts' | 'deals') => [...sandbox.store.raw.propertiesOf(type).values()].filter((property) => property.groupName === 'partner_enablement');
const writes = () => sandbox.requests.entries.filter((entry) => entry.method !== 'GET');

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 'empty' });
  portalId = String(sandbox.portalId);
  client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
});

afterEach(async () => {
  releaseHubSpotClient();
  await sandbox.stop();
});

afterAll(async () => {
  await redis.quit();
});

describe('setupProperties', () => {
  it('creates the group and every property in an empty portal, in nine calls', async () => {
    const report = await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    expect(report.counts).toEqual({ created: propertyCount + 3, updated: 0, unchanged: 0, conflicts: 0, failed: 0 });
    expect(appProperties('companies').map((property) => property.name).sort()).toEqual(schema.companies.map((spec) => spec.name).sort());
    expect(appProperties('contacts').map((property) => property.name).sort()).toEqual(schema.contacts.map((spec) => spec.name).sort());
    expect(appProperties('deals').map((property) => property.name).sort()).toEqual(schema.deals.map((spec) => spec.name).sort());
    expect(sandbox.store.raw.groupsOf('companies').get('partner_enablement')?.label).toBe('Partner enablement');
    expect(sandbox.store.raw.groupsOf('deals').get('partner_enablement')?.label).toBe('Partner enablement');
    // Per object type: read the properties, create the group, create the properties in one batch.
    expect(sandbox.requests.count()).toBe(9);
  });

  it('creates properties exactly as the schema defines them', async () => {
    await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    const tier = sandbox.store.raw.propertiesOf('companies').get('pe_tier')!;
    const spec = schema.companies.find((candidate) => candidate.name === 'pe_tier')!;
    expect(tier).toMatchObject({ label: spec.label, description: spec.description, type: 'enumeration', fieldType: 'select', formField: false });
    expect(tier.options.map((option) => [option.value, option.label])).toEqual(spec.options.map((option) => [option.value, option.label]));
  });

  it('changes nothing on a second run, and says so', async () => {
    await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    sandbox.requests.reset();
    const report = await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: propertyCount + 3, conflicts: 0, failed: 0 });
    expect(writes()).toEqual([]);
    expect(sandbox.requests.count()).toBe(3);
    expect(formatSetupReport(report)).toBe(`Nothing to change: the property group and all ${propertyCount} properties are up to date.`);
  });

  it('changes nothing in a dry run, and tells what it would do', async () => {
    const report = await setupProperties(client, DEFAULT_PROGRAM, { portalId, dryRun: true });
    expect(writes()).toEqual([]);
    expect(appProperties('companies')).toEqual([]);
    expect(sandbox.store.raw.groupsOf('companies').has('partner_enablement')).toBe(false);
    expect(report.counts.created).toBe(propertyCount + 3);
    const printed = formatSetupReport(report);
    expect(printed).toContain('companies pe_readiness_score');
    expect(printed).toContain('would create');
    expect(printed.split('\n').at(-1)).toBe(`Dry run, nothing was changed: would create ${propertyCount + 3}, update 0; 0 unchanged.`);
  });

  it('adds what a new certification and a new permission need, and deletes nothing', async () => {
    await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    const report = await setupProperties(client, aProgramWithMore(), { portalId });
    expect(report.counts).toMatchObject({ created: 2, updated: 1 });
    expect(report.entries.filter((entry) => entry.action !== 'unchanged').map((entry) => [entry.name, entry.action, entry.changes])).toEqual([
      ['pe_permissions', 'update', ['options + beta_access']],
      ['pe_cert_cloud_ops_earned_on', 'create', []],
      ['pe_cert_cloud_ops_expires_on', 'create', []],
    ]);
    // Back to the default program: the extra properties and the extra option stay.
    const back = await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    expect(back.counts).toMatchObject({ created: 0, updated: 0 });
    expect(sandbox.store.raw.propertiesOf('contacts').has('pe_cert_cloud_ops_earned_on')).toBe(true);
    expect(sandbox.store.raw.propertiesOf('companies').get('pe_permissions')!.options.map((option) => option.value)).toContain('beta_access');
  });

  it('puts back a label an admin changed, keeping an option the admin added', async () => {
    await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    const trend = sandbox.store.raw.propertiesOf('companies').get('pe_readiness_trend')!;
    trend.label = 'Trend (renamed)';
    trend.options.push({ label: 'Unknown', value: 'unknown', displayOrder: 3, hidden: false });
    const report = await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    expect(report.entries.find((entry) => entry.name === 'pe_readiness_trend')).toMatchObject({ action: 'update', changes: ['label'] });
    const after = sandbox.store.raw.propertiesOf('companies').get('pe_readiness_trend')!;
    expect(after.label).toBe('Readiness trend');
    expect(after.options.map((option) => option.value)).toEqual(['improving', 'stable', 'declining', 'unknown']);
  });

  it('reports a property of the wrong type as a conflict and leaves it alone', async () => {
    sandbox.store.raw.groupsOf('companies').set('partner_enablement', { name: 'partner_enablement', label: 'Partner enablement', displayOrder: -1, archived: false });
    await client.call({ portalId, operation: 'test.create' }, (sdk) =>
      sdk.crm.properties.coreApi.create('companies', { name: 'pe_readiness_score', label: 'Score', type: 'string', fieldType: 'text', groupName: 'partner_enablement' } as never),
    );
    const report = await setupProperties(client, DEFAULT_PROGRAM, { portalId });
    expect(report.counts.conflicts).toBe(1);
    expect(report.entries.find((entry) => entry.name === 'pe_readiness_score')).toMatchObject({ action: 'conflict' });
    expect(sandbox.store.raw.propertiesOf('companies').get('pe_readiness_score')!.type).toBe('string');
    expect(formatSetupReport(report)).toMatch(/pe_readiness_score\s+CONFLICT \(HubSpot has type string, the app needs number/);
  });
});
