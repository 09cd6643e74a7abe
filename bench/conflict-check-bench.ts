/*
 * What the conflict-check index buys (docs/data.md, "Conflict-check index"):
 *
 * 1,000 conflict checks from 10 partners submitting at once (100 each), against the demo portal
 * plus `--customers` more customers with direct deals and registrations, at HubSpot's limits (110
 * requests per 10 s, 5 searches a second):
 *
 * - the product: the check reads only the PostgreSQL index (built once by the repair pass, whose
 *   calls are reported apart); latency p50/p99 per check (aim p99 < 100 ms) and HubSpot calls per
 *   check;
 * - the baseline, in the same run: a search-per-submission design that makes one CRM search of
 *   companies by domain per check (its least: a real one would also need the customer's deals),
 *   through the product's HubSpot client and limiter.
 *
 * Ratios are baseline / product.
 *
 *   npm run bench:conflict-check [-- --checks 1000 --baseline-checks 1000 --customers 500]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), like the tests; it creates and
 * drops a database of its own.
 */
import { performance } from 'node:perf_hooks';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { openDatabase } from '../src/db/open-database.js';
import { createCustomerIndexReader } from '../src/hubspot/customer-index-reader.js';
import { createHubSpotClient, releaseHubSpotClient, type HubSpotClient } from '../src/hubspot/hubspot-client.js';
import { createInProcessRateLimiter } from '../src/hubspot/rate-limiter.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../src/program/registration-settings.js';
import { ConflictCheckService } from '../src/registrations/conflict-check-service.js';
import { ConflictIndexStore } from '../src/registrations/conflict-index-store.js';
import { ConflictIndexUpdater } from '../src/registrations/conflict-index-updater.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';

export const CHECK_P99_GOAL_MS = 100;
const PARTNERS = 10;
const TODAY = '2026-11-15';

export interface ConflictCheckBenchOptions {
  checks?: number;
  baselineChecks?: number;
  customers?: number;
}

export interface DesignResult {
  checks: number;
  seconds: number;
  p50: number;
  p99: number;
  hubspotCalls: number;
  callsPerCheck: number;
}

export interface ConflictCheckBenchResult {
  customers: number;
  index: DesignResult;
  baseline: DesignResult;
  /** HubSpot calls of the one repair pass that built the index. */
  repairCalls: number;
  repairSeconds: number;
  outcomes: Record<string, number>;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** `checks` checks spread over the partners, each partner submitting one after another, all partners at once. */
async function runChecks(checks: number, check: (partner: number, index: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: PARTNERS }, async (_, partner) => {
    for (let index = partner; index < checks; index += PARTNERS) {
      const begun = performance.now();
      await check(partner, index);
      latencies.push(performance.now() - begun);
    }
  }));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function summarise(checks: number, run: { latencies: number[]; seconds: number }, hubspotCalls: number): DesignResult {
  return {
    checks,
    seconds: run.seconds,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    hubspotCalls,
    callsPerCheck: hubspotCalls / checks,
  };
}

/** More customers: each with a company, every third with an open direct deal, every fifth registered by a partner. */
function seedCustomers(sandbox: Sandbox, customers: number, partnerIds: readonly string[]): string[] {
  const domains: string[] = [];
  for (let n = 0; n < customers; n++) {
    const domain = `customer-${n}.example`;
    const companyId = sandbox.ui.createCompany({ name: `Customer ${n} Ltd`, domain });
    domains.push(domain);
    if (n % 3 === 0) {
      const dealId = sandbox.ui.createRecord('deals', { dealname: `Customer ${n} – direct`, pipeline: 'default', dealstage: 'qualifiedtobuy' });
      sandbox.ui.associateRecords('deals', dealId, 'companies', companyId);
    }
    if (n % 5 === 0) {
      const partnerId = partnerIds[n % partnerIds.length]!;
      const dealId = sandbox.ui.createRecord('deals', {
        dealname: `Customer ${n} – registered`,
        pipeline: sandbox.seed.registrationPipelineId ?? 'default',
        pe_partner_company_id: partnerId,
        pe_registration_status: 'submitted',
        pe_registration_submitted_at: `${TODAY}T09:00:00.000Z`,
      });
      sandbox.ui.associateRecords('deals', dealId, 'companies', companyId);
      sandbox.ui.associateRecords('deals', dealId, 'companies', partnerId);
    }
  }
  return domains;
}

/** The search-per-submission design: one CRM search of companies by domain for every check. */
async function searchByDomain(client: HubSpotClient, portalId: string, domain: string): Promise<number> {
  const request = {
    filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: domain }] }],
    properties: ['name', 'domain'],
    limit: 100,
  };
  const answer = await client.call({ portalId, operation: 'companies.search', bucket: 'search' }, (sdk) =>
    sdk.crm.companies.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.companies.searchApi.doSearch>[0]),
  );
  return answer.results.length;
}

export async function runConflictCheckBench(options: ConflictCheckBenchOptions = {}): Promise<ConflictCheckBenchResult> {
  const checks = options.checks ?? 1000;
  const baselineChecks = options.baselineChecks ?? checks;
  const customerCount = options.customers ?? 500;
  const sandbox = await startSandbox({ today: TODAY });
  const database = await createTestDatabase();
  const db = openDatabase(database.url, { maxConnections: 10 });
  try {
    await applyMigrations(db);
    const portalId = String(sandbox.portalId);
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter: createInProcessRateLimiter() });
    const partnerIds = sandbox.seed.partners.slice(0, PARTNERS).map((partner) => partner.id);
    const domains = [...sandbox.seed.customers.map((customer) => customer.domain), ...seedCustomers(sandbox, customerCount, partnerIds)];
    // Some submissions name a customer the vendor has never seen.
    const domainOf = (index: number) => (index % 7 === 6 ? `new-prospect-${index}.example` : domains[(index * 31) % domains.length]!);

    const store = new ConflictIndexStore(db);
    const updater = new ConflictIndexUpdater({ store, reader: createCustomerIndexReader({ client, portalId }), portalId });
    let before = sandbox.requests.count();
    const repairStarted = performance.now();
    await updater.repair();
    const repairSeconds = (performance.now() - repairStarted) / 1000;
    const repairCalls = sandbox.requests.count() - before;

    const service = new ConflictCheckService(store, portalId, DEFAULT_REGISTRATION_SETTINGS.conflict);
    const outcomes: Record<string, number> = { none: 0, possible: 0, conflict: 0 };
    before = sandbox.requests.count();
    const indexRun = await runChecks(checks, async (partner, index) => {
      const answer = await service.check({ partnerId: partnerIds[partner % partnerIds.length]!, customer: { domain: domainOf(index), companyName: `Prospect ${index}` }, today: TODAY });
      outcomes[answer.outcome] = (outcomes[answer.outcome] ?? 0) + 1;
    });
    const index = summarise(checks, indexRun, sandbox.requests.count() - before);

    before = sandbox.requests.count();
    const baselineRun = await runChecks(baselineChecks, async (_partner, n) => {
      await searchByDomain(client, portalId, domainOf(n));
    });
    const baseline = summarise(baselineChecks, baselineRun, sandbox.requests.count() - before);
    return { customers: domains.length, index, baseline, repairCalls, repairSeconds, outcomes };
  } finally {
    releaseHubSpotClient();
    await db.destroy();
    await database.drop();
    await sandbox.stop();
  }
}

export function printConflictCheck(result: ConflictCheckBenchResult): void {
  const { index, baseline } = result;
  const row = (label: string, run: DesignResult) =>
    `  ${label.padEnd(24)} ${String(run.checks).padStart(5)} checks  ${run.seconds.toFixed(2).padStart(8)} s  p50 ${run.p50.toFixed(2).padStart(8)} ms  p99 ${run.p99.toFixed(2).padStart(8)} ms  ${run.callsPerCheck.toFixed(2)} HubSpot calls/check`;
  const lines = [
    `conflict checks from ${PARTNERS} partners at once, ${result.customers} customers, HubSpot limits 110/10 s and 5 searches/s:`,
    row('index (PostgreSQL)', index),
    row('search per submission', baseline),
    `  outcomes (index): ${Object.entries(result.outcomes).map(([outcome, count]) => `${outcome} ${count}`).join(', ')}`,
    `  index built once by the repair pass: ${result.repairCalls} HubSpot calls in ${result.repairSeconds.toFixed(2)} s`,
    `  p99 ${index.p99.toFixed(2)} ms (goal < ${CHECK_P99_GOAL_MS} ms)  ${index.p99 < CHECK_P99_GOAL_MS ? 'PASS' : 'MISS'}`,
    `  baseline / index: p50 ${(baseline.p50 / index.p50).toFixed(1)}x, p99 ${(baseline.p99 / index.p99).toFixed(1)}x, ` +
      `checks per second ${(index.checks / index.seconds / (baseline.checks / baseline.seconds)).toFixed(1)}x, ` +
      `HubSpot calls per check ${baseline.callsPerCheck.toFixed(2)} vs ${index.callsPerCheck.toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isEntryPoint(import.meta.url)) {
  const result = await runConflictCheckBench({
    checks: integerArgument('checks'),
    baselineChecks: integerArgument('baseline-checks'),
    customers: integerArgument('customers'),
  });
  printConflictCheck(result);
}
