/**
 * Rate limits as HubSpot states them. The sandbox gives the portal a budget of 20, 100 or 190
 * calls per 10 s while the product stays configured for 110 (`HUBSPOT_REQUESTS_PER_10S`, its
 * default). For each budget the product (`npm start`'s web server and worker, the real SDK, the
 * shared Redis limiter) recalculates a population of partners after one UI edit each, delivered
 * as signed webhooks — once with the limiter learning the portal's budget from HubSpot's answers,
 * once as the baseline: the limiter fixed at the configured 110, measured in the same run.
 *
 * Measured per run: every partner correct (the written outputs compared with an evaluation of
 * the stored inputs made here, outside the pipeline), the 429 share of calls, and the time to
 * settle (first edit → pipeline idle) against the budget's floor, `10 s × calls / budget`.
 * Goals: 429s < 2% of calls, settle ≤ 1.2× the floor.
 *
 * Each run recalculates 50 partners per call of its budget (1,000 at 20, 5,000 at 100, 9,500 at
 * 190): about 4.6 windows' worth of calls, so that the budget, not the first window, decides.
 * With fewer calls than the budget everything fits in HubSpot's first window and no limiter is
 * tested. `--partners N` runs every budget with N partners instead.
 *
 * Run: npm run bench:rate-limit [-- --partners 200] [--seed 1]
 */
import crypto from 'node:crypto';
import { addDays, todayIn } from '../src/domain/calendar-date.js';
import { evaluatePartner } from '../src/domain/evaluate-partner.js';
import { releaseHubSpotClient } from '../src/hubspot/hubspot-client.js';
import type { HubSpotRecord } from '../src/hubspot/hubspot-record.js';
import { readPartnerSnapshot } from '../src/hubspot/read-partner-snapshot.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { benchClock } from './support/bench-clock.js';
import { integerArgument, isEntryPoint } from './support/bench-arguments.js';
import { countHubSpotCalls } from './support/count-hubspot-calls.js';
import { count, formatTable, ratio } from './support/format-table.js';
import { benchRedis } from './support/private-redis.js';
import { BENCH_TODAY, seedPartnerPopulation, type SeededPopulation } from './support/seed-partner-population.js';
import { startBenchProduct } from './support/start-bench-product.js';
import { waitUntilSettled } from './support/wait-until-settled.js';

/** The portal budgets measured, calls per 10 s (HubSpot's 100 and 190 plans, and a tight 20). */
export const PORTAL_BUDGETS = [20, 100, 190] as const;
/** The product's configured budget (`HUBSPOT_REQUESTS_PER_10S` default): a ceiling. */
export const CONFIGURED_BUDGET = 110;
export const RATE_LIMITED_GOAL = 0.02;
export const SETTLE_GOAL = 1.2;
/** Partners per call of the budget a run recalculates by default (about 4.6 windows of calls). */
export const PARTNERS_PER_BUDGET_CALL = 50;

export interface RateLimitBenchOptions {
  /** Partners recalculated per run. Default {@link PARTNERS_PER_BUDGET_CALL} × the run's budget. */
  partners?: number;
  /** Population seed. Default 1. */
  seed?: number;
  /** Portal budgets to measure. Default {@link PORTAL_BUDGETS}. */
  budgets?: readonly number[];
  /** A Redis to use (keys get a unique prefix); default a private redis-server per run. */
  redisUrl?: string;
  print?: boolean;
}

/** One run: one portal budget, learning on or off. */
export interface RateLimitRun {
  budget: number;
  learning: boolean;
  partners: number;
  /** Partners whose written outputs differ from the evaluation of their stored inputs. */
  wrongPartners: number;
  /** Every request HubSpot answered, 429s included. */
  calls: number;
  rateLimited: number;
  /** rateLimited / calls. */
  rateLimitedShare: number;
  /** First edit → pipeline idle. */
  seconds: number;
  /** `10 s × accepted calls / budget`: the time the calls needed take at the portal's budget. */
  floorSeconds: number;
  /** seconds / floorSeconds. */
  floorRatio: number;
  failed: number;
}

export interface RateLimitComparison {
  budget: number;
  learning: RateLimitRun;
  baseline: RateLimitRun;
  /**
   * The configured ceiling is below the portal's budget: the product never uses more than 110
   * per 10 s, so its floor is `10 s × calls / 110`, and settling within 1.2× the budget's floor
   * cannot be reached whatever the limiter does.
   */
  ceilingBound: boolean;
}

export async function runRateLimitBench(options: RateLimitBenchOptions = {}): Promise<RateLimitComparison[]> {
  const results: RateLimitComparison[] = [];
  for (const budget of options.budgets ?? PORTAL_BUDGETS) {
    const partners = options.partners ?? PARTNERS_PER_BUDGET_CALL * budget;
    const baseline = await measure({ budget, learning: false, partners, seed: options.seed ?? 1, redisUrl: options.redisUrl });
    const learning = await measure({ budget, learning: true, partners, seed: options.seed ?? 1, redisUrl: options.redisUrl });
    results.push({ budget, learning, baseline, ceilingBound: budget > CONFIGURED_BUDGET });
  }
  if (options.print) printRateLimitBench(results);
  return results;
}

interface Run {
  budget: number;
  learning: boolean;
  partners: number;
  seed: number;
  redisUrl: string | undefined;
}

async function measure(run: Run): Promise<RateLimitRun> {
  const redis = await benchRedis(`rate-limit-${run.budget}-${run.learning ? 'learning' : 'fixed'}`, run.redisUrl);
  const sandbox = await startSandbox({
    seed: 'empty',
    today: BENCH_TODAY,
    rateLimit: { max: run.budget, intervalMs: 10_000 },
    portalId: 10_000_000 + crypto.randomInt(80_000_000),
  });
  let bench: Awaited<ReturnType<typeof startBenchProduct>> | undefined;
  try {
    const population = seedPartnerPopulation(sandbox, { partners: run.partners, seed: run.seed });
    const clock = benchClock();
    bench = await startBenchProduct({
      sandbox,
      redisUrl: redis.url,
      prefix: redis.prefix,
      requestsPer10s: CONFIGURED_BUDGET,
      learnRateLimit: run.learning,
      now: clock,
    });
    bench.connectWebhooks();
    sandbox.requests.reset();

    const started = performance.now();
    const records = sandbox.store.raw.recordsOf('companies');
    for (const companyId of population.companyIds) {
      const last = records.get(companyId)?.properties.get('pe_last_enablement_activity');
      sandbox.ui.updateCompany(companyId, { pe_last_enablement_activity: last === BENCH_TODAY ? addDays(BENCH_TODAY, -1) : BENCH_TODAY });
    }
    const settled = await waitUntilSettled(sandbox, bench.services.recalculationQueue);
    const seconds = (settled.at - started) / 1000;
    const breakdown = countHubSpotCalls(sandbox.requests.entries);
    const accepted = breakdown.total - breakdown.rateLimited;
    const floorSeconds = (10 * accepted) / run.budget;
    return {
      budget: run.budget,
      learning: run.learning,
      partners: run.partners,
      wrongPartners: countWrongPartners(sandbox, population, clock()),
      calls: breakdown.total,
      rateLimited: breakdown.rateLimited,
      rateLimitedShare: breakdown.total === 0 ? 0 : breakdown.rateLimited / breakdown.total,
      seconds,
      floorSeconds,
      floorRatio: seconds / floorSeconds,
      failed: settled.failed,
    };
  } finally {
    await bench?.close();
    releaseHubSpotClient();
    await sandbox.stop();
    await redis.stop();
  }
}

/** The outputs the rules give a partner, compared one by one with what HubSpot holds. */
const COMPANY_CHECKS = ['pe_readiness_score', 'pe_tier', 'pe_next_tier', 'pe_points_to_next_tier', 'pe_valid_certifications', 'pe_gap_count'] as const;

/**
 * Partners whose outputs in the sandbox's store differ from an evaluation of their stored inputs,
 * made here from the store itself (not from what the pipeline read): score, tier, next tier,
 * points to it, valid certifications and gap count of the company, and each contact's valid
 * certifications.
 */
function countWrongPartners(sandbox: Sandbox, population: SeededPopulation, now: number): number {
  const store = sandbox.store.raw;
  const companies = store.recordsOf('companies');
  const contacts = store.recordsOf('contacts');
  const plain = (id: string, properties: Map<string, string> | undefined): HubSpotRecord => ({ id, properties: Object.fromEntries(properties ?? []) });
  let wrong = 0;
  for (const companyId of population.companyIds) {
    const company = plain(companyId, companies.get(companyId)?.properties);
    const people = (population.contactsByCompany.get(companyId) ?? []).map((id) => plain(id, contacts.get(id)?.properties));
    const { snapshot } = readPartnerSnapshot(company, people, DEFAULT_PROGRAM);
    const evaluation = evaluatePartner(snapshot, DEFAULT_PROGRAM, todayIn(snapshot.timeZone, now));
    const expected: Record<(typeof COMPANY_CHECKS)[number], string> = {
      pe_readiness_score: String(evaluation.score),
      pe_tier: evaluation.tier,
      pe_next_tier: evaluation.nextTier ?? '',
      pe_points_to_next_tier: String(evaluation.pointsToNextTier),
      pe_valid_certifications: String(evaluation.validCertifications),
      pe_gap_count: String(evaluation.gaps.length),
    };
    const companyRight = COMPANY_CHECKS.every((name) => (company.properties[name] ?? '') === expected[name]);
    const contactsRight = evaluation.contacts.every(
      (contact) => people.find((person) => person.id === contact.contactId)?.properties.pe_valid_certifications === String(contact.validCertifications),
    );
    if (!companyRight || !contactsRight) wrong += 1;
  }
  return wrong;
}

function printRateLimitBench(results: RateLimitComparison[]): void {
  const s = (seconds: number) => `${seconds.toFixed(1)} s`;
  const pct = (share: number) => `${(100 * share).toFixed(1)}%`;
  console.log(
    `\nRate limits as HubSpot states them — ${results.map((r) => `${count(r.learning.partners)} partners at ${r.budget}`).join(', ')}; product configured for ${CONFIGURED_BUDGET}/10 s; ` +
      `baseline: the limiter fixed at ${CONFIGURED_BUDGET} (no learning), same run`,
  );
  const rows: Array<Array<string | number>> = [
    ['portal budget', 'limiter', 'partners right', 'calls', '429s', '429 share', 'vs baseline', 'settle', 'floor', 'settle ÷ floor', 'vs baseline', '429 < 2%', 'settle ≤ 1.2×'],
  ];
  for (const { budget, learning, baseline, ceilingBound } of results) {
    for (const run of [baseline, learning]) {
      const isBaseline = run === baseline;
      rows.push([
        `${budget}/10 s`,
        isBaseline ? `fixed ${CONFIGURED_BUDGET}` : 'learning',
        `${count(run.partners - run.wrongPartners)}/${count(run.partners)}`,
        count(run.calls),
        count(run.rateLimited),
        pct(run.rateLimitedShare),
        isBaseline ? '—' : `${count(run.rateLimited)} vs ${count(baseline.rateLimited)}`,
        s(run.seconds),
        s(run.floorSeconds),
        ratio(run.floorRatio),
        isBaseline ? '—' : ratio(run.seconds / baseline.seconds),
        run.rateLimitedShare < RATE_LIMITED_GOAL ? 'PASS' : 'MISS',
        run.floorRatio <= SETTLE_GOAL ? 'PASS' : ceilingBound ? 'MISS (ceiling)' : 'MISS',
      ]);
    }
  }
  console.log(formatTable(rows));
  for (const { budget, learning } of results.filter((result) => result.ceilingBound)) {
    const ceilingFloor = (10 * (learning.calls - learning.rateLimited)) / CONFIGURED_BUDGET;
    console.log(
      `At ${budget}/10 s the settle goal cannot be reached with the product configured for ${CONFIGURED_BUDGET}: the ceiling is never exceeded, ` +
        `so the calls take at least ${s(ceilingFloor)} (${ratio(ceilingFloor / learning.floorSeconds)} the ${budget} floor of ${s(learning.floorSeconds)}); ` +
        `settle ÷ the ceiling's floor: ${ratio(learning.seconds / ceilingFloor)}. Set HUBSPOT_REQUESTS_PER_10S=${budget} to use the whole budget.`,
    );
  }
  const wrong = results.flatMap((result) => [result.learning, result.baseline]).filter((run) => run.wrongPartners > 0 || run.failed > 0);
  if (wrong.length > 0) console.log(`WRONG: ${wrong.map((run) => `${run.budget} ${run.learning ? 'learning' : 'fixed'}: ${run.wrongPartners} partners wrong, ${run.failed} failed`).join('; ')}`);
}

if (isEntryPoint(import.meta.url)) {
  await runRateLimitBench({ partners: integerArgument('partners'), seed: integerArgument('seed'), print: true });
}
