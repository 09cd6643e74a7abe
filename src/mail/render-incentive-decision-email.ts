import type { MailMessage } from './mail-sender.js';
import { renderEmailLayout } from './render-email-layout.js';

/** What the email telling a partner contact about a decision on their incentive request says. */
export interface IncentiveDecisionEmailInput {
  to: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  /** What was asked for, in a few words ("First win SPIFF on deal 42"). */
  title: string;
  decision: 'approve' | 'reject' | 'pay';
  /** The amount approved or paid, formatted with its currency. */
  amount: string | null;
  reason: string | null;
  /** Idempotency reference: the request and the decision. */
  reference: string;
}

/** The email a partner contact gets when their incentive request is approved, rejected or paid (docs/incentives.md, "Decisions"). */
export function renderIncentiveDecisionEmail(input: IncentiveDecisionEmailInput): MailMessage {
  const subjects = {
    approve: `Approved: ${input.title}`,
    reject: `Not approved: ${input.title}`,
    pay: `Paid: ${input.title}`,
  } as const;
  const lines = {
    approve: `Your request "${input.title}" is approved${input.amount ? ` for ${input.amount}` : ''}.`,
    reject: `Your request "${input.title}" was not approved. The reason: ${input.reason ?? ''}`,
    pay: `Your request "${input.title}" was paid${input.amount ? `: ${input.amount}` : ''}.`,
  } as const;
  const subject = subjects[input.decision];
  const { text, html } = renderEmailLayout(subject, [
    { text: input.firstName ? `Hello ${input.firstName},` : 'Hello,' },
    { text: lines[input.decision] },
    { text: 'You can follow all your requests on your partner page.' },
    { text: 'Partner enablement' },
  ]);
  const toName = [input.firstName, input.lastName].filter(Boolean).join(' ') || null;
  return { to: input.to, toName, subject, text, html, template: 'incentive-decision', contactId: input.contactId, reference: input.reference };
}
