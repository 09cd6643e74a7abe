import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { CustomerCompany, CustomerDeal, ExistingRegistration } from '../domain/registrations/types.js';
import type { IndexedCompany, IndexedDealRecord } from './indexed-records.js';

/** What the conflict check reads about one customer. */
export interface CustomerRecords {
  registrations: ExistingRegistration[];
  deals: CustomerDeal[];
  companies: CustomerCompany[];
}

/** Rows per insert statement: well under PostgreSQL's 65,535 bound parameters. */
const ROWS_PER_INSERT = 1_000;

/** Runs `work` in a transaction, or in the caller's when the store was given one. */
function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/**
 * The conflict-check index in PostgreSQL (docs/data.md, "Conflict-check index"): customer companies
 * by registrable domain and normalised name, open and won deals by company, and registrations.
 * Kept up to date from webhooks and repaired nightly by `ConflictIndexUpdater`; read by the
 * conflict check, which makes no HubSpot call.
 */
export class ConflictIndexStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Whether the index holds anything for the portal (an empty one is repaired at the first start). */
  async isEmpty(portalId: string): Promise<boolean> {
    const [company, deal] = await Promise.all([
      this.db.selectFrom('index_companies').select('company_id').where('portal_id', '=', portalId).limit(1).executeTakeFirst(),
      this.db.selectFrom('index_deals').select('deal_id').where('portal_id', '=', portalId).limit(1).executeTakeFirst(),
    ]);
    return company === undefined && deal === undefined;
  }

  /** Inserts or replaces customer companies. */
  async upsertCompanies(portalId: string, companies: readonly IndexedCompany[], at: Date): Promise<void> {
    for (const rows of chunk(companies, ROWS_PER_INSERT)) {
      await this.db
        .insertInto('index_companies')
        .values(rows.map((company) => ({
          portal_id: portalId,
          company_id: company.companyId,
          name: company.name,
          normalised_name: company.normalisedName,
          domain: company.domain,
          indexed_at: at,
        })))
        .onConflict((conflict) => conflict.columns(['portal_id', 'company_id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          normalised_name: eb.ref('excluded.normalised_name'),
          domain: eb.ref('excluded.domain'),
          indexed_at: eb.ref('excluded.indexed_at'),
        })))
        .execute();
    }
  }

  /** Forgets companies (deleted in HubSpot, or now partners). */
  async removeCompanies(portalId: string, companyIds: readonly string[]): Promise<void> {
    if (companyIds.length === 0) return;
    await this.db.deleteFrom('index_companies').where('portal_id', '=', portalId).where('company_id', 'in', [...companyIds]).execute();
  }

  /** Replaces everything the index holds about these deals with what they are now, in one transaction. */
  async replaceDeals(portalId: string, records: readonly IndexedDealRecord[], at: Date): Promise<void> {
    if (records.length === 0) return;
    await inTransaction(this.db, async (trx) => {
      const dealIds = records.map((record) => record.dealId);
      for (const ids of chunk(dealIds, ROWS_PER_INSERT)) {
        await trx.deleteFrom('index_deals').where('portal_id', '=', portalId).where('deal_id', 'in', ids).execute();
        await trx.deleteFrom('index_registrations').where('portal_id', '=', portalId).where('deal_id', 'in', ids).execute();
      }
      const deals = records.flatMap((record) => record.deals);
      for (const rows of chunk(deals, ROWS_PER_INSERT)) {
        await trx.insertInto('index_deals').values(rows.map((deal) => ({
          portal_id: portalId,
          deal_id: deal.dealId,
          company_id: deal.companyId,
          is_registration: deal.isRegistration,
          state: deal.state,
          closed_on: deal.closedOn,
          indexed_at: at,
        }))).execute();
      }
      const registrations = records.flatMap((record) => (record.registration ? [record.registration] : []));
      for (const rows of chunk(registrations, ROWS_PER_INSERT)) {
        await trx.insertInto('index_registrations').values(rows.map((registration) => ({
          portal_id: portalId,
          deal_id: registration.dealId,
          partner_id: registration.partnerId,
          company_id: registration.companyId,
          status: registration.status,
          submitted_at: registration.submittedAt,
          expires_on: registration.expiresOn,
          decided_at: registration.decidedAt,
          indexed_at: at,
        }))).execute();
      }
    });
  }

  /** Ids of the open deals on these companies that carry no registration (direct deals). */
  async openDirectDeals(portalId: string, companyIds: readonly string[]): Promise<string[]> {
    if (companyIds.length === 0) return [];
    const rows = await this.db.selectFrom('index_deals').select('deal_id').distinct()
      .where('portal_id', '=', portalId).where('company_id', 'in', [...companyIds])
      .where('is_registration', '=', false).where('state', '=', 'open')
      .orderBy('deal_id').execute();
    return rows.map((row) => row.deal_id);
  }

  /** Forgets deals (deleted in HubSpot) and the registrations they carried. */
  async removeDeals(portalId: string, dealIds: readonly string[]): Promise<void> {
    await this.replaceDeals(portalId, dealIds.map((dealId) => ({ dealId, deals: [], registration: null })), new Date(0));
  }

  /** Removes what a repair pass that started at `since` did not see again: records HubSpot no longer has. */
  async removeNotSeenSince(portalId: string, what: 'companies' | 'deals', since: Date): Promise<number> {
    if (what === 'companies') {
      const result = await this.db.deleteFrom('index_companies').where('portal_id', '=', portalId).where('indexed_at', '<', since).executeTakeFirst();
      return Number(result.numDeletedRows);
    }
    return inTransaction(this.db, async (trx) => {
      const deals = await trx.deleteFrom('index_deals').where('portal_id', '=', portalId).where('indexed_at', '<', since).executeTakeFirst();
      const registrations = await trx.deleteFrom('index_registrations').where('portal_id', '=', portalId).where('indexed_at', '<', since).executeTakeFirst();
      return Number(deals.numDeletedRows) + Number(registrations.numDeletedRows);
    });
  }

  /**
   * Everything the conflict check needs about a customer: live registrations (pending or approved)
   * and deals on companies with that registrable domain, and the companies with that domain or
   * that normalised name. Three indexed reads, run together.
   */
  async readCustomer(portalId: string, domain: string | null, normalisedName: string | null): Promise<CustomerRecords> {
    const registrations = domain === null ? Promise.resolve([]) : this.db
      .selectFrom('index_registrations as r')
      .innerJoin('index_companies as c', (join) => join.onRef('c.portal_id', '=', 'r.portal_id').onRef('c.company_id', '=', 'r.company_id'))
      .where('r.portal_id', '=', portalId)
      .where('c.domain', '=', domain)
      .where('r.status', 'in', ['submitted', 'approved'])
      .select(['r.deal_id', 'r.partner_id', 'r.status', 'r.submitted_at', 'r.expires_on', 'c.domain', 'c.normalised_name'])
      .execute();
    const deals = domain === null ? Promise.resolve([]) : this.db
      .selectFrom('index_deals as d')
      .innerJoin('index_companies as c', (join) => join.onRef('c.portal_id', '=', 'd.portal_id').onRef('c.company_id', '=', 'd.company_id'))
      .where('d.portal_id', '=', portalId)
      .where('c.domain', '=', domain)
      .select(['d.deal_id', 'd.is_registration', 'd.state', 'd.closed_on', 'c.domain'])
      .execute();
    const companies = domain === null && normalisedName === null ? Promise.resolve([]) : this.db
      .selectFrom('index_companies')
      .where('portal_id', '=', portalId)
      .where((eb) => eb.or([
        ...(domain === null ? [] : [eb('domain', '=', domain)]),
        ...(normalisedName === null ? [] : [eb('normalised_name', '=', normalisedName)]),
      ]))
      .select(['company_id', 'name', 'domain'])
      .execute();
    const [registrationRows, dealRows, companyRows] = await Promise.all([registrations, deals, companies]);
    return {
      registrations: registrationRows.map((row) => ({
        registrationId: row.deal_id,
        partnerId: row.partner_id,
        status: row.status,
        customerDomain: row.domain,
        customerName: row.normalised_name,
        submittedAt: row.submitted_at?.getTime() ?? 0,
        expiresOn: row.expires_on,
      })),
      deals: dealRows.map((row) => ({
        dealId: row.deal_id,
        isRegistration: row.is_registration,
        state: row.state,
        closedOn: row.closed_on,
        customerDomain: row.domain,
      })),
      companies: companyRows.map((row) => ({ companyId: row.company_id, name: row.name, domain: row.domain })),
    };
  }
}
