import { z } from 'zod';
import { TIER_IDS, type Program } from '../../src/program/program-schema.js';
import { defineWorkflowAction } from '../define-workflow-action.js';

const tierOptions = (program: Program) => [
  { value: 'none', label: 'None' },
  ...TIER_IDS.map((id) => ({ value: id, label: program.tiers[id].name })),
];
const nextTierOptions = (program: Program) => TIER_IDS.map((id) => ({ value: id, label: program.tiers[id].name }));

/**
 * Evaluates the enrolled partner company now and writes its outputs, as a webhook-triggered
 * evaluation would, then hands the results to the workflow. `next_tier` is empty at platinum.
 */
export const recalculatePartnerReadiness = defineWorkflowAction({
  id: 'recalculate-partner-readiness',
  uid: 'recalculate-partner-readiness',
  objectType: 'COMPANY',
  labels: {
    actionName: 'Recalculate partner readiness',
    actionDescription:
      'Evaluates the partner now (score, tier, gaps) and writes the results to the company, like an input change would.',
    actionCardContent: 'Recalculate partner readiness',
  },
  inputFields: {},
  outputFields: {
    readiness_score: {
      schema: z.number().int().min(0).max(100),
      hubspot: { type: 'number', fieldType: 'number' },
      label: 'Readiness score',
    },
    tier: {
      schema: z.enum(['none', ...TIER_IDS]),
      hubspot: { type: 'enumeration', fieldType: 'select', options: tierOptions },
      label: 'Tier',
    },
    next_tier: {
      schema: z.enum(TIER_IDS).nullable(),
      hubspot: { type: 'enumeration', fieldType: 'select', options: nextTierOptions },
      label: 'Next tier',
    },
    points_to_next_tier: {
      schema: z.number().int().min(0),
      hubspot: { type: 'number', fieldType: 'number' },
      label: 'Points to next tier',
    },
    gap_count: {
      schema: z.number().int().min(0),
      hubspot: { type: 'number', fieldType: 'number' },
      label: 'Gap count',
    },
  },
});
