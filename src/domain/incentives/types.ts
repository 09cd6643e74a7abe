import type { Money } from '../money/money.js';
import type { CalendarDate } from '../types.js';

/** A partner-sourced deal that closed won, as the SPIFF rules see it. */
export interface WonDeal {
  dealId: string;
  partnerId: string;
  /** `amount_in_home_currency`, else `amount`, in the portal's company currency. */
  amount: Money;
  closedOn: CalendarDate;
  /** When the partner's registration for this customer was submitted; null without one. */
  registeredOn: CalendarDate | null;
  /** The customer's first closed-won deal from anyone. */
  newLogo: boolean;
  /** Product ids of the deal's line items. */
  productIds: readonly string[];
  /** `pe_product_line`, when set. */
  productLine: string | null;
  /** No earlier won deal of this partner exists. */
  firstWinForPartner: boolean;
}

export type SpiffKind = 'new_logo' | 'strategic_product' | 'first_win' | 'large_deal';

/** A SPIFF a won deal earns. */
export interface EarnedSpiff {
  kind: SpiffKind;
  amount: Money;
  /** Last day the partner can claim it. */
  claimBy: CalendarDate;
}

/** A partner-sourced deal for the rebate: only won deals closed inside the quarter count. */
export interface RebateDeal {
  amount: Money;
  won: boolean;
  closedOn: CalendarDate;
}

/** First and last day of a quarter, inclusive. */
export interface QuarterDates {
  start: CalendarDate;
  end: CalendarDate;
}

export interface QuarterlyRebate {
  method: 'slab' | 'stepped';
  /** Won revenue closed in the quarter. */
  revenue: Money;
  /** Index of the highest bracket reached; null below the first. */
  bracket: number | null;
  /** The reached bracket's percentage (0 below the first), for `pe_rebate_rate_qtd`. */
  bracketPercent: number;
  /** The rebate after the cap. */
  amount: Money;
  /** True when the cap lowered the amount. */
  capped: boolean;
  payableOn: CalendarDate;
  /** The reached bracket sets `pe_fast_track`. */
  setsFastTrack: boolean;
}

/** Which balance column an entry moves: accruals and clawbacks move `accrued`. */
export type LedgerEntryKind = 'accrual' | 'clawback' | 'approval' | 'payment';
export type LedgerBucket = 'spiff' | 'rebate' | 'bonus' | 'mdf';

/**
 * One fact on the incentive ledger. Entries are only ever appended: a correction, a clawback or a
 * cancelled approval is a new entry with the opposite amount, never an edit.
 */
export interface LedgerEntry {
  /** Idempotency key: the same fact derived twice gets the same key and is stored once. */
  key: string;
  partnerId: string;
  kind: LedgerEntryKind;
  bucket: LedgerBucket;
  /** The rule that produced it (a SPIFF kind, `volume_rebate`, an MDF activity). */
  rule: string;
  /** Signed: clawbacks and reversals are negative. */
  amount: Money;
  source: { type: 'deal' | 'quarter' | 'request'; id: string };
  reason: string;
  occurredOn: CalendarDate;
  /** Key of the entry this one cancels, when it is a reversal. */
  reverses: string | null;
}

/** Sums of a ledger's entries; a balance is always derived, never stored. */
export interface LedgerBalance {
  accrued: Money;
  approved: Money;
  paid: Money;
}

/** A deal change that moves SPIFFs: what the deal is now, as the handler read it. */
export interface DealEvent {
  type: 'closed_won' | 'reopened' | 'closed_lost';
  dealId: string;
  partnerId: string;
  occurredOn: CalendarDate;
}

/** One claimable amount on the ledger: a partner's rule on one source (a SPIFF on a deal, a quarter's rebate). */
export interface LedgerLine {
  partnerId: string;
  bucket: LedgerBucket;
  rule: string;
  source: LedgerEntry['source'];
}
