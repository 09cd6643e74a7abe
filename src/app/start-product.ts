import { accrueClosedQuarter } from './accrue-closed-quarter.js';
import { startWeb, type WebServer } from '../http/start-web.js';
import type { ShutdownStep } from '../http/run-until-signal.js';
import { startWorker, type RunningWorker, type WorkerLockOptions } from '../jobs/start-worker.js';
import type { RunningLifecycleWorker } from '../lifecycle/start-lifecycle-worker.js';
import type { RunningBlockedActionWorker } from '../../workflows/blocked-action-queue.js';
import { createDueReviewTasks } from '../governance/create-due-review-tasks.js';
import { replanTierReviews } from '../governance/replan-tier-reviews.js';
import { TierReviewTaskStore } from '../governance/tier-review-task-store.js';
import { startTierReviewWorker, type RunningTierReviewWorker } from '../governance/tier-review-queue.js';
import { startReconciliationWorker, type RunningReconciliationWorker } from '../recalculation/reconciliation.js';
import { checkEvictionPolicy } from '../redis.js';
import type { Services } from './build-services.js';
import { onRedisReconnect } from './on-redis-reconnect.js';
import { watchForEmptyRedis } from './watch-for-empty-redis.js';
import { sweepRecalculationsJob } from '../jobs/recalculation-job-definitions.js';
import { lifecycleSweepJob } from '../lifecycle/start-lifecycle-worker.js';
import { startConflictIndexWorker, type RunningConflictIndexWorker } from '../registrations/start-conflict-index-worker.js';
import { replanRegistrationClocks } from '../registrations/replan-registration-clocks.js';
import { ProtectedDealStore } from '../registrations/protected-deal-store.js';
import { PartnerDaySnapshotStore } from '../program-metrics/partner-day-snapshot-store.js';
import { refreshProgramDashboard } from '../program-metrics/refresh-program-dashboard.js';
import { startProgramSnapshotWorker, type RunningProgramSnapshotWorker } from '../program-metrics/start-program-snapshot-worker.js';
import { takeDailySnapshots } from '../program-metrics/take-daily-snapshots.js';
import { RegistrationProtectionProcessor } from '../registrations/registration-protection-processor.js';
import { RegistrationSlaProcessor } from '../registrations/registration-sla-processor.js';
import { RegistrationStepStore } from '../registrations/registration-step-store.js';
import { startRegistrationSlaWorker, type RunningRegistrationSlaWorker } from '../registrations/start-registration-sla-worker.js';
import { establishQuarterCloses, startQuarterCloseWorker, type RunningQuarterCloseWorker } from '../governance/quarter-close-queue.js';
import { IncentiveDeadlineProcessor } from '../incentives/incentive-deadline-processor.js';
import { IncentiveRequestStepStore } from '../incentives/incentive-request-step-store.js';
import { IncentiveTaskProcessor } from '../incentives/incentive-task-processor.js';
import { replanIncentiveDeadlines } from '../incentives/replan-incentive-deadlines.js';
import { IncentiveRequestStore } from '../incentives/incentive-request-store.js';
import { startIncentiveDeadlineWorker, type RunningIncentiveDeadlineWorker } from '../incentives/start-incentive-deadline-worker.js';

/**
 * A worker that starts when no sweep completed for this long (a new installation, or an outage
 * longer than HubSpot's 24 hours of webhook retries) sweeps at once rather than at the next
 * scheduled run. A day plus an hour, so the nightly schedule alone never triggers it.
 */
export const STALE_RECONCILIATION_MS = 25 * 3600 * 1000;

/** How often a worker looks whether Redis was emptied while connected (a FLUSHALL). */
export const EMPTY_REDIS_CHECK_MS = 30_000;

/** Which parts of the product this process runs. `npm start` runs both. */
export interface ProductRoles {
  /** The web server: webhooks, workflow actions, cards, health and metrics. */
  web: boolean;
  /**
   * The recalculation worker, the reconciliation sweeps (scheduled nightly), the lifecycle sweep
   * (every minute) and the completion of BLOCKed workflow actions.
   */
  worker: boolean;
}

export interface StartProductOptions {
  /** Port to listen on; default `PORT`. 0 picks a free one (tests). */
  port?: number;
  /** Interface to listen on; default all. */
  host?: string;
  /** The recalculation worker's lock settings (tests shorten them). */
  lock?: WorkerLockOptions;
  /** Upsert the nightly reconciliation schedule (idempotent). Default true. */
  scheduleReconciliation?: boolean;
  /** How often the worker looks whether Redis was emptied while connected. Default 30 s (tests shorten it). */
  emptyRedisCheckMs?: number;
  /**
   * In `quarterly` governance, close the last ended quarter at start when its close never finished
   * (docs/governance.md, "Scheduling"). Default true; sandbox mode leaves it for the demo's close
   * by hand (docs/governance.md, "The demo portal").
   */
  closeMissedQuarter?: boolean;
}

export interface RunningProduct {
  readonly services: Services;
  readonly web: WebServer | undefined;
  readonly worker: RunningWorker | undefined;
  readonly reconciliation: RunningReconciliationWorker | undefined;
  /** The every-minute sweep of renewal reminders and status changes. */
  readonly lifecycle: RunningLifecycleWorker | undefined;
  /** Completes workflow action executions that answered BLOCK. */
  readonly blockedActions: RunningBlockedActionWorker | undefined;
  /** Keeps the conflict-check index from webhook events, and repairs it. */
  readonly conflictIndex: RunningConflictIndexWorker | undefined;
  /** Runs the registration decision clock's reminders, escalations and breaches. */
  readonly registrationSla: RunningRegistrationSlaWorker | undefined;
  /** Runs quarter closes (`quarterly` governance). */
  readonly quarterClose: RunningQuarterCloseWorker | undefined;
  /** Checks incentive verification and payment deadlines. */
  readonly incentiveDeadlines: RunningIncentiveDeadlineWorker | undefined;
  /** The program dashboard's daily partner snapshots. */
  readonly programSnapshots: RunningProgramSnapshotWorker | undefined;
  /**
   * What to stop, in order: stop taking requests, let the worker finish or hand back its batches,
   * stop the sweeps, then close queues and Redis. Hand these to `runUntilSignal`.
   */
  shutdownSteps(): ShutdownStep[];
  /** Runs the shutdown steps now (tests, the demo). */
  close(): Promise<void>;
}

/**
 * Starts the web server and/or the worker from the services. The same code runs them in one
 * process (`npm start`) or as separate processes (`partner-enablement web`, `partner-enablement
 * worker`) sharing Redis: the web process only queues ids, the workers do the HubSpot work.
 */
export async function startProduct(services: Services, roles: ProductRoles, options: StartProductOptions = {}): Promise<RunningProduct> {
  const { config, logger } = services;
  let worker: RunningWorker | undefined;
  let reconciliation: RunningReconciliationWorker | undefined;
  let lifecycle: RunningLifecycleWorker | undefined;
  let blockedActions: RunningBlockedActionWorker | undefined;
  let conflictIndex: RunningConflictIndexWorker | undefined;
  let registrationSla: RunningRegistrationSlaWorker | undefined;
  let quarterClose: RunningQuarterCloseWorker | undefined;
  let tierReviews: RunningTierReviewWorker | undefined;
  let incentiveDeadlines: RunningIncentiveDeadlineWorker | undefined;
  let programSnapshots: RunningProgramSnapshotWorker | undefined;
  let web: WebServer | undefined;
  let stopWatchingRedis: (() => void) | undefined;
  try {
    if (roles.worker) {
      await checkEvictionPolicy(services.workerRedis, logger);
      worker = await startWorker({
        connection: services.workerRedis,
        handler: services.recalculateBatch,
        resolveContacts: services.resolveContacts,
        concurrency: config.workerConcurrency,
        logger,
        metrics: services.metrics,
        settings: services.recalculationQueue.settings,
        lock: options.lock,
      });
      reconciliation = await startReconciliationWorker({
        connection: services.workerRedis,
        prefix: services.recalculationQueue.settings.prefix,
        repositoryFor: services.repositoryFor,
        enqueuer: services.recalculationQueue,
        // The index repair follows the partner sweep, in its own queue.
        afterSweep: async (portalId) => {
          await services.queues.conflictIndex.repairNow(portalId);
        },
        logger,
      });
      conflictIndex = await startConflictIndexWorker({
        connection: services.workerRedis,
        prefix: services.recalculationQueue.settings.prefix,
        updaterFor: (portalId) => services.conflictIndexUpdaterFor(portalId),
        logger,
      });
      registrationSla = await startRegistrationSlaWorker({
        connection: services.workerRedis,
        prefix: services.recalculationQueue.settings.prefix,
        processor: new RegistrationSlaProcessor({
          client: services.hubspot, audit: services.audit, portalId: services.portalId, settings: services.program.registrations, steps: new RegistrationStepStore(services.db),
        }),
        protection: new RegistrationProtectionProcessor({
          client: services.hubspot,
          store: services.conflictIndex,
          audit: services.audit,
          mail: services.mail,
          logger,
          portalId: services.portalId,
          settings: services.program.registrations,
          timeZone: services.portalTimeZone,
          marks: new ProtectedDealStore(services.db),
          steps: new RegistrationStepStore(services.db),
          recalculation: services.recalculationQueue,
        }),
        logger,
      });
      const incentiveRequests = new IncentiveRequestStore(services.db);
      const incentiveTasks = new IncentiveTaskProcessor({
        client: services.hubspot,
        store: incentiveRequests,
        steps: new IncentiveRequestStepStore(services.db),
        portalId: services.portalId,
        timeZone: services.portalTimeZone,
        escalationOwnerId: services.program.registrations.escalationOwnerId,
      });
      incentiveDeadlines = await startIncentiveDeadlineWorker({
        connection: services.workerRedis,
        prefix: services.recalculationQueue.settings.prefix,
        processor: new IncentiveDeadlineProcessor({
          store: incentiveRequests, audit: services.audit, portalId: services.portalId, currency: services.dealFacts.currency, tasks: incentiveTasks,
        }),
        tasks: incentiveTasks,
        logger,
      });
      // At every start too: a process killed between recording a claim (or an approval) and
      // scheduling its jobs left a deadline without jobs (docs/incentives.md, "Deadlines").
      const replanIncentives = async () => {
        const incentiveClocks = await replanIncentiveDeadlines({
          db: services.db,
          queue: services.queues.incentiveDeadlines,
          portalId: services.portalId,
          settings: services.program.incentives,
          timeZone: services.portalTimeZone,
          now: Date.now(),
        });
        logger.info({ portalId: services.portalId, ...incentiveClocks }, 'incentive deadlines planned again');
      };
      await replanIncentives();
      const snapshotStore = new PartnerDaySnapshotStore(services.db);
      const { portalTimeZone } = services;
      programSnapshots = await startProgramSnapshotWorker({
        connection: services.workerRedis,
        prefix: services.recalculationQueue.settings.prefix,
        takeSnapshots: (portalId) =>
          takeDailySnapshots({ portalId, repository: services.repositoryFor(portalId), store: snapshotStore, program: services.program, timeZone: portalTimeZone, logger }),
        refreshDashboard: (portalId) => refreshProgramDashboard({ ...services.programDashboard, portalId, logger }),
        logger,
      });
      // Daily just after midnight in the portal's zone; the run at start fills the days a downtime missed.
      await services.queues.programSnapshots.schedule(services.portalId, portalTimeZone);
      // Every 15 minutes the last closed quarter's dashboard is computed ahead of the page's request.
      await services.queues.programSnapshots.scheduleRefresh(services.portalId);
      await services.queues.programSnapshots.runNow(services.portalId);
      // A first start (or a database that lost the index) fills the index at once.
      if (await services.conflictIndex.isEmpty(services.portalId)) {
        await services.queues.conflictIndex.repairNow(services.portalId);
        logger.info({ portalId: services.portalId }, 'conflict-check index is empty: repairing it now');
      }
      quarterClose = await startQuarterCloseWorker({
        connection: services.workerRedis,
        prefix: services.recalculationQueue.settings.prefix,
        close: services.quarterClose,
        logger,
        afterClose: async (portalId, quarter) => accrueClosedQuarter(services, portalId, quarter, logger),
      });
      const closeMissedQuarter = options.closeMissedQuarter ?? true;
      await establishQuarterClosing(services, closeMissedQuarter);
      const reviewTasks = new TierReviewTaskStore(services.db);
      tierReviews = await startTierReviewWorker({
        connection: services.workerRedis,
        prefix: services.recalculationQueue.settings.prefix,
        run: (portalId) =>
          createDueReviewTasks({
            client: services.hubspot,
            portalId,
            program: services.program,
            tasks: reviewTasks,
            repository: services.repositoryFor(portalId),
            timeZone: services.portalTimeZone,
            logger,
          }),
        replan: (portalId, companyIds) =>
          replanTierReviews({ client: services.hubspot, portalId, program: services.program, timeZone: services.portalTimeZone, logger }, companyIds),
        logger,
      });
      lifecycle = await services.lifecycle.startWorker();
      blockedActions = await services.actionsAndCards.startWorker();
      const scheduleReconciliation = options.scheduleReconciliation ?? true;
      await establishReconciliation(services, scheduleReconciliation);
      await services.queues.tierReviews.schedule(services.portalId);
      // Redis may come back empty (restarted without its data): the schedules and, when the sweep
      // marker is gone with the rest, a catch-up sweep are put back without restarting the process.
      const [recalculationWorker, lifecycleWorker] = [worker, lifecycle];
      const restore = async () => {
        await recalculationWorker.queue.scheduleSweep();
        await recalculationWorker.queue.sweep();
        await lifecycleWorker.schedule();
        await services.queues.tierReviews.schedule(services.portalId);
        await services.queues.programSnapshots.schedule(services.portalId, portalTimeZone);
        await services.queues.programSnapshots.scheduleRefresh(services.portalId);
        await establishReconciliation(services, scheduleReconciliation);
        // The registrations' delayed jobs went with Redis: planned again from PostgreSQL.
        const replanned = await replanRegistrationClocks({
          db: services.db,
          queue: services.queues.registrationSla,
          portalId: services.portalId,
          settings: services.program.registrations,
          timeZone: services.portalTimeZone,
          now: Date.now(),
        });
        logger.info({ portalId: services.portalId, ...replanned }, 'registration clocks planned again');
        await replanIncentives();
        await establishQuarterClosing(services, closeMissedQuarter);
      };
      const stopOnReconnect = onRedisReconnect(
        services.workerRedis,
        async () => {
          await restore();
          logger.info('redis reconnected: job schedules re-established');
        },
        logger,
      );
      // Emptied while connected (FLUSHALL): no reconnection tells, so a worker looks now and then.
      const stopWatchingEmpty = watchForEmptyRedis(services.workerRedis, {
        isEmptied: async () => {
          const [sweepScheduler, lifecycleScheduler] = await Promise.all([
            recalculationWorker.queue.queue.getJobScheduler(sweepRecalculationsJob.name),
            lifecycleWorker.queue.getJobScheduler(lifecycleSweepJob.name),
          ]);
          if (!sweepScheduler || !lifecycleScheduler) return true;
          // The marker alone missing is a first sweep still running (it was started at start).
          return scheduleReconciliation && (await services.reconciliationQueue.nextScheduledAt(services.portalId)) === null;
        },
        restore: async () => {
          await restore();
          logger.info('job schedules re-established after redis was found emptied');
        },
        lockKey: `${services.recalculationQueue.settings.prefix}:redis-emptied:lock`,
        intervalMs: options.emptyRedisCheckMs ?? EMPTY_REDIS_CHECK_MS,
        logger,
      });
      stopWatchingRedis = () => {
        stopOnReconnect();
        stopWatchingEmpty();
      };
    }
    if (roles.web) {
      web = await startWeb({ app: services.createWebApp(), port: options.port ?? config.port, host: options.host, logger });
    }
  } catch (error) {
    stopWatchingRedis?.();
    await Promise.allSettled([web?.close(), worker?.close({ timeoutMs: 5_000 }), reconciliation?.close(), lifecycle?.close(), blockedActions?.close(), conflictIndex?.close(), registrationSla?.close(), quarterClose?.close(), tierReviews?.close(), incentiveDeadlines?.close(), programSnapshots?.close()]);
    throw error;
  }

  const steps: ShutdownStep[] = [
    ...(stopWatchingRedis ? [{ name: 'redis watch', stop: async () => stopWatchingRedis!() }] : []),
    ...(web ? [{ name: 'web', stop: () => web!.close() }] : []),
    ...(worker ? [{ name: 'worker', stop: () => worker!.close() }] : []),
    ...(reconciliation ? [{ name: 'reconciliation', stop: () => reconciliation!.close() }] : []),
    ...(lifecycle ? [{ name: 'lifecycle', stop: () => lifecycle!.close() }] : []),
    ...(blockedActions ? [{ name: 'workflow actions', stop: () => blockedActions!.close() }] : []),
    ...(conflictIndex ? [{ name: 'conflict-check index', stop: () => conflictIndex!.close() }] : []),
    ...(registrationSla ? [{ name: 'registration decision clock', stop: () => registrationSla!.close() }] : []),
    ...(quarterClose ? [{ name: 'quarter close', stop: () => quarterClose!.close() }] : []),
    ...(tierReviews ? [{ name: 'tier reviews', stop: () => tierReviews!.close() }] : []),
    ...(incentiveDeadlines ? [{ name: 'incentive deadlines', stop: () => incentiveDeadlines!.close() }] : []),
    ...(programSnapshots ? [{ name: 'program snapshots', stop: () => programSnapshots!.close() }] : []),
    { name: 'services', stop: () => services.close() },
  ];
  let closing: Promise<void> | undefined;
  return {
    services,
    web,
    worker,
    reconciliation,
    lifecycle,
    blockedActions,
    conflictIndex,
    registrationSla,
    quarterClose,
    incentiveDeadlines,
    programSnapshots,
    shutdownSteps: () => steps,
    close() {
      closing ??= (async () => {
        for (const step of steps) {
          try {
            await step.stop();
          } catch (error) {
            logger.error({ step: step.name, err: { message: (error as Error).message } }, 'shutdown step failed');
          }
        }
      })();
      return closing;
    },
  };
}

/**
 * The nightly reconciliation schedule, and a sweep now when none completed lately or the marker of
 * the last one is missing (a new installation, or a Redis that lost its data).
 */
async function establishReconciliation(services: Services, schedule: boolean): Promise<void> {
  if (!schedule) return;
  const { config, logger, portalId } = services;
  await services.reconciliationQueue.schedule(portalId, config.reconcileCron);
  logger.info({ portalId, cron: config.reconcileCron }, 'reconciliation sweep scheduled (UTC)');
  if (await services.reconciliationQueue.runIfStale(portalId, STALE_RECONCILIATION_MS)) {
    logger.info({ portalId }, 'no reconciliation recorded in the last 25 hours: sweeping every partner now');
  }
}

/**
 * In `quarterly` governance, the close scheduler at each quarter's close instant and, when the last
 * closed quarter has no finished close, its close now (docs/governance.md, "Scheduling").
 */
async function establishQuarterClosing(services: Services, closeMissed: boolean): Promise<void> {
  const { governance } = services.program;
  const queued = await establishQuarterCloses(services.queues.quarterClose, services.quarterClose, {
    portalId: services.portalId,
    timeZone: services.portalTimeZone,
    fiscalYearStartMonth: governance.fiscalYearStartMonth,
    quarterly: governance.mode === 'quarterly',
    catchUp: closeMissed,
  });
  if (queued !== null) services.logger.info({ portalId: services.portalId, quarter: queued }, 'the last closed quarter has no finished close: closing it now');
}
