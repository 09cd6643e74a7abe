import { DateTime } from 'luxon';
import { formatMoney } from '../domain/money/format-money.js';
import type { Money } from '../domain/money/money.js';
import type { PartnerStatement } from './partner-statement.js';

function day(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).toFormat('d LLLL yyyy');
}

function table(rows: Array<[string, ...Money[]]>, header: string[]): string[] {
  const cells = [header, ...rows.map(([label, ...amounts]) => [label, ...amounts.map(formatMoney)])];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return cells.map((row) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   ')}`.trimEnd());
}

/** The statement as the `statement` command prints it: every amount with its currency. */
export function renderPartnerStatement(statement: PartnerStatement): string {
  const { incentives, quarter, mdf } = statement;
  const lines = [
    `Incentive statement of partner ${statement.partnerId}, ${quarter.label} (${day(quarter.firstDay)} – ${day(quarter.lastDay)})`,
    '',
    'Incentives (SPIFFs, rebates, bonuses)',
    ...table([
      ['accrued', incentives.quarter.accrued, incentives.yearToDate.accrued, incentives.toDate.accrued],
      ['approved', incentives.quarter.approved, incentives.yearToDate.approved, incentives.toDate.approved],
      ['paid', incentives.quarter.paid, incentives.yearToDate.paid, incentives.toDate.paid],
    ], ['', 'in the quarter', 'year to date', 'to date']),
    '',
    'Accrued in the quarter',
    ...table([
      ['SPIFFs', statement.accruedInQuarter.spiff],
      ['volume rebate', statement.accruedInQuarter.rebate],
      ['strategic bonuses', statement.accruedInQuarter.bonus],
    ], ['', 'amount']),
    '',
    `Market development funds, program year ${quarter.fiscalYear} (tier ${mdf.tier})`,
    ...table([
      ['allocation', mdf.allocation],
      ['approved', mdf.approved],
      ['paid', mdf.paid],
      ['available', mdf.available],
    ], ['', 'amount']),
  ];
  return `${lines.join('\n')}\n`;
}
