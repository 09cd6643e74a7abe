import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BlockedActionQueue } from '../../workflows/blocked-action-queue.js';
import { RecalculationQueue } from '../jobs/recalculation-queue.js';
import type { RecalculationSettings } from '../jobs/recalculation-settings.js';
import { createLifecycleQueue } from '../lifecycle/create-lifecycle-queue.js';
import type { Logger } from '../logger.js';
import { QuarterCloseQueue } from '../governance/quarter-close-queue.js';
import { ProgramSnapshotQueue } from '../program-metrics/program-snapshot-queue.js';
import { ReconciliationQueue } from '../recalculation/reconciliation.js';
import { ConflictIndexQueue } from '../registrations/conflict-index-queue.js';
import { RegistrationSlaQueue } from '../registrations/registration-sla-queue.js';
import { TierReviewQueue } from '../governance/tier-review-queue.js';
import { IncentiveDeadlineQueue } from '../incentives/incentive-deadline-queue.js';

export interface QueueRegistryOptions {
  /** The fail-fast connection: producers a request handler uses (webhooks, workflow actions). */
  redis: Redis;
  /** The connection that waits Redis out: producers only workers use (the lifecycle sweep). */
  workerRedis: Redis;
  /** Pipeline settings of the recalculation queue; `prefix` is every queue's key prefix. */
  recalculation: Partial<RecalculationSettings>;
  logger: Logger;
}

/**
 * Every BullMQ queue of the product, built in this one place. The admin dashboard shows `all`,
 * the shutdown closes `all`, and the workers run on the same queue names: a queue added to the
 * product is added here, or it is nowhere.
 */
export interface QueueRegistry {
  /** Recalculation drains and the every-minute pending-set sweep. */
  readonly recalculation: RecalculationQueue;
  /** The nightly (and catch-up) reconciliation sweeps. */
  readonly reconciliation: ReconciliationQueue;
  /** The every-minute lifecycle sweep (status changes, renewal reminders). */
  readonly lifecycle: Queue;
  /** Workflow action executions that answered BLOCK and are completed later. */
  readonly blockedActions: BlockedActionQueue;
  /** Company and deal events for the conflict-check index, and its repairs. */
  readonly conflictIndex: ConflictIndexQueue;
  /** The decision clock of deal registrations: delayed reminder, escalation and breach jobs. */
  readonly registrationSla: RegistrationSlaQueue;
  /** Quarter closes: the scheduler at each close instant and the start-up catch-up (docs/governance.md, "Scheduling"). */
  readonly quarterClose: QuarterCloseQueue;
  /** The daily review runs (review tasks for the owners by each tier's cadence) and the replans of partners a close moved. */
  readonly tierReviews: TierReviewQueue;
  /** Incentive verification and payment deadlines (docs/incentives.md, "Deadlines"). */
  readonly incentiveDeadlines: IncentiveDeadlineQueue;
  /** The program dashboard's daily partner snapshots (and their catch-up at start), and the 15-minute refresh of its precomputed answer. */
  readonly programSnapshots: ProgramSnapshotQueue;
  /** All of the above as BullMQ queues. */
  readonly all: readonly Queue[];
  /** Closes every queue (not the connections). */
  close(): Promise<void>;
}

export function createQueueRegistry(options: QueueRegistryOptions): QueueRegistry {
  const recalculation = new RecalculationQueue(options.redis, options.recalculation, options.logger);
  const { prefix } = recalculation.settings;
  const reconciliation = new ReconciliationQueue(options.redis, { prefix });
  const lifecycle = createLifecycleQueue(options.workerRedis, { prefix, logger: options.logger });
  const blockedActions = new BlockedActionQueue(options.redis, { prefix });
  const conflictIndex = new ConflictIndexQueue(options.redis, { prefix, backoffMs: recalculation.settings.backoffBaseMs });
  const registrationSla = new RegistrationSlaQueue(options.redis, { prefix, backoffMs: recalculation.settings.backoffBaseMs });
  const quarterClose = new QuarterCloseQueue(options.workerRedis, { prefix });
  const tierReviews = new TierReviewQueue(options.workerRedis, { prefix });
  const incentiveDeadlines = new IncentiveDeadlineQueue(options.redis, { prefix, backoffMs: recalculation.settings.backoffBaseMs });
  const programSnapshots = new ProgramSnapshotQueue(options.workerRedis, { prefix });
  const all = [recalculation.queue, reconciliation.queue, lifecycle, blockedActions.queue, conflictIndex.queue, registrationSla.queue, quarterClose.queue, tierReviews.queue, incentiveDeadlines.queue, programSnapshots.queue];
  return {
    recalculation,
    reconciliation,
    lifecycle,
    blockedActions,
    conflictIndex,
    registrationSla,
    quarterClose,
    tierReviews,
    incentiveDeadlines,
    programSnapshots,
    all,
    async close() {
      await Promise.allSettled(all.map((queue) => queue.close()));
    },
  };
}
