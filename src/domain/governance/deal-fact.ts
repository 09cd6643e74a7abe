/**
 * A HubSpot deal as the governance rules see it (docs/governance.md, "Partner-sourced deals"),
 * already parsed from HubSpot strings. Amounts are integers in minor units of the company currency.
 */
export interface DealFact {
  dealId: string;
  /** `pe_partner_company_id`; null for a deal no partner sourced. */
  partnerCompanyId: string | null;
  /** The customer company the deal is associated with, when there is one. */
  customerCompanyId: string | null;
  /** `amount_in_home_currency`, in minor units. */
  amountInHomeCurrency: number | null;
  /** `amount`, in minor units; used when the home-currency amount is missing. */
  amount: number | null;
  /** `hs_is_closed`. */
  isClosed: boolean;
  /** `hs_is_closed_won`. */
  isWon: boolean;
  /** `closedate` as epoch milliseconds. */
  closedAt: number | null;
  /** `pe_strategic`. */
  strategic: boolean;
}
