import type { Logger } from 'pino';
import type { DealWithCompanies } from '../hubspot/customer-index-reader.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { DealFactsStore, MirroredDealFact } from './deal-facts-store.js';
import { mirroredDealFactOf } from './mirrored-deal-fact-of.js';

export interface DealFactsMirrorOptions {
  store: DealFactsStore;
  portalId: string;
  /** The portal's company currency (ISO 4217): what `amount_in_home_currency` is in. */
  companyCurrency: string;
  /** Where a changed deal's partners are queued for recalculation; none: nothing is queued. */
  recalculation?: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  /**
   * The incentive ledger: the SPIFFs of a changed deal accrue, or are clawed back, from its new
   * facts (docs/incentives.md, "Accruals from deals"). None: no incentives are kept.
   */
  incentives?: DealIncentives;
  logger?: Logger;
}

/** What the mirror asks of the incentive ledger (idempotent: the same facts record nothing twice). */
export interface DealIncentives {
  accrueDealIncentives(portalId: string, dealIds: readonly string[]): Promise<unknown>;
  /** Won partner-sourced deals with no SPIFF row yet: what a crash between the mirror and the ledger left. */
  dealsMissingAccruals(portalId: string): Promise<string[]>;
}

const COMPARED: ReadonlyArray<keyof MirroredDealFact> = [
  'partnerCompanyId', 'customerCompanyId', 'amountInHomeCurrency', 'amount', 'isClosed', 'isWon', 'closedAt', 'strategic', 'currency', 'productLine', 'pipelineId',
];

function sameFact(a: MirroredDealFact, b: MirroredDealFact): boolean {
  return COMPARED.every((key) => a[key] === b[key]);
}

/**
 * Keeps `deal_facts` (docs/data.md, "Deal facts") from the deals the conflict-check index reads
 * anyway, so the mirror costs no HubSpot call of its own. A deal that changed re-evaluates its
 * partner, and its former partner when `pe_partner_company_id` moved (docs/governance.md,
 * "Partner-sourced deals"); a deal read again unchanged queues nothing.
 */
export class DealFactsMirror {
  constructor(private readonly options: DealFactsMirrorOptions) {}

  /** Replaces the rows of the deals read and removes the deals gone; resolves with the partners queued. */
  async apply(deals: readonly DealWithCompanies[], goneDealIds: readonly string[], at: Date): Promise<string[]> {
    const { store, portalId } = this.options;
    const facts = deals.map((deal) => this.factOf(deal));
    const before = new Map((await store.readDeals(portalId, [...facts.map((fact) => fact.dealId), ...goneDealIds])).map((fact) => [fact.dealId, fact]));
    const partners = new Set<string>();
    const changed = facts.filter((fact) => {
      const previous = before.get(fact.dealId);
      if (previous && sameFact(previous, fact)) return false;
      if (fact.partnerCompanyId) partners.add(fact.partnerCompanyId);
      if (previous?.partnerCompanyId) partners.add(previous.partnerCompanyId);
      return true;
    });
    const gone = goneDealIds.filter((id) => before.has(id));
    for (const id of gone) {
      const partner = before.get(id)!.partnerCompanyId;
      if (partner) partners.add(partner);
    }
    await store.upsert(portalId, changed, at);
    await store.remove(portalId, gone);
    if (changed.length > 0) await this.options.incentives?.accrueDealIncentives(portalId, changed.map((fact) => fact.dealId));
    if (partners.size > 0) await this.options.recalculation?.enqueueCompanies(portalId, partners);
    return [...partners];
  }

  /** After a repair saw `seen`: removes the other mirrored deals (HubSpot no longer has them). */
  async removeNotSeen(seen: ReadonlySet<string>, at: Date): Promise<number> {
    const { store, portalId } = this.options;
    const gone = (await store.listDealIds(portalId)).filter((id) => !seen.has(id));
    await this.apply([], gone, at);
    // A worker killed between a deal's row and its SPIFFs left the deal mirrored and unaccrued:
    // the repair finds those and accrues them (the ledger's keys keep it to once).
    const { incentives } = this.options;
    if (incentives) {
      const missing = await incentives.dealsMissingAccruals(portalId);
      if (missing.length > 0) await incentives.accrueDealIncentives(portalId, missing);
    }
    return gone.length;
  }

  private factOf(deal: DealWithCompanies): MirroredDealFact {
    const { fact, warnings } = mirroredDealFactOf(deal, this.options.companyCurrency);
    if (warnings.length > 0) this.options.logger?.warn({ portalId: this.options.portalId, dealId: deal.id, warnings }, 'odd deal values mirrored as unknown');
    return fact;
  }
}
