import { currencyExponent } from '../domain/money/currency-exponent.js';
import type { Money } from '../domain/money/money.js';
import type { PartnerStatement } from './partner-statement.js';

/** An amount as a HubSpot number in major units, exactly (USD 6,250.50 → `6250.5`), never through a float. */
export function majorUnits(amount: Money): string {
  const exponent = currencyExponent(amount.currency);
  const digits = Math.abs(amount.amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent).replace(/0+$/, '');
  return `${amount.amountMinor < 0 ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * The incentive outputs of a partner company (docs/properties.md, "Incentive outputs") from its
 * statement for the current quarter and the rebate rate its quarter's revenue reaches so far.
 */
export function incentiveCompanyOutputs(statement: PartnerStatement, rebatePercent: number): Record<string, string> {
  return {
    pe_incentives_accrued_qtd: majorUnits(statement.incentives.quarter.accrued),
    pe_incentives_paid_ytd: majorUnits(statement.incentives.yearToDate.paid),
    pe_rebate_rate_qtd: String(rebatePercent),
    pe_mdf_allocation: majorUnits(statement.mdf.allocation),
    pe_mdf_approved: majorUnits(statement.mdf.approved),
    pe_mdf_paid: majorUnits(statement.mdf.paid),
    pe_mdf_available: majorUnits(statement.mdf.available),
  };
}
