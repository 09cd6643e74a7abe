import type { DealWithCompanies } from '../hubspot/customer-index-reader.js';
import { parseMoney } from '../domain/money/parse-money.js';
import type { MirroredDealFact } from './deal-facts-store.js';

/** What one HubSpot deal becomes in `deal_facts`, and the odd values read as unknown. */
export interface DealFactReading {
  fact: MirroredDealFact;
  warnings: string[];
}

function lowestId(ids: readonly string[]): string | null {
  const sorted = [...ids].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return sorted[0] ?? null;
}

function instantOf(value: string | null | undefined): number | null {
  if (!value) return null;
  const at = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

function minorUnitsOf(name: string, value: string | null | undefined, currency: string, warnings: string[]): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  try {
    return parseMoney(value, currency).amountMinor;
  } catch (error) {
    warnings.push(`${name} "${value}" is not an amount in ${currency}: ${(error as Error).message}`);
    return null;
  }
}

/**
 * A HubSpot deal as the revenue-based rules read it (docs/data.md, "Deal facts"): amounts as exact
 * minor units (`amount_in_home_currency` in the company currency, `amount` in the deal's own
 * currency), the customer as the lowest associated company id that is not the partner. A value
 * that cannot be read is a warning and null, never a failure of the batch.
 */
export function mirroredDealFactOf(deal: DealWithCompanies, companyCurrency: string): DealFactReading {
  const { properties } = deal;
  const warnings: string[] = [];
  const partnerCompanyId = properties.pe_partner_company_id?.trim() || null;
  const currency = properties.deal_currency_code?.trim().toUpperCase() || null;
  const closedAt = instantOf(properties.closedate);
  if (properties.closedate && closedAt === null) warnings.push(`closedate "${properties.closedate}" is not a date`);
  const fact: MirroredDealFact = {
    dealId: deal.id,
    partnerCompanyId,
    customerCompanyId: lowestId(deal.companyIds.filter((id) => id !== partnerCompanyId)),
    amountInHomeCurrency: minorUnitsOf('amount_in_home_currency', properties.amount_in_home_currency, companyCurrency, warnings),
    amount: minorUnitsOf('amount', properties.amount, currency ?? companyCurrency, warnings),
    isClosed: properties.hs_is_closed === 'true' || properties.hs_is_closed_won === 'true',
    isWon: properties.hs_is_closed_won === 'true',
    closedAt,
    strategic: properties.pe_strategic === 'true',
    currency,
    productLine: properties.pe_product_line?.trim() || null,
    pipelineId: properties.pipeline?.trim() || null,
  };
  return { fact, warnings };
}
