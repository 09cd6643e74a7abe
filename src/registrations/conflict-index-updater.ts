import type { Logger } from 'pino';
import type { DealFactsMirror } from '../governance/deal-facts-mirror.js';
import type { CustomerIndexReader } from '../hubspot/customer-index-reader.js';
import { companyIndexEntry } from './company-index-entry.js';
import type { ConflictIndexStore } from './conflict-index-store.js';
import { dealIndexEntry } from './deal-index-entry.js';
import type { DirectDealGuard } from './direct-deal-guard.js';
import type { IndexEvent } from './index-event.js';
import type { IndexedCompany } from './indexed-records.js';

export interface ConflictIndexUpdaterOptions {
  store: ConflictIndexStore;
  reader: CustomerIndexReader;
  portalId: string;
  /** `registrations.conflict.extraFreeMailDomains` of the program. */
  extraFreeMailDomains?: readonly string[];
  /** The direct-deal guard, given the deals created or newly associated once the index has them. */
  guard?: Pick<DirectDealGuard, 'guard'>;
  /** Fed in the same pass from the same reads (docs/data.md, "Deal facts"); none: not kept. */
  dealFacts?: DealFactsMirror;
  now?: () => number;
  logger?: Logger;
}

/** What an update or a repair did. */
export interface IndexUpdateResult {
  companiesIndexed: number;
  dealsIndexed: number;
  removed: number;
  /** Direct deals the guard marked (updates from events only). */
  guarded?: number;
}

/**
 * Keeps the conflict-check index up to date. From webhook events: the companies and deals named are
 * read again with batch reads (100 per request, never a search per event) and replaced in the
 * index; deletions are forgotten without a read. The repair pass, for the nightly reconciliation,
 * pages through every company and deal with the search API (within its budget), upserts them and
 * removes what it did not see again. The deal-facts mirror, when given, follows the same reads.
 */
export class ConflictIndexUpdater {
  private readonly now: () => number;

  constructor(private readonly options: ConflictIndexUpdaterOptions) {
    this.now = options.now ?? Date.now;
  }

  async apply(events: readonly IndexEvent[]): Promise<IndexUpdateResult> {
    const { store, reader, portalId } = this.options;
    const at = new Date(this.now());
    const latest = new Map<string, IndexEvent>();
    // A record's last event decides: deleted, or to be read again.
    for (const event of events) latest.set(`${event.object}:${event.objectId}`, event);
    const pick = (object: IndexEvent['object'], deleted: boolean) =>
      [...latest.values()].filter((event) => event.object === object && event.deleted === deleted).map((event) => event.objectId);

    const [goneCompanies, goneDeals] = [pick('company', true), pick('deal', true)];
    await store.removeCompanies(portalId, goneCompanies);
    await store.removeDeals(portalId, goneDeals);

    const companyIds = pick('company', false);
    const companies = companyIds.length === 0 ? [] : await reader.readCompanies(companyIds);
    const customers = this.customers(companies);
    const kept = new Set(customers.map((company) => company.companyId));
    await store.upsertCompanies(portalId, customers, at);
    const notCustomers = companyIds.filter((id) => !kept.has(id));
    await store.removeCompanies(portalId, notCustomers);

    const dealIds = pick('deal', false);
    const deals = dealIds.length === 0 ? [] : await reader.readDeals(dealIds);
    await store.replaceDeals(portalId, deals.map(dealIndexEntry), at);
    const found = new Set(deals.map((deal) => deal.id));
    const missingDeals = dealIds.filter((id) => !found.has(id));
    await store.removeDeals(portalId, missingDeals);
    await this.options.dealFacts?.apply(deals, [...goneDeals, ...missingDeals], at);

    // Guarded after the index holds the deals and companies, from the same read.
    const toGuard = new Set(events.filter((event) => event.object === 'deal' && event.guard === true).map((event) => event.objectId));
    const guarded = this.options.guard && toGuard.size > 0
      ? (await this.options.guard.guard(deals.filter((deal) => toGuard.has(deal.id)))).marked.length
      : 0;

    return {
      companiesIndexed: customers.length,
      dealsIndexed: deals.length,
      removed: goneCompanies.length + goneDeals.length + notCustomers.length + missingDeals.length,
      ...(this.options.guard ? { guarded } : {}),
    };
  }

  /** Pages through every company and deal (search API), upserts them, and removes the ones HubSpot no longer has. */
  async repair(): Promise<IndexUpdateResult> {
    const { store, reader, portalId, logger } = this.options;
    const since = new Date(this.now());
    const result: IndexUpdateResult = { companiesIndexed: 0, dealsIndexed: 0, removed: 0 };
    let after: string | undefined;
    do {
      const page = await reader.searchCompanies(after);
      const customers = this.customers(page.records);
      await store.upsertCompanies(portalId, customers, new Date(Math.max(this.now(), since.getTime())));
      result.companiesIndexed += customers.length;
      after = page.next;
    } while (after !== undefined);
    const seenDeals = new Set<string>();
    do {
      const page = await reader.searchDeals(after);
      const at = new Date(Math.max(this.now(), since.getTime()));
      await store.replaceDeals(portalId, page.records.map(dealIndexEntry), at);
      await this.options.dealFacts?.apply(page.records, [], at);
      for (const deal of page.records) seenDeals.add(deal.id);
      result.dealsIndexed += page.records.length;
      after = page.next;
    } while (after !== undefined);
    // Partners are never upserted, so a company that became a partner is removed here too.
    result.removed += await store.removeNotSeenSince(portalId, 'companies', since);
    result.removed += await store.removeNotSeenSince(portalId, 'deals', since);
    await this.options.dealFacts?.removeNotSeen(seenDeals, new Date(this.now()));
    logger?.info({ portalId, ...result }, 'conflict-check index repaired');
    return result;
  }

  private customers(records: Parameters<typeof companyIndexEntry>[0][]): IndexedCompany[] {
    return records.flatMap((record) => {
      const entry = companyIndexEntry(record, this.options.extraFreeMailDomains);
      return entry ? [entry] : [];
    });
  }
}
