import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuarterLabel } from '../../../src/domain/governance/parse-quarter-label.js';
import { buildProgramDashboard, type ProgramDashboard } from '../../../src/domain/metrics/build-program-dashboard.js';
import { listDashboardQuarters } from '../../../src/domain/metrics/list-dashboard-quarters.js';
import { SEED_METRIC_TARGETS } from '../../../src/domain/metrics/metric-targets.js';
import { selectQuarterData } from '../../../src/domain/metrics/select-quarter-data.js';
import { createLogger } from '../../../src/logger.js';
import { createProgramDashboardRouter } from '../../../src/program-metrics/program-dashboard-router.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aDeal, aSnapshot } from '../../support/metric-factories.js';
import { signAsHubSpot } from '../../support/sign-as-hubspot.js';

const SECRET = 'program-dashboard-secret';
const PORTAL = '777';
const NOW = Date.parse('2027-04-15T12:00:00Z');
let server: Server;
let baseUrl: string;
let asked: (string | undefined)[] = [];

/** 10,000 partners, each with a snapshot at the end of every quarter of the series and a won deal per quarter. */
function largeProgram(): ProgramDashboard {
  const quarters = listDashboardQuarters(parseQuarterLabel('2027Q1', 1), 1);
  const tiers = ['bronze', 'silver', 'gold', 'platinum'] as const;
  const snapshots = [];
  const deals = [];
  for (let index = 0; index < 10_000; index++) {
    const companyId = String(100_000 + index);
    for (const quarter of quarters) {
      snapshots.push(aSnapshot({ companyId, name: `Partner ${index}`, day: quarter.lastDay, tier: tiers[index % 4], readinessScore: index % 101, healthScore: index % 100, healthStatus: index % 3 === 0 ? 'at_risk' : 'on_target' }));
      deals.push(aDeal({ dealId: `${companyId}-${quarter.label}`, partnerCompanyId: companyId, amountInHomeCurrency: 10_000 + index, closedAt: Date.parse(`${quarter.firstDay}T12:00:00Z`) }));
    }
  }
  const history = { snapshots, deals, registrations: [], ledger: [] };
  return buildProgramDashboard({
    quarters: quarters.map((quarter) => selectQuarterData(history, quarter, 'UTC')),
    currency: 'USD',
    targets: SEED_METRIC_TARGETS,
    revenueTargets: DEFAULT_PROGRAM.governance.health.revenueTargets,
  });
}

beforeAll(async () => {
  const dashboard = largeProgram();
  const app = express();
  app.use(
    createProgramDashboardRouter({
      clientSecret: SECRET,
      publicBaseUrl: 'https://app.example',
      portalId: PORTAL,
      load: async (quarter) => {
        asked.push(quarter);
        return { ...dashboard, computedAt: new Date(NOW).toISOString() };
      },
      logger: createLogger({ level: 'silent' }),
      now: () => NOW,
    }),
  );
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function get(pathAndQuery: string, sign = true): Promise<Response> {
  const headers: Record<string, string> = {};
  if (sign) {
    headers['x-hubspot-request-timestamp'] = String(NOW);
    headers['x-hubspot-signature-v3'] = signAsHubSpot.v3({ secret: SECRET, method: 'GET', url: `https://app.example${pathAndQuery}`, body: '', timestamp: NOW });
  }
  return fetch(`${baseUrl}${pathAndQuery}`, { headers });
}

describe('GET /hubspot/pages/program', () => {
  it('answers the dashboard of a 10,000-partner program in well under 1 MB', async () => {
    asked = [];
    const response = await get(`/hubspot/pages/program?portalId=${PORTAL}&quarter=2027q1`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBeLessThan(1_000_000);
    const dashboard = JSON.parse(text) as ProgramDashboard;
    expect(dashboard.headline.partnersInProgram.value).toBe(10_000);
    expect(dashboard.topPartners).toHaveLength(10);
    expect(asked).toEqual(['2027Q1']);
  });

  it('asks for the last closed quarter when none is named', async () => {
    asked = [];
    expect((await get(`/hubspot/pages/program?portalId=${PORTAL}`)).status).toBe(200);
    expect(asked).toEqual([undefined]);
  });

  it('refuses an unsigned request, another portal and a malformed quarter', async () => {
    expect((await get(`/hubspot/pages/program?portalId=${PORTAL}`, false)).status).toBe(401);
    expect((await get('/hubspot/pages/program?portalId=778')).status).toBe(403);
    const bad = await get(`/hubspot/pages/program?portalId=${PORTAL}&quarter=Q1`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
  });
});
