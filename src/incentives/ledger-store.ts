import { CompiledQuery, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, LedgerEntriesTable } from '../db/database-schema.js';
import { money } from '../domain/money/money.js';
import type { CalendarDate } from '../domain/types.js';
import type { LedgerBalance, LedgerBucket, LedgerEntry, LedgerEntryKind } from '../domain/incentives/types.js';
import { AppError } from '../errors.js';

/** Who recorded an entry, when a person did (an approval, a payment); null for the product's own accruals. */
export type LedgerActor = Readonly<Record<string, string>> | null;

/** Balances of a set of entries: per bucket and over every bucket. */
export interface LedgerBalances {
  total: LedgerBalance;
  byBucket: Record<LedgerBucket, LedgerBalance>;
}

/** One partner's sums for a quarter's statement; each a sum of rows, read in one query. */
export interface LedgerStatementSums {
  /** Entries that occurred inside the quarter (first and last day included). */
  quarter: LedgerBalances;
  /** From the first day of the program year to the quarter's last day. */
  yearToDate: LedgerBalances;
  /** Every entry up to the quarter's last day. */
  toDate: LedgerBalances;
}

/** The days a statement covers. */
export interface StatementPeriod {
  quarterStart: CalendarDate;
  quarterEnd: CalendarDate;
  yearStart: CalendarDate;
}

export const LEDGER_BUCKETS: readonly LedgerBucket[] = ['spiff', 'rebate', 'bonus', 'mdf'];
const COLUMN = { accrual: 'accrued', clawback: 'accrued', approval: 'approved', payment: 'paid' } as const;

/** The kinds that move a balance: a `claim` row moves none (docs/incentives.md, "On the partner page"). */
const BALANCE_KINDS = Object.keys(COLUMN);

/** Up to this many partners a statement probes the index per partner, bucket and kind (see `statementSumsQuery`). */
export const PROBED_PARTNERS = 20;

/** One (partner, bucket, kind, currency) group of a statement's sums, as PostgreSQL returns it. */
interface StatementSumsRow {
  partner_id: string;
  bucket: string;
  kind: string;
  currency: string;
  to_date: string;
  year_to_date: string | null;
  in_quarter: string | null;
}

/** Rows per insert statement: well under PostgreSQL's 65,535 bound parameters (14 per row). */
const ROWS_PER_INSERT = 1_000;

function toEntry(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  return {
    key: row.entry_key,
    partnerId: row.partner_id,
    kind: row.kind as LedgerEntryKind,
    bucket: row.bucket as LedgerBucket,
    rule: row.rule,
    amount: money(Number(row.amount_minor), row.currency),
    source: { type: row.source_type as LedgerEntry['source']['type'], id: row.source_id },
    reason: row.reason,
    occurredOn: row.occurred_on,
    reverses: row.reverses,
  };
}

function sameFact(a: LedgerEntry, b: LedgerEntry): boolean {
  return a.key === b.key && a.partnerId === b.partnerId && a.kind === b.kind && a.bucket === b.bucket && a.rule === b.rule
    && a.amount.amountMinor === b.amount.amountMinor && a.amount.currency === b.amount.currency
    && a.source.type === b.source.type && a.source.id === b.source.id && a.reason === b.reason
    && a.occurredOn === b.occurredOn && a.reverses === b.reverses;
}

function zeroBalances(currency: string): LedgerBalances {
  const zero = (): LedgerBalance => ({ accrued: money(0, currency), approved: money(0, currency), paid: money(0, currency) });
  return { total: zero(), byBucket: { spiff: zero(), rebate: zero(), bonus: zero(), mdf: zero() } };
}

/** Adds one (bucket, kind) sum into balances, in place. */
function addSum(balances: LedgerBalances, bucket: string, kind: string, amountMinor: number): void {
  const column = COLUMN[kind as LedgerEntryKind];
  const perBucket = balances.byBucket[bucket as LedgerBucket];
  if (column === undefined || perBucket === undefined) {
    throw new AppError('INVALID_INPUT', `ledger holds an entry of unknown kind ${kind} or bucket ${bucket}`);
  }
  for (const balance of [perBucket, balances.total]) {
    balance[column] = money(balance[column].amountMinor + amountMinor, balance[column].currency);
  }
}

/**
 * A SQL sum (numeric text, null over no rows) as minor units: exact, because `money` refuses
 * anything beyond a safe integer instead of rounding it.
 */
function minorUnits(sum: string | null): number {
  return sum === null ? 0 : Number(sum);
}

function checkCurrency(found: string, currency: string): void {
  if (found !== currency) throw new AppError('INVALID_INPUT', `cannot combine ${currency} and ${found} amounts`);
}

/**
 * The incentive and MDF ledger in PostgreSQL (docs/incentives.md, "Ledger"): entries are only
 * appended (the database refuses an update or a delete), and every balance is a SQL sum of rows,
 * never a stored counter, so it always equals `ledgerBalance` over the same rows.
 */
export class LedgerStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Appends entries, idempotently: an entry whose key the portal already holds with the same
   * content is the same fact again and is skipped. Returns the entries that were new.
   *
   * @throws AppError `INVALID_INPUT` when a key is already recorded with other content (a fact is
   *   reversed by a new entry, never rewritten); nothing of the call is then stored.
   */
  async append(portalId: string, entries: readonly LedgerEntry[], options: { actor?: LedgerActor } = {}): Promise<LedgerEntry[]> {
    if (entries.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const inserted = new Set<string>();
      for (let index = 0; index < entries.length; index += ROWS_PER_INSERT) {
        const rows = entries.slice(index, index + ROWS_PER_INSERT).map((entry) => ({
          portal_id: portalId,
          entry_key: entry.key,
          partner_id: entry.partnerId,
          kind: entry.kind,
          bucket: entry.bucket,
          rule: entry.rule,
          amount_minor: entry.amount.amountMinor,
          currency: entry.amount.currency,
          source_type: entry.source.type,
          source_id: entry.source.id,
          reason: entry.reason,
          occurred_on: entry.occurredOn,
          reverses: entry.reverses,
          actor: options.actor ? JSON.stringify(options.actor) : null,
        }));
        const result = await trx.insertInto('ledger_entries').values(rows)
          .onConflict((conflict) => conflict.columns(['portal_id', 'entry_key']).doNothing())
          .returning('entry_key').execute();
        for (const row of result) inserted.add(row.entry_key);
      }
      const skipped = entries.filter((entry) => !inserted.has(entry.key));
      await this.checkSameFacts(trx, portalId, skipped);
      const added = new Set<string>();
      return entries.filter((entry) => inserted.has(entry.key) && !added.has(entry.key) && added.add(entry.key));
    });
  }

  private async checkSameFacts(trx: Transaction<Database>, portalId: string, skipped: readonly LedgerEntry[]): Promise<void> {
    if (skipped.length === 0) return;
    const recorded = new Map<string, LedgerEntry>();
    for (let index = 0; index < skipped.length; index += ROWS_PER_INSERT) {
      const keys = skipped.slice(index, index + ROWS_PER_INSERT).map((entry) => entry.key);
      const rows = await trx.selectFrom('ledger_entries').selectAll().where('portal_id', '=', portalId).where('entry_key', 'in', keys).execute();
      for (const row of rows) recorded.set(row.entry_key, toEntry(row));
    }
    for (const entry of skipped) {
      const existing = recorded.get(entry.key);
      if (existing === undefined || !sameFact(existing, entry)) {
        throw new AppError('INVALID_INPUT', `ledger entry ${entry.key} already exists with other content; append a reversal instead of changing it`);
      }
    }
  }

  /** A partner's entries in the order they happened (then as recorded), optionally within days. */
  async readPartnerEntries(portalId: string, partnerId: string, range: { from?: CalendarDate; to?: CalendarDate } = {}): Promise<LedgerEntry[]> {
    let query = this.db.selectFrom('ledger_entries').selectAll().where('portal_id', '=', portalId).where('partner_id', '=', partnerId);
    if (range.from !== undefined) query = query.where('occurred_on', '>=', range.from);
    if (range.to !== undefined) query = query.where('occurred_on', '<=', range.to);
    const rows = await query.orderBy('occurred_on').orderBy('id').execute();
    return rows.map(toEntry);
  }

  /** Every entry recorded against the given sources (deals, quarters or requests), as recorded. */
  async readSourceEntries(portalId: string, sourceType: LedgerEntry['source']['type'], sourceIds: readonly string[]): Promise<LedgerEntry[]> {
    if (sourceIds.length === 0) return [];
    const entries: LedgerEntry[] = [];
    for (let index = 0; index < sourceIds.length; index += ROWS_PER_INSERT) {
      const rows = await this.db.selectFrom('ledger_entries').selectAll()
        .where('portal_id', '=', portalId).where('source_type', '=', sourceType)
        .where('source_id', 'in', sourceIds.slice(index, index + ROWS_PER_INSERT))
        .orderBy('id').execute();
      entries.push(...rows.map(toEntry));
    }
    return entries;
  }

  /** A partner's balances per bucket and in all, as SQL sums of its rows (up to a day, if given). */
  async balances(portalId: string, partnerId: string, currency: string, until?: CalendarDate): Promise<LedgerBalances> {
    let query = this.db.selectFrom('ledger_entries')
      .select(['bucket', 'kind', 'currency', sql<string>`sum(amount_minor)`.as('total')])
      .where('portal_id', '=', portalId).where('partner_id', '=', partnerId).where('kind', 'in', BALANCE_KINDS);
    if (until !== undefined) query = query.where('occurred_on', '<=', until);
    const rows = await query.groupBy(['bucket', 'kind', 'currency']).execute();
    const balances = zeroBalances(currency);
    for (const row of rows) {
      checkCurrency(row.currency, currency);
      addSum(balances, row.bucket, row.kind, Number(row.total));
    }
    return balances;
  }

  /**
   * The sums a quarterly statement shows for each partner given — in the quarter, in the program
   * year to the quarter's end, and to date — in one query and one round trip, from the
   * (portal, partner, bucket, kind, currency, day) index that carries the amount (migration 16):
   * PostgreSQL answers from the index alone. Sums stay sums of rows (docs/incentives.md,
   * "Ledger"), exact in bigint minor units.
   */
  async statementSums(portalId: string, partnerIds: readonly string[], period: StatementPeriod, currency: string): Promise<Map<string, LedgerStatementSums>> {
    const sums = new Map<string, LedgerStatementSums>(partnerIds.map((id) => [id, { quarter: zeroBalances(currency), yearToDate: zeroBalances(currency), toDate: zeroBalances(currency) }]));
    if (partnerIds.length === 0) return sums;
    const { rows } = await this.statementSumsQuery(portalId, partnerIds, period).execute(this.db);
    for (const row of rows) {
      checkCurrency(row.currency, currency);
      const partner = sums.get(row.partner_id)!;
      addSum(partner.toDate, row.bucket, row.kind, minorUnits(row.to_date));
      addSum(partner.yearToDate, row.bucket, row.kind, minorUnits(row.year_to_date));
      addSum(partner.quarter, row.bucket, row.kind, minorUnits(row.in_quarter));
    }
    return sums;
  }

  /**
   * PostgreSQL's plan for {@link statementSums}, run with `explain (analyze, buffers)`: how the
   * benchmark shows where a statement's time goes (index-only scan, pages read, heap fetches).
   */
  async explainStatementSums(portalId: string, partnerIds: readonly string[], period: StatementPeriod): Promise<string[]> {
    const compiled = this.statementSumsQuery(portalId, partnerIds, period).compile(this.db);
    const result = await this.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]));
    return result.rows.map((row) => row['QUERY PLAN']);
  }

  /**
   * For a few partners (a page, the command), one index probe per partner, bucket and balance
   * kind: each probe reads only that group's rows up to the quarter's end, so no row is filtered
   * or hashed, and the planner cannot prefer a table scan when one partner holds most of the
   * ledger. For many partners (a batch), one grouped scan of their rows.
   */
  private statementSumsQuery(portalId: string, partnerIds: readonly string[], period: StatementPeriod) {
    const sums = sql`sum(e.amount_minor) as to_date,
      sum(e.amount_minor) filter (where e.occurred_on >= ${period.yearStart}::date) as year_to_date,
      sum(e.amount_minor) filter (where e.occurred_on >= ${period.quarterStart}::date) as in_quarter`;
    if (partnerIds.length <= PROBED_PARTNERS) {
      return sql<StatementSumsRow>`select p.partner_id, b.bucket, k.kind, s.currency, s.to_date, s.year_to_date, s.in_quarter
        from unnest(${[...partnerIds]}::text[]) as p(partner_id)
        cross join unnest(${[...LEDGER_BUCKETS]}::text[]) as b(bucket)
        cross join unnest(${BALANCE_KINDS}::text[]) as k(kind)
        cross join lateral (
          select e.currency, ${sums} from ledger_entries e
          where e.portal_id = ${portalId} and e.partner_id = p.partner_id and e.bucket = b.bucket and e.kind = k.kind
            and e.occurred_on <= ${period.quarterEnd}::date
          group by e.currency
        ) as s`;
    }
    return sql<StatementSumsRow>`select e.partner_id, e.bucket, e.kind, e.currency, ${sums}
      from ledger_entries e
      where e.portal_id = ${portalId} and e.partner_id = any(${[...partnerIds]}::text[]) and e.kind = any(${BALANCE_KINDS}::text[])
        and e.occurred_on <= ${period.quarterEnd}::date
      group by e.partner_id, e.bucket, e.kind, e.currency`;
  }

  /** Partners with at least one entry, for batch write-backs. */
  async listPartners(portalId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('ledger_entries').select('partner_id').distinct().where('portal_id', '=', portalId).orderBy('partner_id').execute();
    return rows.map((row) => row.partner_id);
  }
}
