import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DealFactsTable } from '../db/database-schema.js';
import type { DealFact } from '../domain/governance/deal-fact.js';

/** A deal fact as mirrored: what the rules read, plus what incentives and the index need beside it. */
export interface MirroredDealFact extends DealFact {
  /** `deal_currency_code`; null means the portal's company currency. */
  currency: string | null;
  /** `pe_product_line`. */
  productLine: string | null;
  /** `pipeline`. */
  pipelineId: string | null;
}

/** Rows per insert statement: well under PostgreSQL's 65,535 bound parameters (14 per row). */
const ROWS_PER_INSERT = 1_000;

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}

function toFact(row: Selectable<DealFactsTable>): MirroredDealFact {
  return {
    dealId: row.deal_id,
    partnerCompanyId: row.partner_company_id,
    customerCompanyId: row.customer_company_id,
    amountInHomeCurrency: toNumber(row.amount_in_home_currency),
    amount: toNumber(row.amount),
    isClosed: row.is_closed,
    isWon: row.is_won,
    closedAt: row.closed_at === null ? null : row.closed_at.getTime(),
    strategic: row.strategic,
    currency: row.currency,
    productLine: row.product_line,
    pipelineId: row.pipeline_id,
  };
}

/**
 * Every deal of the portal as governance and incentives read it (docs/data.md, "Deal facts"), so
 * a partner's revenue, logos, pipeline and win rate cost no HubSpot call at evaluation time.
 */
export class DealFactsStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts or replaces deals as HubSpot has them now. */
  async upsert(portalId: string, facts: readonly MirroredDealFact[], now: Date = new Date()): Promise<void> {
    for (let index = 0; index < facts.length; index += ROWS_PER_INSERT) {
      const rows = facts.slice(index, index + ROWS_PER_INSERT).map((fact) => ({
        portal_id: portalId,
        deal_id: fact.dealId,
        partner_company_id: fact.partnerCompanyId,
        customer_company_id: fact.customerCompanyId,
        amount_in_home_currency: fact.amountInHomeCurrency,
        amount: fact.amount,
        currency: fact.currency,
        is_closed: fact.isClosed,
        is_won: fact.isWon,
        closed_at: fact.closedAt === null ? null : new Date(fact.closedAt),
        strategic: fact.strategic,
        product_line: fact.productLine,
        pipeline_id: fact.pipelineId,
        mirrored_at: now,
      }));
      await this.db.insertInto('deal_facts').values(rows).onConflict((conflict) => conflict.columns(['portal_id', 'deal_id']).doUpdateSet((excluded) => ({
        partner_company_id: excluded.ref('excluded.partner_company_id'),
        customer_company_id: excluded.ref('excluded.customer_company_id'),
        amount_in_home_currency: excluded.ref('excluded.amount_in_home_currency'),
        amount: excluded.ref('excluded.amount'),
        currency: excluded.ref('excluded.currency'),
        is_closed: excluded.ref('excluded.is_closed'),
        is_won: excluded.ref('excluded.is_won'),
        closed_at: excluded.ref('excluded.closed_at'),
        strategic: excluded.ref('excluded.strategic'),
        product_line: excluded.ref('excluded.product_line'),
        pipeline_id: excluded.ref('excluded.pipeline_id'),
        mirrored_at: excluded.ref('excluded.mirrored_at'),
      }))).execute();
    }
  }

  /** Forgets deals HubSpot no longer has (deleted or merged away). */
  async remove(portalId: string, dealIds: readonly string[]): Promise<void> {
    if (dealIds.length === 0) return;
    await this.db.deleteFrom('deal_facts').where('portal_id', '=', portalId).where('deal_id', 'in', [...dealIds]).execute();
  }

  /** The deals a partner sourced (`pe_partner_company_id`), in deal id order. */
  async readPartnerDeals(portalId: string, partnerCompanyId: string): Promise<MirroredDealFact[]> {
    const rows = await this.db.selectFrom('deal_facts').selectAll()
      .where('portal_id', '=', portalId).where('partner_company_id', '=', partnerCompanyId)
      .orderBy('deal_id').execute();
    return rows.map(toFact);
  }

  /**
   * The deals each of the given partners sourced, in one query: partner id → its deals in no
   * particular order (the rules read a partner's deals as a set: docs/governance.md,
   * "Partner-sourced deals"; sorting a load's rows by deal id cost the database a quarter of the
   * query), with only what the rules read, the close instant as epoch milliseconds (turning
   * thousands of timestamps into Date objects and back costs more than the query itself). With
   * `closedSince`, closed deals that closed before it are left out (open deals never are).
   *
   * `firstWins` maps a customer to its first win by anyone (earliest close, then the lowest deal
   * id) for every returned won deal that is that first win: what new logos need, since the rules
   * only ask whether a partner's own win is its customer's first. The check is an index probe per
   * won deal in the same statement, not a second read of every win of the customers.
   */
  async readDealsOfPartners(
    portalId: string,
    partnerCompanyIds: readonly string[],
    closedSince?: Date,
  ): Promise<{ dealsByPartner: Map<string, DealFact[]>; firstWins: Map<string, string> }> {
    const dealsByPartner = new Map<string, DealFact[]>(partnerCompanyIds.map((id) => [id, []]));
    const firstWins = new Map<string, string>();
    if (partnerCompanyIds.length === 0) return { dealsByPartner, firstWins };
    // One array parameter, not one per id: a load of 1,000 partners is one short statement.
    const partners = sql<boolean>`d.partner_company_id = any(${[...new Set(partnerCompanyIds)]}::text[])`;
    const condition = closedSince ? sql<boolean>`${partners} and ((not d.is_closed and not d.is_won) or d.closed_at >= ${closedSince})` : partners;
    // An earlier win on the customer (`is_won` written as is so the planner uses the partial
    // index of wins by customer); deal ids are digits, so (length, text) orders them as numbers.
    const earlierWin = sql<boolean>`exists (select 1 from deal_facts w where w.portal_id = d.portal_id and w.is_won
      and w.customer_company_id = d.customer_company_id
      and (w.closed_at < d.closed_at or (w.closed_at = d.closed_at and (length(w.deal_id), w.deal_id) < (length(d.deal_id), d.deal_id))))`;
    const rows = await this.db.selectFrom('deal_facts as d')
      .select(['d.deal_id', 'd.partner_company_id', 'd.customer_company_id', 'd.amount_in_home_currency', 'd.amount', 'd.is_closed', 'd.is_won', 'd.strategic'])
      .select(sql<string | null>`(extract(epoch from d.closed_at) * 1000)::bigint::text`.as('closed_ms'))
      .select(sql<boolean>`d.is_won and d.closed_at is not null and d.customer_company_id is not null and not ${earlierWin}`.as('first_win'))
      .where('d.portal_id', '=', portalId).where(condition)
      .execute();
    for (const row of rows) {
      dealsByPartner.get(row.partner_company_id!)?.push({
        dealId: row.deal_id,
        partnerCompanyId: row.partner_company_id,
        customerCompanyId: row.customer_company_id,
        amountInHomeCurrency: toNumber(row.amount_in_home_currency),
        amount: toNumber(row.amount),
        isClosed: row.is_closed,
        isWon: row.is_won,
        closedAt: toNumber(row.closed_ms),
        strategic: row.strategic,
      });
      if (row.first_win) firstWins.set(row.customer_company_id!, row.deal_id);
    }
    return { dealsByPartner, firstWins };
  }

  /**
   * Every won deal on the given customers, so the caller can tell which win was each customer's
   * first (by anyone): what a new logo needs.
   */
  async readWinsOfCustomers(portalId: string, customerCompanyIds: readonly string[]): Promise<MirroredDealFact[]> {
    if (customerCompanyIds.length === 0) return [];
    const rows = await this.db.selectFrom('deal_facts').selectAll()
      // `is_won` written as is so the planner can use the partial index of wins by customer.
      .where('portal_id', '=', portalId).where(sql<boolean>`is_won`)
      .where(sql<boolean>`customer_company_id = any(${[...new Set(customerCompanyIds)]}::text[])`)
      .orderBy('deal_id').execute();
    return rows.map(toFact);
  }

  /** The mirrored rows of the given deals (those the mirror has), for a change to be compared with. */
  async readDeals(portalId: string, dealIds: readonly string[]): Promise<MirroredDealFact[]> {
    if (dealIds.length === 0) return [];
    const rows = await this.db.selectFrom('deal_facts').selectAll()
      .where('portal_id', '=', portalId).where('deal_id', 'in', [...dealIds])
      .orderBy('deal_id').execute();
    return rows.map(toFact);
  }

  /** Deal ids mirrored for the portal, for the nightly repair to find deals HubSpot no longer has. */
  async listDealIds(portalId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('deal_facts').select('deal_id').where('portal_id', '=', portalId).execute();
    return rows.map((row) => row.deal_id);
  }
}
