import type { PartnerRepository } from '../hubspot/partner-repository.js';

/** Where a sweep is: enough to resume it after a crash. */
export interface SweepProgress {
  /** Search pages read so far. */
  pages: number;
  /** Partner ids handed to the visitor so far. */
  partners: number;
  /** The last id handed over: a resumed sweep starts above it. Undefined before the first page. */
  after: string | undefined;
}

export interface SweepOptions {
  /** Resume above this id (a cursor kept from an interrupted sweep). */
  after?: string;
  /** Checked between pages: true stops the sweep (a worker shutting down); the progress says where. */
  shouldStop?(): boolean;
}

export interface SweepOutcome extends SweepProgress {
  /** False when `shouldStop` ended it early. */
  complete: boolean;
}

/**
 * Visits every partner company of the portal, one search page (up to 200 ids) at a time, in id
 * order. The repository's search draws on HubSpot's search budget (5 requests per second), so a
 * sweep of 100,000 partners costs 500 searches and takes at least 100 s whatever else runs.
 * `visit` is awaited before the next page is read, so a slow visitor slows the sweep rather than
 * piling up pages in memory; it receives the progress including its page.
 */
export async function sweepPartnerIds(
  repository: Pick<PartnerRepository, 'searchPartnerIds'>,
  visit: (ids: string[], progress: SweepProgress) => Promise<void>,
  options: SweepOptions = {},
): Promise<SweepOutcome> {
  const progress: SweepProgress = { pages: 0, partners: 0, after: options.after };
  for (;;) {
    if (options.shouldStop?.()) return { ...progress, complete: false };
    const page = await repository.searchPartnerIds(progress.after);
    progress.pages += 1;
    if (page.ids.length > 0) {
      progress.partners += page.ids.length;
      progress.after = page.ids.at(-1);
      await visit(page.ids, { ...progress });
    }
    if (page.next === undefined) return { ...progress, complete: true };
  }
}
