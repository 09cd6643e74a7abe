import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/database-schema.js';
import { addDays, todayIn } from '../domain/calendar-date.js';
import { parseQuarterLabel } from '../domain/governance/parse-quarter-label.js';
import { computeQuarterlyRebate } from '../domain/incentives/compute-quarterly-rebate.js';
import { deriveDealLedgerEntries } from '../domain/incentives/derive-deal-ledger-entries.js';
import { deriveRebateLedgerEntries } from '../domain/incentives/derive-rebate-ledger-entries.js';
import { earnSpiffs } from '../domain/incentives/earn-spiffs.js';
import type { DealEvent, LedgerEntry, QuarterlyRebate, RebateDeal } from '../domain/incentives/types.js';
import { money } from '../domain/money/money.js';
import type { Program } from '../program/program-schema.js';
import type { LedgerStore } from './ledger-store.js';
import { readDealSpiffInputs } from './read-deal-spiff-inputs.js';

/** Options of {@link IncentiveAccrualService}. */
export interface IncentiveAccrualOptions {
  program: Pick<Program, 'incentives' | 'governance'>;
  /** The portal's company currency: every amount on the ledger is in it. */
  currency: string;
  /** The portal's time zone: a deal's day is its close date there. */
  timeZone: string;
  /** Sets `pe_fast_track` on the partners a quarter's rebate put in the top bracket. Default: nothing written. */
  markFastTrack?: (portalId: string, companyIds: readonly string[]) => Promise<void>;
  /** Default: the system clock. */
  now?: () => Date;
}

/** What one quarter's rebate run did. */
export interface QuarterRebateRun {
  quarter: string;
  /** Each partner with revenue in the quarter or a rebate already recorded for it. */
  rebates: Map<string, QuarterlyRebate>;
  added: LedgerEntry[];
  fastTrack: string[];
}

/** Deals per read: the ids go into `in (…)` lists. */
const DEALS_PER_CHUNK = 1_000;

/**
 * Accrues SPIFFs and quarterly rebates onto the ledger from the mirrored deals (docs/incentives.md,
 * "SPIFFs", "Quarterly rebate" and "Ledger"): the pure rules decide, the ledger's keys make every
 * run idempotent, so running again on unchanged facts records nothing.
 */
export class IncentiveAccrualService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ledger: LedgerStore,
    private readonly options: IncentiveAccrualOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Won partner-sourced deals on which the ledger holds no SPIFF row at all, for the nightly repair
   * (a worker killed between mirroring a deal and accruing it). One query.
   */
  async dealsMissingAccruals(portalId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('deal_facts').select('deal_id')
      .where('portal_id', '=', portalId).where('is_won', '=', true).where('partner_company_id', 'is not', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('ledger_entries').select('ledger_entries.id')
        .whereRef('ledger_entries.portal_id', '=', 'deal_facts.portal_id')
        .where('ledger_entries.source_type', '=', 'deal')
        .where('ledger_entries.bucket', '=', 'spiff')
        .whereRef('ledger_entries.source_id', '=', 'deal_facts.deal_id'))))
      .orderBy('deal_id').execute();
    return rows.map((row) => row.deal_id);
  }

  /**
   * Brings the SPIFF entries of these deals in line with what the deals are now: accruals for a
   * partner-sourced deal closed won, clawbacks for one reopened or lost. Called with the ids of
   * deals whose facts changed. Returns the entries that were new.
   */
  async accrueDealIncentives(portalId: string, dealIds: readonly string[]): Promise<LedgerEntry[]> {
    const added: LedgerEntry[] = [];
    const unique = [...new Set(dealIds)];
    for (let index = 0; index < unique.length; index += DEALS_PER_CHUNK) {
      const chunk = unique.slice(index, index + DEALS_PER_CHUNK);
      const [inputs, recorded] = await Promise.all([
        readDealSpiffInputs(this.db, portalId, chunk, this.options),
        this.ledger.readSourceEntries(portalId, 'deal', chunk),
      ]);
      const today = todayIn(this.options.timeZone, this.now());
      const byDeal = new Map<string, LedgerEntry[]>();
      for (const entry of recorded) byDeal.set(entry.source.id, [...(byDeal.get(entry.source.id) ?? []), entry]);
      const entries: LedgerEntry[] = [];
      for (const [dealId, input] of inputs) {
        const history = byDeal.get(dealId) ?? [];
        if (input.state === 'won') {
          const event: DealEvent = { type: 'closed_won', dealId, partnerId: input.partnerId, occurredOn: input.deal.closedOn };
          entries.push(...deriveDealLedgerEntries(event, earnSpiffs(input.deal, this.options.program.incentives), history));
        } else {
          // Every partner with SPIFFs still accrued on the deal loses them: its own partner, or one the deal was taken from.
          const partners = new Set(history.map((entry) => entry.partnerId));
          for (const partnerId of [...partners].sort()) {
            const event: DealEvent = { type: input.type, dealId, partnerId, occurredOn: today };
            entries.push(...deriveDealLedgerEntries(event, [], history));
          }
        }
      }
      const known = new Set(recorded.map((entry) => entry.key));
      const fresh = entries.filter((entry) => !known.has(entry.key));
      added.push(...(await this.ledger.append(portalId, fresh)));
    }
    return added;
  }

  /**
   * Accrues each partner's volume rebate for a quarter (`YYYYQn`), from its partner-sourced deals
   * closed won inside it. Running it again adds nothing; after late deal changes it adds one entry
   * for the difference. Partners reaching a bracket that sets `pe_fast_track` get it written.
   */
  async accrueQuarterRebates(portalId: string, quarterLabel: string): Promise<QuarterRebateRun> {
    const { program, currency, timeZone } = this.options;
    const quarter = parseQuarterLabel(quarterLabel, program.governance.fiscalYearStartMonth);
    const from = DateTime.fromISO(quarter.firstDay, { zone: timeZone }).startOf('day').toJSDate();
    const until = DateTime.fromISO(addDays(quarter.lastDay, 1), { zone: timeZone }).startOf('day').toJSDate();
    const [rows, recorded] = await Promise.all([
      this.db.selectFrom('deal_facts').select(['partner_company_id', 'amount_in_home_currency', 'amount', 'closed_at'])
        .where('portal_id', '=', portalId).where('is_won', '=', true).where('partner_company_id', 'is not', null)
        .where('closed_at', '>=', from).where('closed_at', '<', until).execute(),
      this.ledger.readSourceEntries(portalId, 'quarter', [quarter.label]),
    ]);
    const dealsByPartner = new Map<string, RebateDeal[]>();
    for (const row of rows) {
      const deals = dealsByPartner.get(row.partner_company_id!) ?? [];
      deals.push({ amount: money(Number(row.amount_in_home_currency ?? row.amount ?? 0), currency), won: true, closedOn: todayIn(timeZone, row.closed_at!) });
      dealsByPartner.set(row.partner_company_id!, deals);
    }
    const rebateEntries = recorded.filter((entry) => entry.bucket === 'rebate');
    const partners = [...new Set([...dealsByPartner.keys(), ...rebateEntries.map((entry) => entry.partnerId)])].sort();
    const today = todayIn(timeZone, this.now());
    const rebates = new Map<string, QuarterlyRebate>();
    const entries: LedgerEntry[] = [];
    for (const partnerId of partners) {
      const rebate = computeQuarterlyRebate({
        deals: dealsByPartner.get(partnerId) ?? [],
        quarter: { start: quarter.firstDay, end: quarter.lastDay },
        settings: program.incentives,
        currency,
      });
      rebates.set(partnerId, rebate);
      const earlier = rebateEntries.filter((entry) => entry.partnerId === partnerId);
      // The first accrual belongs to the quarter it rewards; a later correction to the day it is made.
      const occurredOn = earlier.length === 0 || today < quarter.lastDay ? quarter.lastDay : today;
      entries.push(...deriveRebateLedgerEntries({ partnerId, quarter: quarter.label, rebate, occurredOn }, earlier));
    }
    const added = await this.ledger.append(portalId, entries);
    const fastTrack = partners.filter((partnerId) => rebates.get(partnerId)!.setsFastTrack);
    if (fastTrack.length > 0 && this.options.markFastTrack) await this.options.markFastTrack(portalId, fastTrack);
    return { quarter: quarter.label, rebates, added, fastTrack };
  }
}
