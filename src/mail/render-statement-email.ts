import type { StatementTable } from '../incentives/describe-partner-statement.js';
import type { MailMessage } from './mail-sender.js';
import { renderEmailLayout } from './render-email-layout.js';

/** What a partner contact's quarterly statement email says. */
export interface StatementEmailInput {
  to: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  /** The quarter and its days, for people: `2026Q2 (1 April 2026 – 30 June 2026)`. */
  period: string;
  /** The statement's tables, every amount with its currency. */
  tables: StatementTable[];
  /** Idempotency reference: the partner and the quarter. */
  reference: string;
}

/** The quarterly statement email of a partner contact (docs/incentives.md, "Statements"): no link. */
export function renderStatementEmail(input: StatementEmailInput): MailMessage {
  const subject = `Your incentive statement for ${input.period}`;
  const tables = input.tables.map((table) => ({
    text: [table.title, ...table.rows.map((row) => `${row.label}: ${row.amounts.map((amount, index) => (table.header.length > 2 ? `${amount} ${table.header[index + 1]}` : amount)).join(', ')}`)].join('\n'),
  }));
  const { text, html } = renderEmailLayout(subject, [
    { text: input.firstName ? `Hello ${input.firstName},` : 'Hello,' },
    { text: `Here is the incentive statement${input.companyName ? ` of ${input.companyName}` : ''} for ${input.period}.` },
    ...tables,
    { text: 'Your partner page shows it too.' },
    { text: 'Partner enablement' },
  ]);
  const toName = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return { to: input.to, toName, subject, text, html, template: 'incentive-statement', contactId: input.contactId, reference: input.reference };
}
