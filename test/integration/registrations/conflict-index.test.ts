import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createCustomerIndexReader } from '../../../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createRedisRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../src/program/registration-settings.js';
import { ConflictCheckService } from '../../../src/registrations/conflict-check-service.js';
import { ConflictIndexStore } from '../../../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../../../src/registrations/conflict-index-updater.js';
import { readIndexEvents } from '../../../src/registrations/read-index-events.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

/** The deal and company events the index follows, as the app's webhook subscriptions will send them. */
const SUBSCRIPTIONS = [
  ...['creation', 'deletion', 'associationChange'].map((kind) => ({ subscriptionType: `object.${kind}`, objectType: 'deal' })),
  ...['dealstage', 'pe_registration_status', 'pe_registration_expires_on', 'closedate'].map((propertyName) => ({ subscriptionType: 'object.propertyChange', objectType: 'deal', propertyName })),
  ...['creation', 'deletion'].map((kind) => ({ subscriptionType: `object.${kind}`, objectType: 'company' })),
  ...['domain', 'name', 'pe_is_partner'].map((propertyName) => ({ subscriptionType: 'object.propertyChange', objectType: 'company', propertyName })),
];

const redis = new Redis(inject('redisUrl'));
afterAll(async () => {
  await redis.quit();
});

describe.each(DATABASE_BACKENDS)('conflict-check index on $name', ({ name, create }) => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let db: Kysely<Database>;
  let updater: ConflictIndexUpdater;
  let service: ConflictCheckService;
  let store: ConflictIndexStore;
  let portalId: string;
  /** Events of the sandbox not yet given to the updater. */
  let eventsSeen = 0;

  const customer = (key: string) => sandbox.seed.customers.find((entry) => entry.name.toLowerCase().startsWith(key))!;
  const registrationOn = (key: string, status?: string) =>
    sandbox.seed.registrations.find((entry) => entry.customerId === customer(key).id && (status === undefined || entry.status === status))!;
  /** A partner that holds no registration in the demo. */
  const outsider = '990001';
  const check = (partnerId: string, domain: string, companyName = 'Someone Else Ltd') =>
    service.check({ partnerId, customer: { domain, companyName, contactEmail: `buyer@${domain}` }, today: SANDBOX_TODAY });
  const kinds = (answer: Awaited<ReturnType<typeof check>>) => answer.reasons.map((reason) => reason.kind);
  const feedNewEvents = async () => {
    await sandbox.webhooks.flush();
    const fresh = sandbox.webhooks.events.slice(eventsSeen);
    eventsSeen = sandbox.webhooks.events.length;
    return updater.apply(readIndexEvents(fresh));
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY, subscriptions: SUBSCRIPTIONS, portalId: 62515 + (name === 'pglite' ? 1 : 0) });
    portalId = String(sandbox.portalId);
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    const limiter = createRedisRateLimiter({ redis, keyPrefix: `test:conflict-index:${process.pid}:${name}` });
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter });
    store = new ConflictIndexStore(db);
    updater = new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId });
    service = new ConflictCheckService(store, portalId, DEFAULT_REGISTRATION_SETTINGS.conflict);
    await updater.repair();
    eventsSeen = sandbox.webhooks.events.length;
  }, 60_000);
  afterAll(async () => {
    releaseHubSpotClient();
    await db?.destroy();
    await database?.drop();
    await sandbox?.stop();
  });

  it('gives the conflicts the demo portal intends, and a check makes no HubSpot call', async () => {
    const before = sandbox.requests.count();
    // Another partner's pending registration and an open direct deal.
    const corvid = await check(outsider, 'www.corvid-logistics.example');
    expect(corvid.outcome).toBe('conflict');
    expect(corvid.reasons).toEqual([
      expect.objectContaining({ kind: 'partner_registration', registrationId: registrationOn('corvid').id, status: 'submitted' }),
      { kind: 'open_deal', severity: 'conflict', dealId: sandbox.seed.directDealIds[0] },
    ]);
    // One approved and protected, one pending: both claim the customer.
    const quillon = await check(outsider, 'quillon.example');
    expect(quillon.outcome).toBe('conflict');
    expect(quillon.reasons.map((reason) => reason.kind === 'partner_registration' && reason.status).sort()).toEqual(['approved', 'submitted']);
    // The partner's own registration never counts against it.
    const approvedQuillon = registrationOn('quillon', 'approved');
    const own = await check(approvedQuillon.partnerId, 'quillon.example');
    expect(own.reasons).toEqual([expect.objectContaining({ kind: 'partner_registration', registrationId: registrationOn('quillon', 'submitted').id })]);
    // Won directly 120 days ago: possible for the partner already registered there, conflict for others.
    const tessellate = registrationOn('tessellate');
    expect(kinds(await check(tessellate.partnerId, 'tessellate.example'))).toEqual(['recent_win']);
    expect((await check(tessellate.partnerId, 'tessellate.example')).outcome).toBe('possible');
    expect(kinds(await check(outsider, 'tessellate.example'))).toEqual(['partner_registration', 'recent_win']);
    // The same company name under another domain.
    const brightlane = await check(outsider, 'brightlane-retail.example', 'Brightlane Retail');
    expect(brightlane.outcome).toBe('possible');
    expect(brightlane.reasons).toEqual([{ kind: 'similar_name', severity: 'possible', companyId: customer('brightlane').id, domain: 'brightlane.co.uk' }]);
    // A rejected registration claims nothing; the open direct renewal does.
    expect(kinds(await check(outsider, 'halcyon-health.example'))).toEqual(['open_deal']);
    // Lost direct deal and expired registration: nothing.
    expect(await check(outsider, 'marlowefoods.example')).toMatchObject({ outcome: 'none', reasons: [] });
    // A won registration on a subdomain company is a recent win on the registrable domain.
    expect(kinds(await check(outsider, 'sales.vireo-energy.example'))).toEqual(['recent_win']);
    // Approved 80 days ago, still protected.
    expect(await check(outsider, 'lattice-robotics.example')).toMatchObject({ outcome: 'conflict' });
    expect(await check(outsider, 'nobody-here.example')).toMatchObject({ outcome: 'none', reasons: [] });
    expect(sandbox.requests.count()).toBe(before);
  });

  it("follows a deal's stage change from its webhook event, with batch reads and no search", async () => {
    const renewal = sandbox.seed.directDealIds[1]!;
    sandbox.ui.updateRecord('deals', renewal, { dealstage: 'closedlost' });
    const before = sandbox.requests.count();
    const searchesBefore = sandbox.requests.count({ path: /\/search$/ });
    const result = await feedNewEvents();
    expect(result.dealsIndexed).toBe(1);
    expect(sandbox.requests.count({ path: /\/search$/ })).toBe(searchesBefore);
    // One deal batch read and one association batch read.
    expect(sandbox.requests.count() - before).toBe(2);
    expect(await check(outsider, 'halcyon-health.example')).toMatchObject({ outcome: 'none', reasons: [] });

    sandbox.ui.updateRecord('deals', renewal, { dealstage: 'closedwon', closedate: `${SANDBOX_TODAY}T00:00:00.000Z` });
    await feedNewEvents();
    expect(await check(outsider, 'halcyon-health.example')).toMatchObject({ outcome: 'possible', reasons: [{ kind: 'recent_win', dealId: renewal, closedOn: SANDBOX_TODAY }] });
  });

  it('indexes a new customer with its direct deal from creation events, and forgets a deleted one', async () => {
    const companyId = sandbox.ui.createCompany({ name: 'Nimbus Freight', domain: 'nimbus-freight.example' });
    const dealId = sandbox.ui.createRecord('deals', { dealname: 'Nimbus – pilot', pipeline: 'default', dealstage: 'qualifiedtobuy' });
    sandbox.ui.associateRecords('deals', dealId, 'companies', companyId);
    await feedNewEvents();
    expect(await check(outsider, 'nimbus-freight.example')).toMatchObject({ outcome: 'conflict', reasons: [{ kind: 'open_deal', dealId }] });

    sandbox.ui.deleteRecord('deals', dealId);
    await feedNewEvents();
    expect(await check(outsider, 'nimbus-freight.example')).toMatchObject({ outcome: 'none' });
  });

  it('a repair pass upserts what webhooks missed and removes what HubSpot no longer has', async () => {
    sandbox.webhooks.pause();
    const companyId = sandbox.ui.createCompany({ name: 'Quiet Harbour', domain: 'quiet-harbour.example' });
    const dealId = sandbox.ui.createRecord('deals', { dealname: 'Quiet – expansion', pipeline: 'default', dealstage: 'contractsent' });
    sandbox.ui.associateRecords('deals', dealId, 'companies', companyId);
    const lattice = registrationOn('lattice');
    sandbox.ui.deleteRecord('deals', lattice.id);
    expect(await check(outsider, 'quiet-harbour.example')).toMatchObject({ outcome: 'none' });

    await updater.repair();
    expect(await check(outsider, 'quiet-harbour.example')).toMatchObject({ outcome: 'conflict', reasons: [{ kind: 'open_deal', dealId }] });
    expect(await check(outsider, 'lattice-robotics.example')).toMatchObject({ outcome: 'none' });
    expect(await db.selectFrom('index_registrations').where('deal_id', '=', lattice.id).selectAll().execute()).toEqual([]);
    sandbox.webhooks.resume();
    eventsSeen = sandbox.webhooks.events.length;
  }, 30_000);
});
