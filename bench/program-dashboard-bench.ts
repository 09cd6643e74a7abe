/*
 * What the program dashboard costs (docs/metrics.md): `GET /hubspot/pages/program` for a program
 * of `--partners` (10,000) partners, read from PostgreSQL — a snapshot of every partner at the end
 * of each of the nine quarters the series needs and a won deal per partner per quarter.
 *
 * - the product, as it serves the page: the signed route after the refresh job stored the
 *   quarter's answer (docs/metrics.md "Precomputed answers"): one read of the stored answer in
 *   PostgreSQL per request; p50/p99 (aim p99 < 500 ms);
 * - the live computation, in the same run: the same route computing the dashboard from the
 *   snapshots, the deal mirror, the registration index and the ledger at every request (what a
 *   request pays when the stored answer is older than the freshness window, and what
 *   `report program` pays); p50/p99;
 * - the baseline, in the same run: the same signed route answering a dashboard held in memory —
 *   the floor any design pays (signature, JSON and HTTP), measured on this machine now.
 *
 * Ratios are against the baseline.
 *
 *   npm run bench:dashboard [-- --partners 10000 --requests 30]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), like the tests; it creates and
 * drops a database of its own.
 */
import type { Server } from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { sql } from 'kysely';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { openDatabase } from '../src/db/open-database.js';
import { parseQuarterLabel } from '../src/domain/governance/parse-quarter-label.js';
import { listDashboardQuarters } from '../src/domain/metrics/list-dashboard-quarters.js';
import { SEED_METRIC_TARGETS } from '../src/domain/metrics/metric-targets.js';
import type { PartnerDaySnapshot } from '../src/domain/metrics/types.js';
import { DealFactsStore, type MirroredDealFact } from '../src/governance/deal-facts-store.js';
import { createLogger } from '../src/logger.js';
import { loadProgramDashboard } from '../src/program-metrics/load-program-dashboard.js';
import { PartnerDaySnapshotStore } from '../src/program-metrics/partner-day-snapshot-store.js';
import { createProgramDashboardRouter } from '../src/program-metrics/program-dashboard-router.js';
import { ProgramDashboardStore } from '../src/program-metrics/program-dashboard-store.js';
import { refreshProgramDashboard } from '../src/program-metrics/refresh-program-dashboard.js';
import { serveProgramDashboard, type ServedProgramDashboard } from '../src/program-metrics/serve-program-dashboard.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { hubspotSignatureHeaders } from '../src/sandbox/hubspot-signature-headers.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';

export const ROUTE_P99_GOAL_MS = 500;
/** HubSpot's `hubspot.fetch` answers at most 1 MB (docs/metrics.md "The app page"). */
export const FETCH_LIMIT_BYTES = 1_000_000;
const SECRET = 'bench-dashboard-secret';
const PORTAL = '9001';
const PUBLIC = 'https://bench.example';
const NOW = Date.parse('2027-04-15T12:00:00Z');
const TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function listen(load: (quarter: string | undefined) => Promise<ServedProgramDashboard>): Promise<{ server: Server; url: string }> {
  const app = express();
  app.use(createProgramDashboardRouter({ clientSecret: SECRET, publicBaseUrl: PUBLIC, portalId: PORTAL, load, logger: createLogger({ level: 'silent' }), now: () => NOW }));
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

async function measure(url: string, requests: number): Promise<{ p50: number; p99: number; bytes: number }> {
  const path = `/hubspot/pages/program?portalId=${PORTAL}&quarter=2027Q1`;
  const headers = hubspotSignatureHeaders('v3', { secret: SECRET, method: 'GET', url: `${PUBLIC}${path}`, body: '', timestamp: NOW });
  const latencies: number[] = [];
  let bytes = 0;
  for (let index = 0; index < requests; index++) {
    const started = performance.now();
    const response = await fetch(`${url}${path}`, { headers });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`the route answered ${response.status}: ${text.slice(0, 200)}`);
    latencies.push(performance.now() - started);
    bytes = Buffer.byteLength(text);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), bytes };
}

export async function runProgramDashboardBench(options: { partners?: number; requests?: number } = {}) {
  const partners = options.partners ?? 10_000;
  const requests = options.requests ?? 30;
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 4 });
  const servers: Server[] = [];
  try {
    await applyMigrations(db);
    const quarters = listDashboardQuarters(parseQuarterLabel('2027Q1', 1), 1);
    const snapshots: { snapshot: PartnerDaySnapshot; certifications: [] }[] = [];
    const deals: MirroredDealFact[] = [];
    for (let index = 0; index < partners; index++) {
      const companyId = String(100_000 + index);
      for (const quarter of quarters) {
        snapshots.push({
          snapshot: {
            companyId, day: quarter.lastDay, name: `Partner ${index}`, tier: TIERS[index % 4]!, programStatus: 'active', readinessScore: index % 101, healthScore: index % 100,
            healthStatus: index % 3 === 0 ? 'at_risk' : 'on_target', certifiedStaff: index % 3, validCertifications: index % 4, agreementSignedOn: '2025-01-01', firstCertifiedOn: null,
            modulesAssigned: 24, modulesCompleted: index % 25, renewalsDue: 1, renewalsRenewed: index % 2, revenue12m: 0, openPipeline: 50_000, caughtUp: false,
          },
          certifications: [],
        });
        deals.push({ dealId: `${companyId}-${quarter.label}`, partnerCompanyId: companyId, customerCompanyId: null, amountInHomeCurrency: 10_000 + index, amount: null, isClosed: true, isWon: index % 5 !== 0, closedAt: Date.parse(`${quarter.firstDay}T12:00:00Z`), strategic: false, currency: null, productLine: null, pipelineId: null });
      }
    }
    await new PartnerDaySnapshotStore(db).insert(PORTAL, snapshots);
    await new DealFactsStore(db).upsert(PORTAL, deals);
    await sql`analyze`.execute(db);

    const source = { db, portalId: PORTAL, program: DEFAULT_PROGRAM, timeZone: 'UTC', currency: 'USD', targets: SEED_METRIC_TARGETS, store: new ProgramDashboardStore(db) };
    const computedAt = new Date(NOW).toISOString();
    const live = async () => ({ ...(await loadProgramDashboard({ ...source, quarter: '2027Q1', now: NOW })), computedAt });
    const precomputed = await live();
    // The refresh job's run (the last closed quarter at NOW is 2027Q1), then the route as the product mounts it.
    const refreshed = await refreshProgramDashboard({ ...source, now: NOW, logger: createLogger({ level: 'silent' }) });
    if (!refreshed.refreshed || refreshed.quarter !== '2027Q1') throw new Error(`the refresh did not store 2027Q1: ${JSON.stringify(refreshed)}`);
    const served = await listen((quarter) => serveProgramDashboard({ ...source, quarter, now: NOW }));
    const computed = await listen(live);
    const baseline = await listen(async () => precomputed);
    servers.push(served.server, computed.server, baseline.server);
    // One warm-up each, then the measured requests.
    await measure(served.url, 1);
    await measure(computed.url, 1);
    await measure(baseline.url, 1);
    const servedRun = await measure(served.url, requests * 4);
    const liveRun = await measure(computed.url, requests);
    const baselineRun = await measure(baseline.url, requests * 4);
    return { partners, requests, snapshots: snapshots.length, deals: deals.length, served: servedRun, live: liveRun, baseline: baselineRun };
  } finally {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await db.destroy();
    await database.drop();
  }
}

if (isEntryPoint(import.meta.url)) {
  const result = await runProgramDashboardBench({ partners: integerArgument('partners'), requests: integerArgument('requests') });
  const { served, live, baseline } = result;
  const row = (label: string, run: { p50: number; p99: number; bytes: number }, count: number) =>
    `  ${label.padEnd(44)} p50 ${run.p50.toFixed(1).padStart(8)} ms  p99 ${run.p99.toFixed(1).padStart(8)} ms  ${(run.bytes / 1024).toFixed(1)} KiB  (${count} requests)`;
  const lines = [
    `GET /hubspot/pages/program, ${result.partners} partners (${result.snapshots} snapshots, ${result.deals} deals)`,
    row('product as served (stored answer, refreshed)', served, result.requests * 4),
    row('live computation (stored answer too old)', live, result.requests),
    row('baseline (answer held in memory)', baseline, result.requests * 4),
    `  route as served: p99 ${served.p99.toFixed(1)} ms (goal < ${ROUTE_P99_GOAL_MS} ms)  ${served.p99 < ROUTE_P99_GOAL_MS ? 'PASS' : 'MISS'}`,
    `  JSON ${served.bytes} bytes (hubspot.fetch limit ${FETCH_LIMIT_BYTES} bytes)  ${served.bytes < FETCH_LIMIT_BYTES ? 'PASS' : 'MISS'}`,
    `  load average ${loadavg().map((load) => load.toFixed(2)).join(', ')} (2-core machine shared with other work: figures scale with it)`,
    `  against the baseline: served p50 ${(served.p50 / baseline.p50).toFixed(1)}x, p99 ${(served.p99 / baseline.p99).toFixed(1)}x; live p50 ${(live.p50 / baseline.p50).toFixed(1)}x, p99 ${(live.p99 / baseline.p99).toFixed(1)}x`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
