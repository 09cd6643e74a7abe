import type { Kysely, Selectable } from 'kysely';
import type { Database, DealFactsTable } from '../db/database-schema.js';
import type { DealFact } from '../domain/governance/deal-fact.js';

/** Partners per query: one `in` list a page of the partner listing fits in. */
const PARTNERS_PER_QUERY = 500;

function factOf(row: Pick<Selectable<DealFactsTable>, 'deal_id' | 'partner_company_id' | 'customer_company_id' | 'amount_in_home_currency' | 'amount' | 'is_closed' | 'is_won' | 'closed_at' | 'strategic'>): DealFact {
  return {
    dealId: row.deal_id,
    partnerCompanyId: row.partner_company_id,
    customerCompanyId: row.customer_company_id,
    amountInHomeCurrency: row.amount_in_home_currency === null ? null : Number(row.amount_in_home_currency),
    amount: row.amount === null ? null : Number(row.amount),
    isClosed: row.is_closed,
    isWon: row.is_won,
    closedAt: row.closed_at === null ? null : row.closed_at.getTime(),
    strategic: row.strategic,
  };
}

/** The deals of many partners, and every win on their customers (to tell each customer's first win). */
export interface PartnersDealFacts {
  /** Partner company id → the deals it sourced (`pe_partner_company_id`), in deal id order. */
  byPartner: Map<string, DealFact[]>;
  /** Every won deal on the customers of those deals, whoever sourced it. */
  customerWins: DealFact[];
}

/**
 * Reads the mirrored deal facts (docs/data.md, "Deal facts") of a page of partners in two
 * queries per 500 partners, instead of two per partner: what a quarter close reads for a page of
 * the partner listing. The deals are as mirrored now (docs/governance.md, "Quarter close").
 */
export async function readDealFactsOfPartners(db: Kysely<Database>, portalId: string, partnerIds: readonly string[]): Promise<PartnersDealFacts> {
  const byPartner = new Map<string, DealFact[]>(partnerIds.map((id) => [id, []]));
  const customers = new Set<string>();
  const columns = ['deal_id', 'partner_company_id', 'customer_company_id', 'amount_in_home_currency', 'amount', 'is_closed', 'is_won', 'closed_at', 'strategic'] as const;
  for (let index = 0; index < partnerIds.length; index += PARTNERS_PER_QUERY) {
    const rows = await db.selectFrom('deal_facts').select(columns)
      .where('portal_id', '=', portalId).where('partner_company_id', 'in', partnerIds.slice(index, index + PARTNERS_PER_QUERY))
      .orderBy('deal_id').execute();
    for (const row of rows) {
      const fact = factOf(row);
      byPartner.get(row.partner_company_id!)?.push(fact);
      if (fact.customerCompanyId !== null && fact.isWon) customers.add(fact.customerCompanyId);
    }
  }
  const customerWins: DealFact[] = [];
  const customerIds = [...customers];
  for (let index = 0; index < customerIds.length; index += PARTNERS_PER_QUERY * 2) {
    const rows = await db.selectFrom('deal_facts').select(columns)
      .where('portal_id', '=', portalId).where('is_won', '=', true)
      .where('customer_company_id', 'in', customerIds.slice(index, index + PARTNERS_PER_QUERY * 2)).execute();
    customerWins.push(...rows.map(factOf));
  }
  return { byPartner, customerWins };
}
