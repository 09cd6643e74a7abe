import { AppError } from '../errors.js';

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
  /**
   * Pending ids one drain claims and hands to its handler at once (its in-flight batch). Default
   * 1,000.
   *
   * Larger than HubSpot's 100 records per batch read or update on purpose: the handler loads a
   * claim with one `loadPartners` call, which still sends companies 100 per read and writes 100 per
   * update, but reads associations 1,000 companies per call (the v4 batch association read's
   * limit) and pools the contacts of the whole claim, de-duplicated, into full reads of 100; notes
   * and tasks are created 100 per call for the whole claim too. So a claim of 1,000 costs the
   * minimum calls HubSpot's batch APIs allow, where ten claims of 100 would pay ten association
   * reads and round contacts and activities up ten times. The contact drain uses the same size:
   * its look-up is one association read per 1,000 contacts.
   *
   * The price is a bigger unit of retry: a claim that fails as a whole (HubSpot down after the
   * client's retries) is tried again as a whole; records HubSpot refuses one by one still go to the
   * failed set alone. Set 100 to get the old batches of 100 back (smaller retries, more calls).
   */
  claimSize: number;
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
  claimSize: 1000,
  coalesceMs: 1000,
  maxBatchTries: 20,
  backoffBaseMs: 1000,
  backoffMaxMs: 300_000,
  sweepEveryMs: 60_000,
};

export function recalculationSettings(overrides: Partial<RecalculationSettings> = {}): RecalculationSettings {
  const settings = { ...DEFAULT_RECALCULATION_SETTINGS, ...overrides };
  // A claim of 0 would take nothing from a shard that holds work, and its drain would spin.
  if (!Number.isInteger(settings.claimSize) || settings.claimSize < 1) {
    throw new AppError('INVALID_CONFIG', `the recalculation claim size must be a positive integer, got ${settings.claimSize}`);
  }
  return settings;
}

/** The retry delay after `attemptsMade` failed tries: exponential, capped, with ±10% jitter. */
export function retryDelayMs(attemptsMade: number, settings: Pick<RecalculationSettings, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const exponential = settings.backoffBaseMs * 2 ** Math.max(0, attemptsMade - 1);
  const capped = Math.min(exponential, settings.backoffMaxMs);
  return Math.round(capped * (0.9 + 0.2 * random()));
}
