import { tierChangeRefusalOf, type TierChangeDecisionService } from '../../src/governance/tier-change-decision-service.js';
import type { Program, TierOrNone } from '../../src/program/program-schema.js';
import type { WorkflowActionHandler, WorkflowActionOutput } from '../define-workflow-action.js';
import type { decideTierChange } from './definition.js';

export interface DecideTierChangeDependencies {
  /** The product's tier decisions. */
  tierDecisions: Pick<TierChangeDecisionService, 'decideTierChange'>;
  /** Names the tiers in the message. */
  program: Program;
}

type Output = WorkflowActionOutput<typeof decideTierChange>;

/**
 * *Decide tier change*: decides the enrolled partner's proposed tier, with the workflow as the
 * actor. Nothing proposed, or another tier proposed than expected, is the `refused` outcome the
 * workflow can branch on; a company HubSpot does not have, or a failure to reach HubSpot or the
 * database, fails the action.
 */
export function createDecideTierChangeHandler(deps: DecideTierChangeDependencies): WorkflowActionHandler<typeof decideTierChange> {
  const name = (tier: TierOrNone) => (tier === 'none' ? 'None' : deps.program.tiers[tier].name);
  return async (input, context): Promise<Output> => {
    const actor = context.workflowId === null ? { type: 'workflow' as const } : { type: 'workflow' as const, id: context.workflowId };
    const expected = input.expected_tier === undefined || input.expected_tier === '' ? {} : { expectedTier: input.expected_tier };
    try {
      const result = await deps.tierDecisions.decideTierChange(context.objectId, { decision: input.decision, ...(input.reason ? { reason: input.reason } : {}), ...expected }, actor);
      return {
        decision_outcome: result.decision === 'approve' ? 'approved' : 'rejected',
        partner_tier: result.tierAfter,
        decision_message: result.decision === 'approve'
          ? `The partner is now ${name(result.tierAfter)}.`
          : `The proposal of ${name(result.proposedTier)} was rejected; the partner stays ${name(result.tierAfter)}.`,
      };
    } catch (error) {
      const refusal = tierChangeRefusalOf(error);
      if (refusal === null) throw error;
      return { decision_outcome: 'refused', partner_tier: '', decision_message: (error as Error).message };
    }
  };
}
