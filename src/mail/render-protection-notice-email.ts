import type { CalendarDate } from '../domain/types.js';
import type { MailMessage } from './mail-sender.js';
import { renderEmailLayout } from './render-email-layout.js';

/** What the notice of a protection's end says. */
export interface ProtectionNoticeEmailInput {
  to: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  /** The registration deal's name. */
  dealName: string;
  /** The last protected day. */
  expiresOn: CalendarDate;
  /** Whether the partner may still ask for an extension. */
  canExtend: boolean;
  reference: string;
}

/** The email the submitter of an approved registration gets before its protection ends (docs/registrations.md, "Protection"). */
export function renderProtectionNoticeEmail(input: ProtectionNoticeEmailInput): MailMessage {
  const subject = `The protection of your registration "${input.dealName}" ends on ${input.expiresOn}`;
  const { text, html } = renderEmailLayout(subject, [
    { text: input.firstName ? `Hello ${input.firstName},` : 'Hello,' },
    { text: `Your registration "${input.dealName}" is protected through ${input.expiresOn}. Unless the deal is won or lost by then, the registration expires the day after.` },
    { text: input.canExtend ? 'If you need more time, ask your partner manager to extend the protection before it ends.' : 'The protection has already been extended as often as the program allows.' },
    { text: 'Partner enablement' },
  ]);
  const toName = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return { to: input.to, toName, subject, text, html, template: 'registration-protection-notice', contactId: input.contactId, reference: input.reference };
}
