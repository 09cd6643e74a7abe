/*
 * Renewal reminder scheduling at scale: the simple design (one BullMQ delayed job per reminder)
 * against the sweep (one sorted-set member per partner and reason, taken by a sweep every minute).
 * Each design runs on an emptied private Redis; memory is the `used_memory` delta of INFO memory,
 * time is the wall time to plan and write the schedule of every certification.
 *
 *   node bin/run-ts.mjs bench/reminders-bench.ts [--certifications 100000] [--per-partner 1]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { addDays, todayIn } from '../src/domain/calendar-date.js';
import { certificationExpiry } from '../src/domain/certification-expiry.js';
import { planRenewalReminders } from '../src/domain/plan-renewal-reminders.js';
import { reminderKey } from '../src/domain/reminder-key.js';
import type { ContactSnapshot, PartnerSnapshot } from '../src/domain/types.js';
import { LifecycleWakeSchedule, type WakeEntry } from '../src/lifecycle/lifecycle-wake-schedule.js';
import { planPartnerWakes } from '../src/lifecycle/plan-partner-wakes.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import type { Program } from '../src/program/program-schema.js';
import { startRedisServer } from '../test/support/redis-server.js';

/** Options of {@link runRemindersBench}. */
export interface RemindersBenchOptions {
  /** (contact, certification) pairs to schedule. Default 100,000. */
  certifications?: number;
  /**
   * Certifications per partner. Default 1: one partner per certification, the worst case for the
   * sweep (one member per certification); real partners hold several.
   */
  certificationsPerPartner?: number;
  /** A Redis to use (it is flushed!). Default: a private redis-server started for the run. */
  redisUrl?: string;
  /** The instant the schedule is made. Default 2026-03-01T12:00Z. */
  now?: number;
  program?: Program;
  /** Writes per round trip (addBulk size, pipeline length). Default 1,000. */
  batchSize?: number;
}

/** Numbers of one design. */
export interface DesignMeasurement {
  design: 'delayed-job-per-reminder' | 'sweep';
  certifications: number;
  partners: number;
  /** Delayed jobs (simple design) or sorted-set members (sweep). */
  scheduledItems: number;
  /** `used_memory` after − before, bytes. */
  redisBytes: number;
  redisBytesPerCertification: number;
  /** Planning (pure computation) plus writing, milliseconds. */
  scheduleMs: number;
  planMs: number;
  writeMs: number;
}

export interface RemindersBenchResult {
  simple: DesignMeasurement;
  sweep: DesignMeasurement;
  /** One sweep pass over everything due in the next 30 days: claims taken and time. */
  sweepClaim: { claimed: number; ms: number };
}

const TIME_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'America/Los_Angeles', 'Asia/Kolkata'];

/** A deterministic pseudo-random sequence (mulberry32), so every run schedules the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Partners whose certifications expire evenly over the next two years (every one has reminders ahead). */
function generatePartners(count: number, perPartner: number, program: Program, now: number): PartnerSnapshot[] {
  const next = random(42);
  const certificationIds = Object.keys(program.certifications);
  const partners: PartnerSnapshot[] = [];
  let made = 0;
  for (let p = 0; made < count; p++) {
    const timeZone = TIME_ZONES[p % TIME_ZONES.length] ?? 'UTC';
    const today = todayIn(timeZone, now);
    const contacts: ContactSnapshot[] = [];
    for (let c = 0; c < perPartner && made < count; c++, made++) {
      const certificationId = certificationIds[made % certificationIds.length] ?? 'sales_fundamentals';
      const validity = program.certifications[certificationId]?.validityYears ?? 1;
      const expiresOn = addDays(today, 1 + Math.floor(next() * 365 * Math.min(validity, 2)));
      const earnedOn = addDays(expiresOn, -365 * validity);
      contacts.push({
        contactId: String(10_000_000 + made),
        firstName: 'Bench',
        lastName: String(made),
        email: `bench-${made}@partner.example`,
        role: 'sales',
        certificationsEarnedOn: { [certificationId]: earnedOn },
        activeTracks: [],
        pendingTracks: [],
      });
    }
    partners.push({
      companyId: String(1_000_000 + p),
      name: `Partner ${p}`,
      isPartner: true,
      partnerType: 'reseller',
      foundationComplete: true,
      modulesCompleted: { sales: 8, technical: 10, advanced: 6 },
      lastEnablementActivity: null,
      targetTier: null,
      timeZone,
      ownerId: '1',
      contacts,
    });
  }
  return partners;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

async function measureDelayedJobs(redis: Redis, partners: PartnerSnapshot[], program: Program, now: number, batchSize: number, certifications: number): Promise<DesignMeasurement> {
  await redis.flushall();
  const before = await usedMemory(redis);
  const connection = redis.duplicate();
  const queue = new Queue('bench-renewal-reminders', { connection });
  const started = performance.now();
  let planMs = 0;
  let writeMs = 0;
  let batch: { name: string; data: unknown; opts: JobsOptions }[] = [];
  let jobs = 0;
  const flush = async () => {
    const writeStarted = performance.now();
    await queue.addBulk(batch);
    writeMs += performance.now() - writeStarted;
    jobs += batch.length;
    batch = [];
  };
  for (const partner of partners) {
    const planStarted = performance.now();
    for (const contact of partner.contacts) {
      for (const [certificationId, earnedOn] of Object.entries(contact.certificationsEarnedOn)) {
        const expiresOn = certificationExpiry(certificationId, earnedOn, program);
        if (expiresOn === null) continue;
        const plan = planRenewalReminders({ expiresOn, timeZone: partner.timeZone, program, firstSeenAt: now, now });
        for (const reminder of plan) {
          if (reminder.status === 'skipped') continue;
          batch.push({
            name: 'renewal-reminder',
            data: { portalId: '1', companyId: partner.companyId, contactId: contact.contactId, certificationId, expiresOn, offsetDays: reminder.offsetDays },
            opts: {
              jobId: reminderKey(contact.contactId, certificationId, expiresOn, reminder.offsetDays),
              delay: Math.max(0, reminder.dueAt - now),
              removeOnComplete: true,
            },
          });
        }
      }
    }
    planMs += performance.now() - planStarted;
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  const scheduleMs = performance.now() - started;
  const redisBytes = (await usedMemory(redis)) - before;
  await queue.close();
  connection.disconnect();
  return {
    design: 'delayed-job-per-reminder',
    certifications,
    partners: partners.length,
    scheduledItems: jobs,
    redisBytes,
    redisBytesPerCertification: redisBytes / certifications,
    scheduleMs,
    planMs,
    writeMs,
  };
}

async function measureSweep(redis: Redis, partners: PartnerSnapshot[], program: Program, now: number, batchSize: number, certifications: number): Promise<DesignMeasurement> {
  await redis.flushall();
  const before = await usedMemory(redis);
  const schedule = new LifecycleWakeSchedule(redis, { prefix: 'bench' });
  const connection = redis.duplicate();
  const queue = new Queue('bench-lifecycle', { connection });
  const started = performance.now();
  // The one repeating job that drives the sweep: its cost is part of the design.
  await queue.upsertJobScheduler('lifecycle-sweep', { every: 60_000 }, { name: 'lifecycle-sweep' });
  let planMs = 0;
  let writeMs = 0;
  let batch: WakeEntry[] = [];
  const flush = async () => {
    const writeStarted = performance.now();
    await schedule.set(batch);
    writeMs += performance.now() - writeStarted;
    batch = [];
  };
  for (const partner of partners) {
    const planStarted = performance.now();
    const plan = planPartnerWakes(partner, program, now);
    const reminderAt = plan.dueReminders.length > 0 ? now : plan.nextReminderAt;
    batch.push({ portalId: '1', companyId: partner.companyId, kind: 'reminder', at: reminderAt });
    batch.push({ portalId: '1', companyId: partner.companyId, kind: 'status', at: plan.nextStatusChangeAt });
    planMs += performance.now() - planStarted;
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  const scheduleMs = performance.now() - started;
  const redisBytes = (await usedMemory(redis)) - before;
  await queue.close();
  connection.disconnect();
  return {
    design: 'sweep',
    certifications,
    partners: partners.length,
    scheduledItems: await schedule.size(),
    redisBytes,
    redisBytesPerCertification: redisBytes / certifications,
    scheduleMs,
    planMs,
    writeMs,
  };
}

async function measureClaim(redis: Redis, now: number): Promise<{ claimed: number; ms: number }> {
  const schedule = new LifecycleWakeSchedule(redis, { prefix: 'bench' });
  const horizon = now + 30 * 86_400_000;
  const started = performance.now();
  let claimed = 0;
  for (;;) {
    const taken = await schedule.claimDue(horizon, { limit: 1000, leaseMs: 600_000 });
    claimed += taken.length;
    if (taken.length < 1000) break;
  }
  return { claimed, ms: performance.now() - started };
}

/** Runs both designs on the same generated certifications and returns the measurements. */
export async function runRemindersBench(options: RemindersBenchOptions = {}): Promise<RemindersBenchResult> {
  const certifications = options.certifications ?? 100_000;
  const perPartner = options.certificationsPerPartner ?? 1;
  const now = options.now ?? Date.parse('2026-03-01T12:00:00Z');
  const program = options.program ?? DEFAULT_PROGRAM;
  const batchSize = options.batchSize ?? 1000;
  const server = options.redisUrl ? undefined : await startRedisServer();
  const redis = new Redis(options.redisUrl ?? server?.url ?? '', { maxRetriesPerRequest: null });
  try {
    const partners = generatePartners(certifications, perPartner, program, now);
    const simple = await measureDelayedJobs(redis, partners, program, now, batchSize, certifications);
    const sweep = await measureSweep(redis, partners, program, now, batchSize, certifications);
    const sweepClaim = await measureClaim(redis, now);
    return { simple, sweep, sweepClaim };
  } finally {
    await redis.flushall().catch(() => undefined);
    redis.disconnect();
    await server?.stop();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function printDesign(result: DesignMeasurement): void {
  console.log(
    `${result.design.padEnd(26)} ${String(result.scheduledItems).padStart(8)} items  ${mb(result.redisBytes).padStart(9)} Redis` +
      ` (${result.redisBytesPerCertification.toFixed(0)} B/certification)  ${seconds(result.scheduleMs).padStart(8)}` +
      ` (plan ${seconds(result.planMs)}, write ${seconds(result.writeMs)})`,
  );
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const certifications = argument('certifications') ?? 100_000;
  const certificationsPerPartner = argument('per-partner') ?? 1;
  console.log(`renewal reminders: ${certifications} certifications, ${certificationsPerPartner} per partner`);
  const result = await runRemindersBench({ certifications, certificationsPerPartner });
  printDesign(result.simple);
  printDesign(result.sweep);
  console.log(`sweep pass over the next 30 days: ${result.sweepClaim.claimed} wake-ups claimed in ${seconds(result.sweepClaim.ms)}`);
}
