import type { IncentiveDecisionService } from '../../src/incentives/incentive-decision-service.js';
import { formatMoney } from '../../src/domain/money/format-money.js';
import type { WorkflowActionHandler, WorkflowActionOutput } from '../define-workflow-action.js';
import type { decidePartnerIncentive } from './definition.js';

export interface DecidePartnerIncentiveDependencies {
  /** The product's incentive decisions. */
  decisions: Pick<IncentiveDecisionService, 'decide'>;
}

type Output = WorkflowActionOutput<typeof decidePartnerIncentive>;

/**
 * *Decide partner incentive*: decides one of the enrolled company's incentive requests, with the
 * workflow as the actor. A refused step and a request that is not the company's are outcomes the
 * workflow can branch on; only a failure to reach HubSpot, the database or the mail fails it.
 */
export function createDecidePartnerIncentiveHandler(deps: DecidePartnerIncentiveDependencies): WorkflowActionHandler<typeof decidePartnerIncentive> {
  return async (input, context): Promise<Output> => {
    const actor = context.workflowId === null ? { type: 'workflow' as const } : { type: 'workflow' as const, id: context.workflowId };
    const result = await deps.decisions.decide(input.request_id, input.decision, input.reason ?? null, actor, context.objectId);
    if (result.outcome === 'not_found') {
      return { decision_outcome: 'not_found', request_status: '', decided_amount: '', decision_message: `Request ${input.request_id} is not one of this company's incentive requests.` };
    }
    if (result.outcome === 'refused') return { decision_outcome: 'refused', request_status: '', decided_amount: '', decision_message: result.message };
    return {
      decision_outcome: 'decided',
      request_status: result.status,
      decided_amount: formatMoney(result.amount),
      decision_message: result.notified === false ? 'Decided; the submitter has no email address, so the partner was not emailed.' : 'Decided.',
    };
  };
}
