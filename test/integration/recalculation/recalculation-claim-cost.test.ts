import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { seedPartnerPopulation, type SeededPopulation } from '../../../bench/support/seed-partner-population.js';
import { RecalculationQueue } from '../../../src/jobs/recalculation-queue.js';
import { startWorker, type RunningWorker } from '../../../src/jobs/start-worker.js';
import type { RequestLogEntry } from '../../../src/sandbox/index.js';
import { clientConnection, silentLogger, waitUntilIdle, workerConnection } from '../jobs/pipeline-harness.js';
import { DAY_MS, startRecalculationRig, type RecalculationRig } from './recalculation-harness.js';

const redisUrl = inject('redisUrl');

const PATHS = {
  companyReads: '/crm/v3/objects/companies/batch/read',
  associationReads: '/crm/v4/associations/companies/contacts/batch/read',
  contactReads: '/crm/v3/objects/contacts/batch/read',
  companyWrites: '/crm/v3/objects/companies/batch/update',
  contactWrites: '/crm/v3/objects/contacts/batch/update',
  noteCreates: '/crm/v3/objects/notes/batch/create',
} as const;

let rig: RecalculationRig;

beforeEach(async () => {
  rig = await startRecalculationRig(redisUrl, { sandbox: { seed: 'empty' } });
});

afterEach(async () => {
  await rig.stop();
});

function requestsTo(path: string): RequestLogEntry[] {
  return rig.sandbox.requests.entries.filter((entry) => entry.method === 'POST' && entry.path === path);
}

/** Distinct contacts of the given partners. */
function contactsOf(population: SeededPopulation, companyIds: string[]): number {
  return new Set(companyIds.flatMap((id) => population.contactsByCompany.get(id) ?? [])).size;
}

const batches = (n: number, size = 100) => Math.ceil(n / size);

describe('the cost of a recalculation in HubSpot calls', () => {
  it('loads 250 companies as one load at the minimum calls and writes at most 100 records per call', async () => {
    const population = seedPartnerPopulation(rig.sandbox, { partners: 250, seed: 7 });
    const contacts = contactsOf(population, population.companyIds);
    rig.sandbox.requests.reset();

    const report = await rig.recalculator.recalculatePartners(rig.portalId, population.companyIds);

    expect(report.failed).toEqual([]);
    expect(report.written).toHaveLength(250);
    expect(requestsTo(PATHS.companyReads)).toHaveLength(3);
    expect(requestsTo(PATHS.associationReads).map((entry) => entry.inputs)).toEqual([250]);
    expect(requestsTo(PATHS.contactReads)).toHaveLength(batches(contacts));
    // A never-evaluated population: every company and contact gets its outputs.
    expect(requestsTo(PATHS.companyWrites)).toHaveLength(3);
    expect(requestsTo(PATHS.contactWrites)).toHaveLength(batches(contacts));
    for (const path of [PATHS.companyReads, PATHS.contactReads, PATHS.companyWrites, PATHS.contactWrites]) {
      expect(requestsTo(path).every((entry) => (entry.inputs ?? 0) <= 100), path).toBe(true);
    }
  });

  it('creates the tier-change notes of a whole load 100 per call', async () => {
    const population = seedPartnerPopulation(rig.sandbox, { partners: 400, seed: 7 });
    await rig.recalculator.recalculatePartners(rig.portalId, population.companyIds);
    const ranked = population.companyIds.filter((id) => (rig.sandbox.store.getCompany(id)!.properties.pe_tier ?? 'none') !== 'none');
    expect(ranked.length).toBeGreaterThan(100);
    rig.clock.now += DAY_MS;
    // Without foundation no tier holds: every ranked partner drops to none.
    for (const id of ranked) rig.sandbox.ui.updateCompany(id, { pe_foundation_complete: 'false' });
    rig.sandbox.requests.reset();

    const report = await rig.recalculator.recalculatePartners(rig.portalId, population.companyIds);

    expect(report.notes).toBe(ranked.length);
    expect(requestsTo(PATHS.noteCreates)).toHaveLength(batches(ranked.length));
  });
});

describe('a drain claim of 1,000 companies', () => {
  let running: RunningWorker | undefined;
  let producer: RecalculationQueue | undefined;
  let connections: { producer: Redis; worker: Redis };

  beforeEach(() => {
    connections = { producer: clientConnection(redisUrl), worker: workerConnection(redisUrl) };
  });

  afterEach(async () => {
    await running?.close();
    await producer?.close();
    connections.producer.disconnect();
    connections.worker.disconnect();
  });

  it('costs one association read, and companies read and written 100 per call', async () => {
    const population = seedPartnerPopulation(rig.sandbox, { partners: 1_000, seed: 11 });
    const contacts = contactsOf(population, population.companyIds);
    const settings = { prefix: `test:claim-cost:${crypto.randomBytes(4).toString('hex')}`, shards: 1, coalesceMs: 0 };
    producer = new RecalculationQueue(connections.producer, settings);
    const claims: number[] = [];
    // Queued before the worker starts, so that the shard's first claim finds all of them.
    await producer.companies.add(rig.portalId, population.companyIds);
    rig.sandbox.requests.reset();

    running = await startWorker({
      connection: connections.worker,
      handler: (portalId, ids) => {
        claims.push(ids.length);
        return rig.recalculator.recalculatePartners(portalId, ids);
      },
      resolveContacts: async () => [],
      logger: silentLogger,
      settings,
      scheduleSweep: false,
    });
    await waitUntilIdle(producer, 60_000);

    expect(claims).toEqual([1_000]);
    expect(requestsTo(PATHS.associationReads).map((entry) => entry.inputs)).toEqual([1_000]);
    expect(requestsTo(PATHS.companyReads).map((entry) => entry.inputs)).toEqual(Array(10).fill(100));
    expect(requestsTo(PATHS.contactReads)).toHaveLength(batches(contacts));
    expect(requestsTo(PATHS.companyWrites).map((entry) => entry.inputs)).toEqual(Array(10).fill(100));
    expect(requestsTo(PATHS.contactWrites)).toHaveLength(batches(contacts));
  });
});
