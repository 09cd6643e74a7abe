import { drainShard } from './drain-shard.js';
import type { JobContext } from './job-processor.js';
import { resolveContactsJob } from './recalculation-job-definitions.js';
import type { ResolveContactCompanies } from './recalculation-handler.js';
import type { RecalculationQueue } from './recalculation-queue.js';

export interface ResolveContactsDependencies {
  queue: RecalculationQueue;
  resolveContacts: ResolveContactCompanies;
}

/**
 * Handler of `resolve-contacts`: turns pending contacts into their partner companies, one claim
 * (up to `claimSize` contacts, one association read per 1,000) per look-up, and queues those
 * companies (coalesced with any already pending).
 */
export function handleResolveContacts(deps: ResolveContactsDependencies) {
  return async ({ portalId, shard }: { portalId: string; shard: number }, context: JobContext) => {
    const logger = context.logger.child({ portalId });
    const { settings } = deps.queue;
    const outcome = await drainShard({
      buffer: deps.queue.contacts,
      portalId,
      shard,
      claimSize: settings.claimSize,
      maxBatchTries: settings.maxBatchTries,
      shouldStop: context.shouldStop,
      onAbandoned(ids, reason) {
        logger.error({ contacts: ids.length, reason }, 'contact look-up abandoned; the contacts are in the failed set');
      },
      async process(ids, claim) {
        const companyIds = await deps.resolveContacts(portalId, ids, {
          jobId: String(context.job.id),
          tryNumber: claim.tries,
          logger: logger.child({ tryNumber: claim.tries }),
        });
        await deps.queue.enqueueCompanies(portalId, companyIds);
        logger.debug({ contacts: ids.length, companies: companyIds.length }, 'resolved contacts to partner companies');
        return [];
      },
    });
    if (outcome.stopped) await deps.queue.wake(resolveContactsJob, portalId, shard, 0);
    return outcome;
  };
}
