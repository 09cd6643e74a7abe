import { formatMoney } from '../domain/money/format-money.js';
import type { Money } from '../domain/money/money.js';
import type { PartnerStatement } from './partner-statement.js';

/** One table of a statement: a header and rows of a label and amounts, each amount with its currency. */
export interface StatementTable {
  title: string;
  header: string[];
  rows: Array<{ label: string; amounts: string[] }>;
}

function rows(entries: Array<[string, ...Money[]]>): StatementTable['rows'] {
  return entries.map(([label, ...amounts]) => ({ label, amounts: amounts.map(formatMoney) }));
}

/**
 * The tables of a partner's statement (docs/incentives.md, "Statements"): the one place that
 * decides what a statement shows; the `statement` command, the partner page and the quarterly
 * email only lay these tables out.
 */
export function describePartnerStatement(statement: PartnerStatement): StatementTable[] {
  const { incentives, quarter, mdf } = statement;
  return [
    {
      title: 'Incentives (SPIFFs, rebates, bonuses)',
      header: ['', 'in the quarter', 'year to date', 'to date'],
      rows: rows([
        ['accrued', incentives.quarter.accrued, incentives.yearToDate.accrued, incentives.toDate.accrued],
        ['approved', incentives.quarter.approved, incentives.yearToDate.approved, incentives.toDate.approved],
        ['paid', incentives.quarter.paid, incentives.yearToDate.paid, incentives.toDate.paid],
      ]),
    },
    {
      title: 'Accrued in the quarter',
      header: ['', 'amount'],
      rows: rows([
        ['SPIFFs', statement.accruedInQuarter.spiff],
        ['volume rebate', statement.accruedInQuarter.rebate],
        ['strategic bonuses', statement.accruedInQuarter.bonus],
      ]),
    },
    {
      title: `Market development funds, program year ${quarter.fiscalYear} (tier ${mdf.tier})`,
      header: ['', 'amount'],
      rows: rows([
        ['allocation', mdf.allocation],
        ['approved', mdf.approved],
        ['paid', mdf.paid],
        ['available', mdf.available],
      ]),
    },
  ];
}
