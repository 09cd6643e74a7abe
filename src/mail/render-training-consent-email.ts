import type { CalendarDate } from '../domain/types.js';
import type { MailMessage } from './mail-sender.js';
import { renderEmailLayout } from './render-email-layout.js';

/** What a training consent email says. */
export interface TrainingConsentEmailInput {
  to: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  trackName: string;
  trackPurpose: string;
  durationWeeks: number;
  /** The signed, single-use consent link. */
  consentUrl: string;
  /** The last day the link works (partner's zone). */
  linkExpiresOn: CalendarDate;
  /** The link opens the contact's partner page (offers are answered there), not the one-use consent page. */
  viaPartnerPage?: boolean;
  /** The assignment id: the email's reference. */
  reference: string;
}

/** The email asking a contact to accept or decline an assigned training track. */
export function renderTrainingConsentEmail(input: TrainingConsentEmailInput): MailMessage {
  const subject = `Training proposed to you: ${input.trackName}`;
  const greeting = input.firstName ? `Hello ${input.firstName},` : 'Hello,';
  const weeks = input.durationWeeks === 1 ? '1 week' : `${input.durationWeeks} weeks`;
  const { text, html } = renderEmailLayout(subject, [
    { text: greeting },
    { text: `You have been proposed the ${input.trackName} training track (${input.trackPurpose.toLowerCase()}). It takes ${weeks} once you accept it.` },
    { text: 'Nothing starts without your consent: open the link to read the details and accept or decline.' },
    { link: { label: 'Review the training', href: input.consentUrl } },
    { text: input.viaPartnerPage ? `The link opens your personal partner page; the offer can be answered until ${input.linkExpiresOn}.` : `The link works once, until ${input.linkExpiresOn}.` },
    { text: 'Partner enablement' },
  ]);
  const toName = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return { to: input.to, toName, subject, text, html, template: 'training-consent', contactId: input.contactId, reference: input.reference };
}
