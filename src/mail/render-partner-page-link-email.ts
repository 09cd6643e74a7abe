import type { CalendarDate } from '../domain/types.js';
import type { MailMessage } from './mail-sender.js';
import { renderEmailLayout } from './render-email-layout.js';

/** What a partner page link email says. */
export interface PartnerPageLinkEmailInput {
  to: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  /** The personal, signed link to the partner page. */
  pageUrl: string;
  /** The last day the link works (partner's zone). */
  linkExpiresOn: CalendarDate;
  /** The link's id: the email's reference. */
  reference: string;
}

/** The email that hands a partner contact their personal partner page link. */
export function renderPartnerPageLinkEmail(input: PartnerPageLinkEmailInput): MailMessage {
  const subject = input.companyName ? `Your partner page for ${input.companyName}` : 'Your partner page';
  const { text, html } = renderEmailLayout(subject, [
    { text: input.firstName ? `Hello ${input.firstName},` : 'Hello,' },
    { text: 'Your partner page shows your tier, your progress and what is missing for the next one, and the training offered to you. No login is needed.' },
    { link: { label: 'Open your partner page', href: input.pageUrl } },
    { text: `The link is personal: do not forward it. It works until ${input.linkExpiresOn}.` },
    { text: 'Partner enablement' },
  ]);
  const toName = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return { to: input.to, toName, subject, text, html, template: 'partner-page-link', contactId: input.contactId, reference: input.reference };
}
