import { z } from 'zod';
import { TIER_IDS, type Program } from '../../src/program/program-schema.js';
import { defineWorkflowAction } from '../define-workflow-action.js';

const tierOptions = (program: Program) => TIER_IDS.map((id) => ({ value: id, label: program.tiers[id].name }));

/**
 * Whether the enrolled partner meets every (cumulative) requirement of a target tier today, and
 * what is missing if not. Reads only; writes nothing.
 */
export const checkTierEligibility = defineWorkflowAction({
  id: 'check-tier-eligibility',
  uid: 'check-tier-eligibility',
  objectType: 'COMPANY',
  labels: {
    actionName: 'Check tier eligibility',
    actionDescription: 'Checks whether the partner meets the requirements of a tier and lists what is missing.',
    actionCardContent: 'Check eligibility for {{target_tier}}',
  },
  inputFields: {
    target_tier: {
      schema: z.enum(TIER_IDS),
      hubspot: { type: 'enumeration', fieldType: 'select', options: tierOptions },
      label: 'Target tier',
      description: 'Requirements of this tier and every tier below it are checked.',
    },
  },
  outputFields: {
    eligible: {
      schema: z.enum(['yes', 'no']),
      hubspot: {
        type: 'enumeration',
        fieldType: 'select',
        options: () => [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ],
      },
      label: 'Eligible',
    },
    missing_items: {
      schema: z.string(),
      hubspot: { type: 'string', fieldType: 'textarea' },
      label: 'Missing items',
    },
    missing_count: {
      schema: z.number().int().min(0),
      hubspot: { type: 'number', fieldType: 'number' },
      label: 'Missing item count',
    },
  },
});
