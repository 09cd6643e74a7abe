import { z } from 'zod';
import { TIER_IDS } from '../../src/program/program-schema.js';
import { defineWorkflowAction } from '../define-workflow-action.js';

/** What the approver decides about the proposed tier. */
export const TIER_DECISIONS = ['approve', 'reject'] as const;

/** What became of the decision; workflows branch on it. */
export const TIER_DECISION_OUTCOMES = ['approved', 'rejected', 'refused'] as const;

const DECISION_LABELS: Record<(typeof TIER_DECISIONS)[number], string> = { approve: 'Approve', reject: 'Reject' };
const OUTCOME_LABELS: Record<(typeof TIER_DECISION_OUTCOMES)[number], string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  refused: 'Refused (nothing proposed, or another tier proposed)',
};
const TIERS = ['none', ...TIER_IDS] as const;

/**
 * Decides the tier change a quarter close proposed for the enrolled partner (docs/governance.md,
 * "Approval"): approve makes the proposed tier official, reject keeps the tier; both clear the
 * proposal, leave a note and an audit entry. A company with nothing proposed, or with another
 * proposal than `expected_tier`, is an outcome the workflow can branch on.
 */
export const decideTierChange = defineWorkflowAction({
  id: 'decide-tier-change',
  uid: 'decide-tier-change',
  objectType: 'COMPANY',
  labels: {
    actionName: 'Decide tier change',
    actionDescription: "Approves or rejects the partner's proposed tier: approving makes it the official tier; either way the proposal is cleared, a note is left on the company and the decision is audited.",
    actionCardContent: '{{decision}} the proposed tier change',
  },
  inputFields: {
    decision: {
      schema: z.enum(TIER_DECISIONS),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => TIER_DECISIONS.map((value) => ({ value, label: DECISION_LABELS[value] })) },
      label: 'Decision',
      description: 'Approve the proposed tier, or reject it and keep the current tier.',
      valueTypes: ['STATIC_VALUE'],
    },
    reason: {
      schema: z.string().optional(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Reason',
      description: 'Why; kept on the note and in the audit trail.',
      required: false,
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
    expected_tier: {
      schema: z.enum(TIERS).or(z.literal('')).optional(),
      hubspot: {
        type: 'enumeration',
        fieldType: 'select',
        options: (program) => TIERS.map((value) => ({ value, label: value === 'none' ? 'None' : program.tiers[value].name })),
      },
      label: 'Expected proposed tier',
      description: 'The tier you expect to be proposed (e.g. the enrolled value of the proposed tier); the decision is refused when another is proposed. Leave empty to decide whatever is proposed.',
      required: false,
      valueTypes: ['STATIC_VALUE', 'OBJECT_PROPERTY'],
    },
  },
  outputFields: {
    decision_outcome: {
      schema: z.enum(TIER_DECISION_OUTCOMES),
      hubspot: { type: 'enumeration', fieldType: 'select', options: () => TIER_DECISION_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] })) },
      label: 'Decision outcome',
    },
    partner_tier: {
      schema: z.enum([...TIERS, '']),
      hubspot: {
        type: 'enumeration',
        fieldType: 'select',
        options: (program) => TIERS.map((value) => ({ value, label: value === 'none' ? 'None' : program.tiers[value].name })),
      },
      label: 'Partner tier after the decision',
    },
    decision_message: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Decision message',
    },
  },
});
