import { z } from 'zod';
import { defineWorkflowAction } from '../define-workflow-action.js';

/** What the approver decides. */
export const REGISTRATION_DECISIONS = ['approve', 'reject', 'extend'] as const;

/** What became of the decision; workflows branch on it. */
export const DECISION_OUTCOMES = ['decided', 'refused', 'not_a_registration'] as const;

const DECISION_LABELS: Record<(typeof REGISTRATION_DECISIONS)[number], string> = { approve: 'Approve', reject: 'Reject', extend: 'Extend protection' };
const OUTCOME_LABELS: Record<(typeof DECISION_OUTCOMES)[number], string> = {
  decided: 'Decided',
  refused: 'Refused (not allowed in its status)',
  not_a_registration: 'Not a partner registration',
};
const STATUSES = ['submitted', 'approved', 'rejected', 'expired', 'won', 'lost'] as const;

/**
 * Decides the enrolled registration deal (docs/registrations.md, "States"): approve, reject with a
 * reason the partner is told, or extend its protection. A step the registration's status does not
 * allow is an outcome the workflow can branch on, with the reason in `decision_message`.
 */
export const decidePartnerRegistration = defineWorkflowAction({
  id: 'decide-partner-registration',
  uid: 'decide-partner-registration',
  objectType: 'DEAL',
  labels: {
    actionName: 'Decide partner registration',
    actionDescription: "Approves, rejects or extends the deal's partner registration: the deal, the conflict check and the audit trail are updated and the partner who submitted it is emailed.",
    actionCardContent: '{{decision}} the partner registration',
  },
  inputFields: {
    decision: {
      schema: z.enum(REGISTRATION_DECISIONS),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => REGISTRATION_DECISIONS.map((value) => ({ value, label: DECISION_LABELS[value] })) },
      label: 'Decision',
      description: 'Approve, reject (with a reason) or extend the protection.',
      valueTypes: ['STATIC_VALUE'],
    },
    rejection_reason: {
      schema: z.string().optional(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Rejection reason',
      description: 'Why the registration is rejected; the partner is told. Needed to reject.',
      required: false,
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
  },
  outputFields: {
    decision_outcome: {
      schema: z.enum(DECISION_OUTCOMES),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => DECISION_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] })) },
      label: 'Decision outcome',
    },
    registration_status: {
      schema: z.enum([...STATUSES, '']),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => STATUSES.map((value) => ({ value, label: value[0]!.toUpperCase() + value.slice(1) })) },
      label: 'Registration status',
    },
    registration_expires_on: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'text' },
      label: 'Last protected day',
    },
    decision_message: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Decision message',
    },
  },
});
