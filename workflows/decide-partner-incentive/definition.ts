import { z } from 'zod';
import { defineWorkflowAction } from '../define-workflow-action.js';

/** What the approver decides. */
export const INCENTIVE_DECISIONS = ['approve', 'reject', 'pay'] as const;

/** What became of the decision; workflows branch on it. */
export const INCENTIVE_DECISION_OUTCOMES = ['decided', 'refused', 'not_found'] as const;

const DECISION_LABELS: Record<(typeof INCENTIVE_DECISIONS)[number], string> = { approve: 'Approve', reject: 'Reject', pay: 'Mark paid' };
const OUTCOME_LABELS: Record<(typeof INCENTIVE_DECISION_OUTCOMES)[number], string> = {
  decided: 'Decided',
  refused: 'Refused (not allowed in its status)',
  not_found: "Not one of the company's requests",
};
const STATUSES = ['pending', 'approved', 'rejected', 'paid'] as const;

/**
 * Decides one of the enrolled partner company's incentive requests (docs/incentives.md,
 * "Decisions"): approve, reject with a reason the partner is told, or mark paid. A step the
 * request's status does not allow is an outcome the workflow can branch on.
 */
export const decidePartnerIncentive = defineWorkflowAction({
  id: 'decide-partner-incentive',
  uid: 'decide-partner-incentive',
  objectType: 'COMPANY',
  labels: {
    actionName: 'Decide partner incentive',
    actionDescription: "Approves, rejects or marks paid one of the partner's incentive requests (a SPIFF claim, a bonus, an MDF request or claim): the ledger and the audit trail record it and the contact who asked is emailed.",
    actionCardContent: '{{decision}} the partner incentive request',
  },
  inputFields: {
    request_id: {
      schema: z.string().trim().min(1).max(100),
      hubspot: { type: 'string', fieldType: 'text' },
      label: 'Request id',
      description: "The incentive request's id, as the partner card shows it.",
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
    decision: {
      schema: z.enum(INCENTIVE_DECISIONS),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => INCENTIVE_DECISIONS.map((value) => ({ value, label: DECISION_LABELS[value] })) },
      label: 'Decision',
      description: 'Approve, reject (with a reason) or mark paid.',
      valueTypes: ['STATIC_VALUE'],
    },
    reason: {
      schema: z.string().optional(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Rejection reason',
      description: 'Why the request is rejected; the partner is told. Needed to reject.',
      required: false,
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
  },
  outputFields: {
    decision_outcome: {
      schema: z.enum(INCENTIVE_DECISION_OUTCOMES),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => INCENTIVE_DECISION_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] })) },
      label: 'Decision outcome',
    },
    request_status: {
      schema: z.enum([...STATUSES, '']),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => STATUSES.map((value) => ({ value, label: value[0]!.toUpperCase() + value.slice(1) })) },
      label: 'Request status',
    },
    decided_amount: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'text' },
      label: 'Amount approved or paid',
    },
    decision_message: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Decision message',
    },
  },
});
