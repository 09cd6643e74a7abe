/**
 * Tuning of the recalculation pipeline. Every web and worker process sharing one Redis must use
 * the same `prefix` and `shards`; the rest may differ per process.
 */
export interface RecalculationSettings {
  /** Prefix of every Redis key the pipeline writes (BullMQ's and its own). Default `pe`. */
  prefix: string;
  /**
   * Shards per portal: the most batches of one portal recalculated at once across all workers
   * (one drain job per shard at a time, so a company is never recalculated twice at once).
   * Default 4.
   */
  shards: number;
  /** Companies (or contacts) per batch: HubSpot's batch limit. Default 100. */
  batchSize: number;
  /**
   * How long the first event for a shard waits before its drain starts, so that a burst of
   * events (HubSpot sends up to 100 per request, 10 requests at once) lands in few batches and
   * each company is recalculated once. Default 1,000 ms.
   */
  coalesceMs: number;
  /**
   * Times one batch is tried (an error thrown by the handler, or the worker dying mid-batch)
   * before its ids are moved to the failed set. With the default backoff, 20 tries span about an
   * hour, so a HubSpot outage shorter than that heals by itself. Default 20.
   */
  maxBatchTries: number;
  /** First retry delay after a batch threw; doubled per try up to `backoffMaxMs`. Default 1,000 ms. */
  backoffBaseMs: number;
  /** Longest retry delay. Default 300,000 ms (5 minutes). */
  backoffMaxMs: number;
  /**
   * How often a sweep wakes every shard that still holds work (after a crash or a Redis restart
   * lost a wake-up). Default 60,000 ms.
   */
  sweepEveryMs: number;
}

export const DEFAULT_RECALCULATION_SETTINGS: RecalculationSettings = {
  prefix: 'pe',
  shards: 4,
  batchSize: 100,
  coalesceMs: 1000,
  maxBatchTries: 20,
  backoffBaseMs: 1000,
  backoffMaxMs: 300_000,
  sweepEveryMs: 60_000,
};

export function recalculationSettings(overrides: Partial<RecalculationSettings> = {}): RecalculationSettings {
  return { ...DEFAULT_RECALCULATION_SETTINGS, ...overrides };
}

/** The retry delay after `attemptsMade` failed tries: exponential, capped, with ±10% jitter. */
export function retryDelayMs(attemptsMade: number, settings: Pick<RecalculationSettings, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const exponential = settings.backoffBaseMs * 2 ** Math.max(0, attemptsMade - 1);
  const capped = Math.min(exponential, settings.backoffMaxMs);
  return Math.round(capped * (0.9 + 0.2 * random()));
}
