import type { Logger } from '../logger.js';

/** What a batch handler learns about the batch besides its ids. */
export interface BatchContext {
  /** The BullMQ job draining the shard (for logs). */
  jobId: string;
  /** 1 for a fresh batch, more when it is tried again after an error or a dead worker. */
  tryNumber: number;
  /** Logger carrying portal, shard and job ids. */
  logger: Logger;
}

/** A company HubSpot would not take, and why (shown to operators in the failed set). */
export interface RejectedCompany {
  companyId: string;
  reason: string;
}

export interface RecalculateBatchResult {
  /** Companies that could not be recalculated; every other id of the batch counts as done. */
  failed: RejectedCompany[];
}

/**
 * Recalculates one claim of companies of one portal (up to `RecalculationSettings.claimSize`,
 * default 1,000): reads them and their contacts from HubSpot with one `loadPartners` (companies
 * 100 per read, associations 1,000 per read, contacts pooled 100 per read), evaluates them, writes
 * what changed 100 records per update and creates the claim's notes and tasks 100 per call.
 *
 * - Resolve with the companies HubSpot rejected (a 207 partial error, a validation error): they
 *   go to the failed set with their reason and never hold up the others.
 * - Throw when the whole batch could not be done (HubSpot down, rate limited past waiting, Redis
 *   away): the batch is tried again with backoff, and nothing is lost.
 * - Be idempotent: a batch may be run again after a crash, and a company may arrive again while
 *   nothing changed. Each run re-reads the latest data, so events out of order converge.
 */
export type RecalculateBatch = (portalId: string, companyIds: string[], context: BatchContext) => Promise<RecalculateBatchResult>;

/**
 * Finds the partner companies that one claim of contacts of one portal is associated with (the
 * repository's `companiesForContacts`, one association read per 1,000 contacts). Throw when the
 * look-up failed as a whole.
 */
export type ResolveContactCompanies = (portalId: string, contactIds: string[], context: BatchContext) => Promise<string[]>;
