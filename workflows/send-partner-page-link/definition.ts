import { z } from 'zod';
import { defineWorkflowAction } from '../define-workflow-action.js';

/** What became of the link; workflows branch on it. */
export const LINK_STATUSES = ['sent', 'not_a_partner_contact', 'no_email'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

const LINK_STATUS_LABELS: Record<LinkStatus, string> = {
  sent: 'Sent',
  not_a_partner_contact: 'Not a partner contact',
  no_email: 'No email address',
};

/**
 * Emails the enrolled contact a new personal link to their partner page (docs/partner-page.md):
 * their partner's tier, progress and gaps and their training offers, without a login.
 */
export const sendPartnerPageLink = defineWorkflowAction({
  id: 'send-partner-page-link',
  uid: 'send-partner-page-link',
  objectType: 'CONTACT',
  labels: {
    actionName: 'Send partner page link',
    actionDescription: "Emails the contact a personal link to their partner page: their partner's tier, progress, gaps and training offers, no login needed.",
    actionCardContent: 'Send the partner page link',
  },
  inputFields: {},
  outputFields: {
    link_status: {
      schema: z.enum(LINK_STATUSES),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => LINK_STATUSES.map((value) => ({ value, label: LINK_STATUS_LABELS[value] })) },
      label: 'Link status',
    },
  },
});
