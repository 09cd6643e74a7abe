import type { Metrics } from '../metrics.js';
import { drainShard } from './drain-shard.js';
import type { JobContext } from './job-processor.js';
import { recalculateCompaniesJob } from './recalculation-job-definitions.js';
import type { RecalculateBatch } from './recalculation-handler.js';
import type { RecalculationQueue } from './recalculation-queue.js';

export interface RecalculateCompaniesDependencies {
  queue: RecalculationQueue;
  recalculate: RecalculateBatch;
  metrics?: Metrics;
}

/** Handler of `recalculate-companies`: drains one shard through the injected batch handler. */
export function handleRecalculateCompanies(deps: RecalculateCompaniesDependencies) {
  return async ({ portalId, shard }: { portalId: string; shard: number }, context: JobContext) => {
    const logger = context.logger.child({ portalId, shard });
    const { settings } = deps.queue;
    const outcome = await drainShard({
      buffer: deps.queue.companies,
      portalId,
      shard,
      claimSize: settings.claimSize,
      maxBatchTries: settings.maxBatchTries,
      shouldStop: context.shouldStop,
      onAbandoned(ids, reason) {
        deps.metrics?.recalculations.inc({ outcome: 'abandoned' }, ids.length);
        logger.error({ companies: ids.length, reason }, 'recalculation batch abandoned; its companies are in the failed set');
      },
      async process(ids, claim) {
        const started = performance.now();
        const batchLogger = logger.child({ tryNumber: claim.tries });
        try {
          const result = await deps.recalculate(portalId, ids, { jobId: String(context.job.id), tryNumber: claim.tries, logger: batchLogger });
          const inBatch = new Set(ids);
          const failed = result.failed.filter((f) => inBatch.has(f.companyId));
          deps.metrics?.recalculationBatchSeconds.observe({ outcome: 'succeeded' }, (performance.now() - started) / 1000);
          deps.metrics?.recalculations.inc({ outcome: 'succeeded' }, ids.length - failed.length);
          if (failed.length > 0) deps.metrics?.recalculations.inc({ outcome: 'rejected' }, failed.length);
          batchLogger.info({ companies: ids.length, rejected: failed.length }, 'recalculated batch');
          return failed.map((f) => ({ id: f.companyId, reason: f.reason }));
        } catch (error) {
          deps.metrics?.recalculationBatchSeconds.observe({ outcome: 'failed' }, (performance.now() - started) / 1000);
          batchLogger.warn({ companies: ids.length, err: errorSummary(error) }, 'recalculation batch failed; it will be retried');
          throw error;
        }
      },
    });
    if (outcome.stopped) await deps.queue.wake(recalculateCompaniesJob, portalId, shard, 0);
    return outcome;
  };
}

function errorSummary(error: unknown): { message: string; code?: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { message: error.message, code } : { message: error.message };
}
