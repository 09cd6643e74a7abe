import { DateTime } from 'luxon';
import { describePartnerStatement, type StatementTable } from './describe-partner-statement.js';
import type { PartnerStatement } from './partner-statement.js';

function day(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).toFormat('d LLLL yyyy');
}

/** The statement's period for people: `2026Q2 (1 April 2026 – 30 June 2026)`. */
export function describeStatementPeriod(statement: PartnerStatement): string {
  const { quarter } = statement;
  return `${quarter.label} (${day(quarter.firstDay)} – ${day(quarter.lastDay)})`;
}

function table({ title, header, rows }: StatementTable): string[] {
  const cells = [header, ...rows.map((row) => [row.label, ...row.amounts])];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  return [title, ...cells.map((row) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   ')}`.trimEnd())];
}

/** The statement as the `statement` command prints it: every amount with its currency. */
export function renderPartnerStatement(statement: PartnerStatement): string {
  const tables = describePartnerStatement(statement).map(table);
  const lines = [`Incentive statement of partner ${statement.partnerId}, ${describeStatementPeriod(statement)}`, ...tables.flatMap((lines) => ['', ...lines])];
  return `${lines.join('\n')}\n`;
}
