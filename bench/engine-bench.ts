/**
 * Throughput of the pure enablement rules: evaluatePartner over a large deterministic population,
 * on one core (one Node thread), against a baseline measured in the same run.
 *
 * Baseline: the same rules composed the same way, except that every (contact, certification) pair
 * gets its expiry and days-to-expiry from luxon on every call (DateTime.fromISO + plus({ years }) +
 * diff in days), as a straightforward implementation without memoised calendar dates would. Both
 * paths are checked to give identical evaluations on a sample before anything is timed.
 *
 * Run: node bin/run-ts.mjs bench/engine-bench.ts [--partners N] [--baseline-partners N] [--seed N]
 */
import { DateTime } from 'luxon';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { assessTrackProgress } from '../src/domain/assess-track-progress.js';
import { calculateReadinessScore } from '../src/domain/calculate-readiness-score.js';
import { certificationStatus, isValidStatus } from '../src/domain/certification-status.js';
import { describeFutureCertifications } from '../src/domain/describe-future-certifications.js';
import { determineTier } from '../src/domain/determine-tier.js';
import { evaluateContacts } from '../src/domain/evaluate-contacts.js';
import { evaluatePartner } from '../src/domain/evaluate-partner.js';
import { grantPermissions } from '../src/domain/grant-permissions.js';
import { hasRecentActivity } from '../src/domain/has-recent-activity.js';
import { identifyEnablementGaps } from '../src/domain/identify-enablement-gaps.js';
import { nextTier, pointsToNextTier } from '../src/domain/next-tier.js';
import { selectTargetTier } from '../src/domain/select-target-tier.js';
import type { CalendarDate, ContactSnapshot, HeldCertification, PartnerEvaluation, PartnerSnapshot } from '../src/domain/types.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { ROLES, TIER_IDS, type Program, type TrackId } from '../src/program/program-schema.js';
import { randomSource } from './support/random-source.js';

/** Options of {@link runEngineBench}. */
export interface EngineBenchOptions {
  /** Partners evaluated by the measured path. Default 200,000. */
  partners?: number;
  /** Partners evaluated by the baseline (it is slower; a subset keeps the run short). Default 20,000. */
  baselinePartners?: number;
  /** Seed of the population generator; the same seed gives the same population. Default 1. */
  seed?: number;
  /** The evaluation date. Default 2026-06-01. */
  asOf?: CalendarDate;
  /** Print the results. Default false. */
  print?: boolean;
}

export interface EngineBenchResult {
  partners: number;
  contacts: number;
  certificationPairs: number;
  seconds: number;
  partnersPerSecond: number;
  baselinePartners: number;
  baselineSeconds: number;
  baselinePartnersPerSecond: number;
  /** partnersPerSecond / baselinePartnersPerSecond. */
  speedup: number;
  baseline: string;
}

const BASELINE = 'same rules, certification expiry and days-to-expiry recomputed with luxon for every pair (no memoised dates)';


/** A population of partners: 0–12 contacts each, each contact holding a random mix of certifications. */
export function generatePopulation(count: number, seed: number, asOf: CalendarDate, program: Program = DEFAULT_PROGRAM): PartnerSnapshot[] {
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = DateTime.fromISO(asOf, { zone: 'utc' });
  // Five years of dates before asOf (and a few after), built once: the hot loop then only picks.
  const dates = Array.from({ length: 5 * 366 + 30 }, (_, i) => start.minus({ days: i - 30 }).toISODate()!);
  const certificationIds = Object.keys(program.certifications);
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];
  const partners: PartnerSnapshot[] = [];
  for (let p = 0; p < count; p++) {
    const contacts: ContactSnapshot[] = [];
    const contactCount = Math.floor(random() * 13);
    for (let c = 0; c < contactCount; c++) {
      const certificationsEarnedOn: Record<string, CalendarDate> = {};
      for (const id of certificationIds) if (random() < 0.35) certificationsEarnedOn[id] = pick(dates);
      contacts.push({
        contactId: `${p}-${c}`,
        firstName: null,
        lastName: null,
        email: null,
        role: pick(ROLES),
        certificationsEarnedOn,
        activeTracks: [],
        pendingTracks: [],
      });
    }
    partners.push({
      companyId: String(p),
      name: null,
      isPartner: true,
      partnerType: 'reseller',
      foundationComplete: random() < 0.8,
      modulesCompleted: {
        sales: Math.floor(random() * 10),
        technical: Math.floor(random() * 12),
        advanced: Math.floor(random() * 8),
      },
      lastEnablementActivity: random() < 0.9 ? pick(dates) : null,
      targetTier: random() < 0.5 ? pick(TIER_IDS) : null,
      timeZone: pick(zones),
      ownerId: null,
      contacts,
    });
  }
  return partners;
}

function naiveHeldCertifications(contacts: readonly ContactSnapshot[], program: Program, asOf: CalendarDate): HeldCertification[] {
  const today = DateTime.fromISO(asOf, { zone: 'utc' });
  const held: HeldCertification[] = [];
  for (const contact of contacts) {
    for (const [certificationId, definition] of Object.entries(program.certifications)) {
      const earnedOn = contact.certificationsEarnedOn[certificationId];
      if (!earnedOn) continue;
      const earned = DateTime.fromISO(earnedOn, { zone: 'utc' });
      if (!earned.isValid || earned > today) continue;
      const expiry = earned.plus({ years: definition.validityYears });
      const daysToExpiry = Math.round(expiry.diff(today, 'days').days);
      held.push({
        contactId: contact.contactId,
        certificationId,
        earnedOn,
        expiresOn: expiry.toISODate()!,
        daysToExpiry,
        status: certificationStatus(daysToExpiry, program),
      });
    }
  }
  return held;
}

/** The baseline: evaluatePartner's composition with un-memoised luxon dates. */
function evaluatePartnerNaive(snapshot: PartnerSnapshot, program: Program, asOf: CalendarDate): PartnerEvaluation {
  const certifications = naiveHeldCertifications(snapshot.contacts, program, asOf);
  const validCertifications = certifications.filter((c) => isValidStatus(c.status)).length;
  const certificationsExpiring30d = certifications.filter((c) => c.status === 'expiring').length;
  const tracks = assessTrackProgress(snapshot, program);
  const completeTracks = new Set<TrackId>(tracks.filter((t) => t.complete).map((t) => t.track));
  const recentActivity = hasRecentActivity(snapshot.lastEnablementActivity, asOf, program);
  const score = calculateReadinessScore({ tracks, validCertifications, recentActivity }, program);
  const tier = determineTier({ completeTracks, validCertifications }, program);
  const targetTier = selectTargetTier(tier, snapshot.targetTier);
  return {
    companyId: snapshot.companyId,
    asOf,
    score,
    tier,
    nextTier: nextTier(tier),
    pointsToNextTier: pointsToNextTier(tier, score, program),
    permissions: grantPermissions(tier, program),
    targetTier,
    validCertifications,
    certificationsExpiring30d,
    certifications,
    tracks,
    gaps: identifyEnablementGaps({ tier, targetTier, tracks, certifications, validCertifications }, program),
    contacts: evaluateContacts(snapshot.contacts, certifications),
    warnings: describeFutureCertifications(snapshot.contacts, Object.keys(program.certifications), asOf),
  };
}

type Evaluate = (snapshot: PartnerSnapshot, program: Program, asOf: CalendarDate) => PartnerEvaluation;

/** Evaluates every partner; returns seconds taken. The checksum keeps the work from being optimised away. */
function timeEvaluations(evaluate: Evaluate, partners: readonly PartnerSnapshot[], asOf: CalendarDate): { seconds: number; checksum: number } {
  let checksum = 0;
  const started = process.hrtime.bigint();
  for (const partner of partners) {
    const evaluation = evaluate(partner, DEFAULT_PROGRAM, asOf);
    checksum += evaluation.score + evaluation.gaps.length;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, checksum };
}

export function runEngineBench(options: EngineBenchOptions = {}): EngineBenchResult {
  const { partners: count = 200_000, baselinePartners: baselineCount = 20_000, seed = 1, asOf = '2026-06-01', print = false } = options;
  const population = generatePopulation(count, seed, asOf);
  const baselinePopulation = population.slice(0, Math.min(baselineCount, count));

  for (const partner of population.slice(0, 500)) {
    if (!isDeepStrictEqual(evaluatePartner(partner, DEFAULT_PROGRAM, asOf), evaluatePartnerNaive(partner, DEFAULT_PROGRAM, asOf))) {
      throw new Error(`the baseline and evaluatePartner disagree on partner ${partner.companyId}`);
    }
  }
  // Warm both paths up so the JIT has compiled them before the clock runs.
  timeEvaluations(evaluatePartner, population.slice(0, 5_000), asOf);
  timeEvaluations(evaluatePartnerNaive, population.slice(0, 2_000), asOf);

  const measured = timeEvaluations(evaluatePartner, population, asOf);
  const baseline = timeEvaluations(evaluatePartnerNaive, baselinePopulation, asOf);
  const contacts = population.reduce((sum, p) => sum + p.contacts.length, 0);
  const certificationPairs = population.reduce(
    (sum, p) => sum + p.contacts.reduce((n, c) => n + Object.keys(c.certificationsEarnedOn).length, 0),
    0,
  );
  const partnersPerSecond = count / measured.seconds;
  const baselinePartnersPerSecond = baselinePopulation.length / baseline.seconds;
  const result: EngineBenchResult = {
    partners: count,
    contacts,
    certificationPairs,
    seconds: measured.seconds,
    partnersPerSecond,
    baselinePartners: baselinePopulation.length,
    baselineSeconds: baseline.seconds,
    baselinePartnersPerSecond,
    speedup: partnersPerSecond / baselinePartnersPerSecond,
    baseline: BASELINE,
  };
  if (print) {
    const rate = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`engine: ${count.toLocaleString('en-US')} partners, ${contacts.toLocaleString('en-US')} contacts, ${certificationPairs.toLocaleString('en-US')} certification pairs, one core`);
    console.log(`  evaluatePartner: ${rate(partnersPerSecond)} partners/s (${measured.seconds.toFixed(2)} s)`);
    console.log(`  baseline:        ${rate(baselinePartnersPerSecond)} partners/s over ${baselinePopulation.length.toLocaleString('en-US')} partners (${baseline.seconds.toFixed(2)} s) — ${BASELINE}`);
    console.log(`  ratio:           ${result.speedup.toFixed(1)}× the baseline`);
  }
  return result;
}

function numberArgument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEngineBench({
    partners: numberArgument('partners'),
    baselinePartners: numberArgument('baseline-partners'),
    seed: numberArgument('seed'),
    print: true,
  });
}
