import type { RegistrationTransitionRefusal } from '../../src/domain/registrations/apply-registration-event.js';
import { isAppError } from '../../src/errors.js';
import type { RegistrationDecisionService } from '../../src/registrations/registration-decision-service.js';
import type { WorkflowActionHandler, WorkflowActionOutput } from '../define-workflow-action.js';
import type { decidePartnerRegistration } from './definition.js';

export interface DecidePartnerRegistrationDependencies {
  /** The product's registration decisions. */
  decisions: Pick<RegistrationDecisionService, 'decideRegistration'>;
}

type Output = WorkflowActionOutput<typeof decidePartnerRegistration>;

/**
 * *Decide partner registration*: decides the enrolled deal's registration, as the signed API does,
 * with the workflow as the actor. A refused step and a deal that is no registration are outcomes
 * the workflow can branch on; only a failure to reach HubSpot, the database or the mail fails it.
 */
export function createDecidePartnerRegistrationHandler(deps: DecidePartnerRegistrationDependencies): WorkflowActionHandler<typeof decidePartnerRegistration> {
  return async (input, context): Promise<Output> => {
    const decision = input.decision === 'reject' ? { type: 'reject' as const, reason: input.rejection_reason ?? '' } : { type: input.decision };
    const actor = context.workflowId === null ? { type: 'workflow' as const } : { type: 'workflow' as const, id: context.workflowId };
    try {
      const result = await deps.decisions.decideRegistration(context.objectId, decision, actor);
      return {
        decision_outcome: 'decided',
        registration_status: result.status,
        registration_expires_on: result.expiresOn ?? '',
        decision_message: result.notified ? 'The partner was emailed the decision.' : 'The submitter has no email address: the partner was not emailed.',
      };
    } catch (error) {
      if (isAppError(error, 'NOT_FOUND')) return { decision_outcome: 'not_a_registration', registration_status: '', registration_expires_on: '', decision_message: error.message };
      const refusal = isAppError(error, 'INVALID_INPUT') ? (error.details as Partial<RegistrationTransitionRefusal> | undefined) : undefined;
      if (refusal?.refused !== 'registration_transition') throw error;
      return { decision_outcome: 'refused', registration_status: refusal.from ?? '', registration_expires_on: '', decision_message: (error as Error).message };
    }
  };
}
