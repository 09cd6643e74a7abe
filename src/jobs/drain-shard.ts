import type { Claim, CoalescingBuffer, RecordFailure } from './coalescing-buffer.js';

export interface DrainShardOptions {
  buffer: CoalescingBuffer;
  portalId: string;
  shard: number;
  /** Most ids claimed as one batch (`RecalculationSettings.claimSize`). */
  claimSize: number;
  /** A batch claimed more often than this is moved to the failed set instead of tried again. */
  maxBatchTries: number;
  /** Processes one batch; resolves with the ids it could not process. Throwing retries the batch. */
  process(ids: string[], claim: Claim): Promise<RecordFailure[]>;
  /** Checked before each claim: true once the worker is shutting down. */
  shouldStop(): boolean;
  /** Called with the ids of a batch given up after `maxBatchTries`. */
  onAbandoned?(ids: string[], reason: string): void;
}

export interface DrainOutcome {
  /** Batches processed (including abandoned ones). */
  batches: number;
  /** Ids processed, failures included. */
  ids: number;
  /** True when it stopped for a shutdown with work possibly left. */
  stopped: boolean;
}

/**
 * Claims and processes a shard's batches until it is empty. A batch that throws stays in flight
 * (the error propagates, BullMQ retries the job with backoff, and the next claim resumes the
 * same batch); a batch that keeps failing is moved to the failed set with the last error, so one
 * bad batch cannot block its shard for ever.
 */
export async function drainShard(options: DrainShardOptions): Promise<DrainOutcome> {
  const { buffer, portalId, shard } = options;
  const outcome: DrainOutcome = { batches: 0, ids: 0, stopped: false };
  for (;;) {
    if (options.shouldStop()) return { ...outcome, stopped: true };
    const claim = await buffer.claim(portalId, shard, options.claimSize);
    if (claim === null) {
      if (await buffer.retire(portalId, shard)) return outcome;
      continue;
    }
    outcome.batches += 1;
    outcome.ids += claim.ids.length;
    if (claim.tries > options.maxBatchTries) {
      const reason = `gave up after ${claim.tries - 1} tries: ${claim.lastError ?? 'the worker stopped mid-batch each time'}`;
      await buffer.finish(portalId, shard, claim.ids.map((id) => ({ id, reason })));
      options.onAbandoned?.(claim.ids, reason);
      continue;
    }
    let failures: RecordFailure[];
    try {
      failures = await options.process(claim.ids, claim);
    } catch (error) {
      await buffer.recordBatchError(portalId, shard, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await buffer.finish(portalId, shard, failures);
  }
}
