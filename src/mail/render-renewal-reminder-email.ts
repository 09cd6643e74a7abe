import type { CalendarDate } from '../domain/types.js';
import { describeDaysLeft } from './describe-days-left.js';
import type { MailMessage } from './mail-sender.js';
import { renderEmailLayout } from './render-email-layout.js';

/** What a renewal reminder email says. */
export interface RenewalReminderEmailInput {
  to: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  /** The certification's display name (`Sales Fundamentals`). */
  certificationName: string;
  expiresOn: CalendarDate;
  /** Whole days from today (partner's zone) to the expiry. */
  daysLeft: number;
  /** How to renew, from the program (`Retake exam`). */
  renewal: string;
  /** The partner company's name, when known. */
  companyName?: string | null;
  /** The reminder key: the email's idempotency reference. */
  reference: string;
}

/** The email a certification holder gets before the certification expires. */
export function renderRenewalReminderEmail(input: RenewalReminderEmailInput): MailMessage {
  const when = describeDaysLeft(input.daysLeft);
  const subject = `Your ${input.certificationName} certification expires ${when}`;
  const greeting = input.firstName ? `Hello ${input.firstName},` : 'Hello,';
  const company = input.companyName ? ` at ${input.companyName}` : '';
  const { text, html } = renderEmailLayout(subject, [
    { text: greeting },
    { text: `Your ${input.certificationName} certification${company} expires on ${input.expiresOn} (${when}).` },
    { text: `To renew it: ${input.renewal}. Once you have renewed, nothing else is needed from you: your partner record is updated and these reminders stop.` },
    { text: 'Partner enablement' },
  ]);
  const toName = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return { to: input.to, toName, subject, text, html, template: 'renewal-reminder', contactId: input.contactId, reference: input.reference };
}
