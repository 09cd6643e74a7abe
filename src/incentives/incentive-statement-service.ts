import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/database-schema.js';
import { addDays } from '../domain/calendar-date.js';
import { parseQuarterLabel } from '../domain/governance/parse-quarter-label.js';
import { quarterContaining } from '../domain/governance/quarter-containing.js';
import type { Quarter } from '../domain/governance/types.js';
import { computeQuarterlyRebate } from '../domain/incentives/compute-quarterly-rebate.js';
import { officialTierOf } from '../domain/incentives/official-tier-of.js';
import { programYear } from '../domain/incentives/program-year.js';
import { money } from '../domain/money/money.js';
import type { CalendarDate } from '../domain/types.js';
import type { IncentiveOutputWriter } from '../hubspot/incentive-output-writer.js';
import type { WriteResult } from '../hubspot/partner-repository.js';
import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import { incentiveCompanyOutputs } from './incentive-company-outputs.js';
import type { LedgerStore } from './ledger-store.js';
import { buildPartnerStatement, type PartnerStatement } from './partner-statement.js';

/** Options of {@link IncentiveStatementService}. */
export interface IncentiveStatementOptions {
  program: Pick<Program, 'incentives' | 'mdf' | 'governance'>;
  /** The portal's company currency. */
  currency: string;
  /** The portal's time zone: a deal's day is its close date there. */
  timeZone: string;
}

function isTier(value: string): value is TierOrNone {
  return value === 'none' || (TIER_IDS as readonly string[]).includes(value);
}

/**
 * A quarter's tier for MDF (docs/incentives.md, "Statements"): the tier the latest quarter close up
 * to the quarter left; with no close for the partner (instant governance, or before the first
 * close) its current official tier `pe_tier`, so the statement and the partner page agree.
 */
function statementTier(closed: TierOrNone | undefined, current: TierOrNone | undefined): TierOrNone {
  return closed ?? current ?? 'none';
}

/**
 * Partners' quarterly statements and the incentive outputs of their companies (docs/incentives.md,
 * "Statements"), from the ledger's sums and the official tier of the latest closed quarter.
 */
export class IncentiveStatementService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ledger: LedgerStore,
    private readonly options: IncentiveStatementOptions,
  ) {}

  /** The quarter a `YYYYQn` label names in the program's fiscal calendar. */
  quarter(label: string): Quarter {
    return parseQuarterLabel(label, this.options.program.governance.fiscalYearStartMonth);
  }

  /**
   * Each partner's statement for the quarter, in one ledger query and one tier query. `tiers`
   * replaces the tier query; `currentTiers` is each partner's current official tier (`pe_tier`),
   * which a caller that has the companies loaded passes (a promise keeps its read running alongside
   * the queries): a partner with no quarter close yet gets it (see {@link statementTier}).
   */
  async statements(
    portalId: string,
    partnerIds: readonly string[],
    quarter: Quarter,
    options: { tiers?: ReadonlyMap<string, TierOrNone>; currentTiers?: ReadonlyMap<string, TierOrNone> | Promise<ReadonlyMap<string, TierOrNone>> } = {},
  ): Promise<Map<string, PartnerStatement>> {
    const { currency, program } = this.options;
    const yearStart = programYear(quarter.firstDay, program.governance.fiscalYearStartMonth).firstDay;
    const [sums, official, current] = await Promise.all([
      this.ledger.statementSums(portalId, partnerIds, { quarterStart: quarter.firstDay, quarterEnd: quarter.lastDay, yearStart }, currency),
      options.tiers ? Promise.resolve(options.tiers) : this.officialTiers(portalId, partnerIds, quarter),
      options.currentTiers ?? new Map<string, TierOrNone>(),
    ]);
    return new Map(partnerIds.map((partnerId) => [partnerId, buildPartnerStatement({
      partnerId, quarter, currency, sums: sums.get(partnerId)!, tier: statementTier(official.get(partnerId), current.get(partnerId)), mdf: program.mdf,
    })]));
  }

  /**
   * The official tier each partner held in the quarter: the tier its latest quarter close up to
   * this one left it with (docs/governance.md, "Quarter close"); partners with no close up to the
   * quarter are absent.
   */
  async officialTiers(portalId: string, partnerIds: readonly string[], quarter: Quarter): Promise<Map<string, TierOrNone>> {
    const tiers = new Map<string, TierOrNone>();
    if (partnerIds.length === 0) return tiers;
    const rows = await this.db.selectFrom('tier_snapshots').select(['company_id', 'quarter', 'tier_after'])
      .where('portal_id', '=', portalId).where('company_id', 'in', [...partnerIds]).where('quarter', '<=', quarter.label)
      .orderBy('quarter').execute();
    for (const row of rows) if (isTier(row.tier_after)) tiers.set(row.company_id, row.tier_after);
    return tiers;
  }

  /**
   * The incentive outputs of each partner company on `today` (docs/properties.md, "Incentive
   * outputs"): its statement for the current quarter and the rebate rate its revenue so far reaches.
   * `currentTiers` are the companies' `pe_tier`, the MDF tier of a partner with no quarter close.
   */
  async companyOutputs(portalId: string, partnerIds: readonly string[], today: CalendarDate, currentTiers?: ReadonlyMap<string, TierOrNone>): Promise<Map<string, Record<string, string>>> {
    const { currency, timeZone, program } = this.options;
    const quarter = quarterContaining(today, program.governance.fiscalYearStartMonth);
    const from = DateTime.fromISO(quarter.firstDay, { zone: timeZone }).startOf('day').toJSDate();
    const until = DateTime.fromISO(addDays(quarter.lastDay, 1), { zone: timeZone }).startOf('day').toJSDate();
    const [statements, revenues] = await Promise.all([
      this.statements(portalId, partnerIds, quarter, { currentTiers }),
      partnerIds.length === 0 ? [] : this.db.selectFrom('deal_facts')
        .select(['partner_company_id', (eb) => eb.fn.sum<string>(eb.fn.coalesce('amount_in_home_currency', 'amount')).as('revenue')])
        .where('portal_id', '=', portalId).where('partner_company_id', 'in', [...partnerIds]).where('is_won', '=', true)
        .where('closed_at', '>=', from).where('closed_at', '<', until)
        .groupBy('partner_company_id').execute(),
    ]);
    const revenueOf = new Map(revenues.map((row) => [row.partner_company_id!, Number(row.revenue ?? 0)]));
    const outputs = new Map<string, Record<string, string>>();
    for (const partnerId of partnerIds) {
      const rebate = computeQuarterlyRebate({
        deals: [{ amount: money(revenueOf.get(partnerId) ?? 0, currency), won: true, closedOn: quarter.firstDay }],
        quarter: { start: quarter.firstDay, end: quarter.lastDay },
        settings: program.incentives,
        currency,
      });
      outputs.set(partnerId, incentiveCompanyOutputs(statements.get(partnerId)!, rebate.bracketPercent));
    }
    return outputs;
  }

  /**
   * Computes the incentive outputs of the partners on `today` and writes those that changed, in
   * batches (docs/properties.md, "Incentive outputs"). The writer's read of the current outputs
   * brings each company's `pe_tier` too, so the MDF tier costs no extra HubSpot call.
   */
  async writeCompanyOutputs(portalId: string, partnerIds: readonly string[], today: CalendarDate, writer: Pick<IncentiveOutputWriter, 'writeOutputs'>): Promise<WriteResult> {
    return writer.writeOutputs(partnerIds, (tiers) => this.companyOutputs(portalId, partnerIds, today, new Map([...tiers].map(([id, tier]) => [id, officialTierOf(tier)]))));
  }
}
