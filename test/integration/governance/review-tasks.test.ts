import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDueReviewTasks, type ReviewTaskOptions } from '../../../src/governance/create-due-review-tasks.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { replanTierReviews } from '../../../src/governance/replan-tier-reviews.js';
import { startTierReviewWorker, TierReviewQueue } from '../../../src/governance/tier-review-queue.js';
import { TierReviewTaskStore } from '../../../src/governance/tier-review-task-store.js';
import { createLogger } from '../../../src/logger.js';
import { createRedisConnection } from '../../../src/redis.js';
import { ensureGovernanceProperties } from '../../support/governance-properties.js';
import { SANDBOX_TODAY } from '../../support/sandbox-fixture.js';
import { startServices, stopServices, type EnablementServices } from '../workflows/enablement-app-harness.js';

const redisUrl = inject('redisUrl');

/** A HubSpot date value as `YYYY-MM-DD` (the emulator may answer midnight epoch milliseconds). */
function dayOf(value: string | null | undefined): string {
  if (!value) return '';
  return /^\d+$/.test(value) ? new Date(Number(value)).toISOString().slice(0, 10) : value.slice(0, 10);
}

describe('review-cadence tasks', () => {
  let services: EnablementServices;
  let options: ReviewTaskOptions;
  let gold: string;
  let platinum: string;
  let registered: string;
  let exited: string;

  const company = (id: string) => services.sandbox.store.getCompany(id)!.properties;
  const tasksOf = (id: string) => services.sandbox.store.associatedIds('companies', id, 'tasks').map((taskId) => services.sandbox.store.getRecord('tasks', taskId)!.properties);

  beforeAll(async () => {
    services = await startServices(redisUrl);
    await ensureGovernanceProperties(services.client, services.portalId);
    options = {
      client: services.client,
      portalId: services.portalId,
      program: DEFAULT_PROGRAM,
      tasks: new TierReviewTaskStore(services.db),
      repository: services.repository,
      timeZone: 'UTC',
      now: () => services.clock.now,
    };
    const partners = services.sandbox.seed.partners;
    [gold, platinum, registered, exited] = [partners[0]!.id, partners[1]!.id, partners[2]!.id, partners[3]!.id];
    services.sandbox.ui.updateCompany(gold, {
      pe_tier: 'gold',
      pe_qualified_tier: 'silver',
      pe_next_tier_review: SANDBOX_TODAY,
      pe_revenue_12m: '880000',
      pe_new_logos_12m: '3',
      pe_open_pipeline: '240000',
      pe_health_score: '72',
      pe_health_status: 'at_risk',
      pe_gaps_summary: 'Complete the Technical track (2 modules left)',
      pe_timezone: 'UTC',
    });
    services.sandbox.ui.updateCompany(platinum, { pe_tier: 'platinum', pe_next_tier_review: '', pe_timezone: 'UTC' });
    services.sandbox.ui.updateCompany(registered, { pe_tier: 'bronze', pe_next_tier_review: '2026-11-01', pe_timezone: 'UTC' });
    services.sandbox.ui.updateCompany(exited, { pe_tier: 'gold', pe_program_status: 'exited', pe_next_tier_review: '2026-11-01', pe_timezone: 'UTC' });
  }, 60_000);
  afterAll(async () => {
    if (services) await stopServices(services);
  });

  it("gives the owner a due review task carrying the partner's performance summary, and moves the date a cadence step on", async () => {
    const tasksBefore = tasksOf(gold).length;

    const report = await createDueReviewTasks(options);

    expect(report.created).toBe(1);
    const tasks = tasksOf(gold);
    expect(tasks).toHaveLength(tasksBefore + 1);
    const task = tasks.at(-1)!;
    expect(task.hs_task_subject).toBe(`Tier review: ${company(gold).name} (Gold)`);
    expect(task.hs_task_body?.split('\n')).toEqual([
      `Monthly tier review of ${company(gold).name}, due ${SANDBOX_TODAY}.`,
      'Tier: Gold',
      'Qualified tier now: Silver',
      'Revenue, last 12 months: 880,000',
      'New logos, last 12 months: 3',
      'Open pipeline: 240,000',
      'Health: 72 (at risk)',
      'Gaps:',
      'Complete the Technical track (2 modules left)',
      `Reference: tier-review/${gold}/${SANDBOX_TODAY}`,
    ]);
    expect(new Date(task.hs_timestamp!).toISOString()).toBe(`${SANDBOX_TODAY}T09:00:00.000Z`);
    if (company(gold).hubspot_owner_id) expect(task.hubspot_owner_id).toBe(company(gold).hubspot_owner_id);
    expect(dayOf(company(gold).pe_next_tier_review)).toBe('2026-12-15');
  });

  it('schedules a first review by the cadence, clears the date of a tier without reviews, and gives exited partners none', () => {
    expect(dayOf(company(platinum).pe_next_tier_review)).toBe('2026-11-22');
    expect(company(registered).pe_next_tier_review ?? '').toBe('');
    expect(tasksOf(exited).filter((task) => task.hs_task_subject?.startsWith('Tier review'))).toEqual([]);
  });

  it('creates the task once across a re-run, even when the first run lost its date write', async () => {
    const tasksBefore = tasksOf(gold).length;
    // As if the first run had died after creating the task and before moving the date on.
    services.sandbox.ui.updateCompany(gold, { pe_next_tier_review: SANDBOX_TODAY });

    const report = await createDueReviewTasks(options);

    expect(report).toMatchObject({ created: 0, alreadyCreated: 1 });
    expect(tasksOf(gold)).toHaveLength(tasksBefore);
    expect(dayOf(company(gold).pe_next_tier_review)).toBe('2026-12-15');
  });

  it('plans again, through the review job, the reviews of a partner whose tier changed: one step of the new cadence from today', async () => {
    // Planned weekly as Platinum; the close has just made it Silver (quarterly) and queued the replan.
    services.sandbox.ui.updateCompany(platinum, { pe_tier: 'silver' });
    const prefix = `${services.prefix}:replan`;
    const queue = new TierReviewQueue(services.redis, { prefix });
    const connection = createRedisConnection({ url: redisUrl, role: 'worker', name: 'review-replan-test' });
    const worker = await startTierReviewWorker({
      connection,
      prefix,
      run: () => Promise.reject(new Error('no daily run in this test')),
      replan: (portalId, companyIds) => replanTierReviews(options, companyIds),
      logger: createLogger({ level: 'silent' }),
    });
    try {
      await queue.replan(services.portalId, [platinum, registered]);
      const deadline = Date.now() + 20_000;
      while ((await queue.queue.getJobCounts('completed', 'failed')).completed === 0) {
        if (Date.now() > deadline) throw new Error('the replan job did not complete');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [job] = await queue.queue.getJobs(['completed']);
      expect(job!.returnvalue).toEqual({ partners: 2, datesWritten: 1 });
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
    expect(dayOf(company(platinum).pe_next_tier_review)).toBe('2027-02-15');
    expect(company(registered).pe_next_tier_review ?? '').toBe('');
  });

  it('a run with nothing due creates nothing and writes nothing', async () => {
    services.sandbox.requests.reset();

    const report = await createDueReviewTasks(options);

    expect(report).toMatchObject({ created: 0, alreadyCreated: 0, datesWritten: 0 });
    expect(services.sandbox.requests.count({ path: /batch\/(update|create)/ })).toBe(0);
  });
});
