import { DateTime } from 'luxon';
import { crashPoint } from '../crash-point.js';
import { todayIn } from '../domain/calendar-date.js';
import { composeReviewTask, type ReviewSummary } from '../domain/governance/compose-review-task.js';
import { planTierReview, type TierReviewPlan } from '../domain/governance/plan-tier-review.js';
import { reviewTaskReference } from '../domain/governance/review-task-reference.js';
import type { CalendarDate } from '../domain/types.js';
import { BATCH_LIMITS } from '../hubspot/batch-limits.js';
import { createTasks } from '../hubspot/create-activities-in-batches.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import type { NewTask } from '../hubspot/new-task.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { readDate, readTimeZone } from '../hubspot/read-property-value.js';
import type { Logger } from '../logger.js';
import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import type { ReviewDay, TierReviewTaskStore } from './tier-review-task-store.js';

export interface ReviewTaskOptions {
  client: HubSpotClient;
  portalId: string;
  program: Program;
  /** The review tasks in PostgreSQL: each (partner, review day) is claimed before its task and recorded after. */
  tasks: Pick<TierReviewTaskStore, 'claim' | 'recordCreated' | 'release' | 'abandon'>;
  /** Finds the task a killed run may have created, by the reference line in its body. */
  repository: Pick<PartnerRepository, 'findTaskByReference'>;
  /** The portal's time zone: a partner without `pe_timezone` counts its days in it. */
  timeZone: string;
  logger?: Logger;
  now?: () => number;
}

/** What one run did. */
export interface ReviewTaskReport {
  /** Partners read. */
  partners: number;
  /** Review tasks created in this run. */
  created: number;
  /** Due reviews whose task an earlier, interrupted run had created (recorded, or found by its reference). */
  alreadyCreated: number;
  /** Due reviews another run is creating right now: their dates stay, and a later run finishes them. */
  inProgress: number;
  /** Partners whose `pe_next_tier_review` was written (scheduled, moved on or cleared). */
  datesWritten: number;
  /** Tasks HubSpot refused (a company deleted meanwhile); their dates stay, and the next run tries again. */
  refused: number;
}

const TIERS: readonly TierOrNone[] = ['none', ...TIER_IDS];
const READ = [
  'name',
  'hubspot_owner_id',
  'pe_timezone',
  'pe_tier',
  'pe_qualified_tier',
  'pe_next_tier_review',
  'pe_program_status',
  'pe_revenue_12m',
  'pe_new_logos_12m',
  'pe_open_pipeline',
  'pe_health_score',
  'pe_health_status',
  'pe_gaps_summary',
];

function tierOf(value: string | null | undefined): TierOrNone | null {
  const trimmed = value?.trim() ?? '';
  return TIERS.find((tier) => tier === trimmed) ?? null;
}

function figure(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '' || !Number.isFinite(Number(trimmed))) return null;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(Number(trimmed));
}

function summaryOf(company: HubSpotRecord, tier: TierOrNone, program: Program): ReviewSummary {
  const p = company.properties;
  const name = (value: TierOrNone) => (value === 'none' ? 'None' : program.tiers[value].name);
  const qualified = tierOf(p.pe_qualified_tier);
  const score = figure(p.pe_health_score);
  const status = p.pe_health_status?.trim().replace(/_/g, ' ');
  return {
    companyName: p.name?.trim() || null,
    tierName: name(tier),
    qualifiedTierName: qualified === null ? null : name(qualified),
    cadence: tier === 'none' ? 'none' : program.governance.reviewCadence[tier],
    revenue12m: figure(p.pe_revenue_12m),
    newLogos12m: figure(p.pe_new_logos_12m),
    openPipeline: figure(p.pe_open_pipeline),
    health: score === null ? null : status ? `${score} (${status})` : score,
    gaps: p.pe_gaps_summary?.trim() || null,
  };
}

/** The task is due at 09:00 on the review day in the partner's time zone. */
function dueAt(reviewOn: CalendarDate, timeZone: string): number {
  return DateTime.fromISO(reviewOn, { zone: timeZone }).set({ hour: 9 }).toMillis();
}

interface PartnerPlan {
  company: HubSpotRecord;
  tier: TierOrNone;
  timeZone: string;
  plan: TierReviewPlan;
}

/**
 * The daily review run (docs/governance.md, "Review cadence"): pages through every partner with
 * the search API (200 a page, each page a new search above the last id, so the 10,000-result cap
 * never applies), plans each by its tier's cadence and `pe_next_tier_review`, creates the due
 * review tasks for the company owners (100 a call) and writes the new dates (100 a call). A
 * review day's task is created once (docs/data.md, "Tier review tasks"): its row in
 * `tier_review_tasks` is claimed before the task and records it after, before the date moves on,
 * so a run repeated after a failure anywhere in between (or after Redis restarted empty) finds the
 * row; a claim left by a killed run is taken over after its lease, and the task that run may have
 * made is looked for by its reference before one is created. Exited partners get no reviews.
 */
export async function createDueReviewTasks(options: ReviewTaskOptions): Promise<ReviewTaskReport> {
  const report: ReviewTaskReport = { partners: 0, created: 0, alreadyCreated: 0, inProgress: 0, datesWritten: 0, refused: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await searchPartners(options, after);
    report.partners += page.length;
    if (page.length > 0) await runPage(options, page, report);
    if (page.length < BATCH_LIMITS.searchPage) break;
    after = page.at(-1)!.id;
  }
  options.logger?.info({ portalId: options.portalId, ...report }, 'tier review run finished');
  return report;
}

async function searchPartners(options: ReviewTaskOptions, after: string | undefined): Promise<HubSpotRecord[]> {
  const { client, portalId } = options;
  const filters = [
    { propertyName: 'pe_is_partner', operator: 'EQ', value: 'true' },
    ...(after ? [{ propertyName: 'hs_object_id', operator: 'GT', value: after }] : []),
  ];
  const request = { filterGroups: [{ filters }], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: READ, limit: BATCH_LIMITS.searchPage };
  const answer = await client.call({ portalId, operation: 'companies.search', bucket: 'search' }, (sdk) =>
    sdk.crm.companies.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.companies.searchApi.doSearch>[0]),
  );
  return answer.results.map((record) => ({ id: String(record.id), properties: { ...record.properties } }));
}

interface DueReview extends PartnerPlan {
  review: ReviewDay & { nextReviewOn: CalendarDate };
  task: NewTask;
}

function dueReviewOf(entry: PartnerPlan, program: Program): DueReview | null {
  const { company, tier, timeZone, plan } = entry;
  if (plan.kind !== 'review') return null;
  const reference = reviewTaskReference(company.id, plan.reviewOn);
  const { subject, body } = composeReviewTask(summaryOf(company, tier, program), plan.reviewOn, reference);
  return {
    ...entry,
    review: { companyId: company.id, reviewOn: plan.reviewOn, nextReviewOn: plan.nextReviewOn },
    task: { subject, body, dueAt: dueAt(plan.reviewOn, timeZone), companyId: company.id, ownerId: company.properties.hubspot_owner_id?.trim() || null, priority: 'MEDIUM' },
  };
}

async function runPage(options: ReviewTaskOptions, page: HubSpotRecord[], report: ReviewTaskReport): Promise<void> {
  const { client, portalId, program, tasks } = options;
  const now = options.now?.() ?? Date.now();
  const ignore = () => undefined;
  const dates = new Map<string, CalendarDate | null>();
  const due: DueReview[] = [];
  for (const company of page) {
    if (company.properties.pe_program_status?.trim() === 'exited') continue;
    const timeZone = readTimeZone(company.properties.pe_timezone, options.timeZone, ignore);
    const today = todayIn(timeZone, now);
    const tier = tierOf(company.properties.pe_tier) ?? 'none';
    const nextReviewOn = readDate(company.properties.pe_next_tier_review, timeZone, ignore);
    const plan = planTierReview(tier, program.governance.reviewCadence, nextReviewOn, today);
    if (plan.kind === 'schedule') dates.set(company.id, plan.nextReviewOn);
    const review = dueReviewOf({ company, tier, timeZone, plan }, program);
    if (review) due.push(review);
  }

  const claims = await tasks.claim(portalId, due.map((entry) => entry.review), now);
  const held: DueReview[] = [];
  const done: Array<ReviewDay & { taskId: string }> = [];
  for (const entry of due) {
    const claim = claims.get(entry.company.id)!;
    if (claim.kind === 'created') {
      report.alreadyCreated += 1;
      dates.set(entry.company.id, entry.review.nextReviewOn);
    } else if (claim.kind === 'busy') {
      report.inProgress += 1;
    } else {
      held.push(entry);
    }
  }
  crashPoint('review-task.claimed');

  const toCreate: DueReview[] = [];
  try {
    for (const entry of held) {
      // A taken-over claim's run may have created the task before it died: look before creating.
      const found = claims.get(entry.company.id)!.kind === 'taken-over' ? await options.repository.findTaskByReference(entry.task, reviewTaskReference(entry.company.id, entry.review.reviewOn)) : null;
      if (found === null) toCreate.push(entry);
      else {
        done.push({ ...entry.review, taskId: found });
        report.alreadyCreated += 1;
        options.logger?.warn({ portalId, companyId: entry.company.id, reviewOn: entry.review.reviewOn }, 'review task found after a run stopped mid-way; not created again');
      }
    }
    if (toCreate.length > 0) {
      const created = await createTasks(client, portalId, toCreate.map((entry) => ({ key: entry.company.id, activity: entry.task })));
      const refused: ReviewDay[] = [];
      for (const entry of toCreate) {
        const taskId = created.created.get(entry.company.id);
        if (taskId === undefined) {
          refused.push(entry.review);
          report.refused += 1;
          options.logger?.warn({ portalId, companyId: entry.company.id, reason: created.refused.get(entry.company.id) }, 'review task refused');
        } else {
          done.push({ ...entry.review, taskId });
          report.created += 1;
        }
      }
      await tasks.release(portalId, refused);
    }
  } catch (error) {
    await tasks.abandon(portalId, held.map((entry) => entry.review)).catch(() => undefined);
    throw error;
  }
  crashPoint('review-task.created');
  await tasks.recordCreated(portalId, done, now);
  crashPoint('review-task.recorded');
  const nextOf = new Map(held.map((entry) => [entry.company.id, entry.review.nextReviewOn]));
  for (const { companyId } of done) dates.set(companyId, nextOf.get(companyId)!);

  const inputs = [...dates].map(([id, date]) => ({ id, properties: { pe_next_tier_review: date ?? '' } }));
  for (let start = 0; start < inputs.length; start += BATCH_LIMITS.objects) {
    const chunk = inputs.slice(start, start + BATCH_LIMITS.objects);
    await client.call({ portalId, operation: 'companies.batch.update' }, (sdk) => sdk.crm.companies.batchApi.update({ inputs: chunk }));
  }
  report.datesWritten += inputs.length;
}
