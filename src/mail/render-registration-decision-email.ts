import type { CalendarDate } from '../domain/types.js';
import type { MailMessage } from './mail-sender.js';
import { renderEmailLayout } from './render-email-layout.js';

/** What the email telling a partner about a decision on its registration says. */
export interface RegistrationDecisionEmailInput {
  to: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  /** The registration deal's name. */
  dealName: string;
  decision: 'approve' | 'reject' | 'extend';
  /** Last protected day, for an approval or an extension. */
  expiresOn: CalendarDate | null;
  /** Why it was rejected. */
  reason: string | null;
  /** Idempotency reference: the registration and the decision. */
  reference: string;
}

/** The email the submitter of a registration gets when it is approved, rejected or extended (docs/registrations.md, "States"). */
export function renderRegistrationDecisionEmail(input: RegistrationDecisionEmailInput): MailMessage {
  const subjects = {
    approve: `Your registration "${input.dealName}" is approved`,
    reject: `Your registration "${input.dealName}" was not approved`,
    extend: `The protection of your registration "${input.dealName}" is extended`,
  } as const;
  const subject = subjects[input.decision];
  const lines = {
    approve: `Your registration "${input.dealName}" is approved. The customer is protected for you through ${input.expiresOn ?? ''}.`,
    reject: `Your registration "${input.dealName}" was not approved. The reason: ${input.reason ?? ''}`,
    extend: `The protection of your registration "${input.dealName}" is extended: the customer is now protected for you through ${input.expiresOn ?? ''}.`,
  } as const;
  const { text, html } = renderEmailLayout(subject, [
    { text: input.firstName ? `Hello ${input.firstName},` : 'Hello,' },
    { text: lines[input.decision] },
    { text: 'Partner enablement' },
  ]);
  const toName = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return { to: input.to, toName, subject, text, html, template: 'registration-decision', contactId: input.contactId, reference: input.reference };
}
