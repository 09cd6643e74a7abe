import { isAppError } from '../../src/errors.js';
import type { Training } from '../../src/training/create-training.js';
import type { WorkflowActionHandler, WorkflowActionOutput } from '../define-workflow-action.js';
import type { assignTrainingTrack } from './definition.js';

export interface AssignTrainingTrackDependencies {
  /** The product's training offers (consent email, pending track, audit). */
  training: Pick<Training, 'assignTraining'>;
}

type Output = WorkflowActionOutput<typeof assignTrainingTrack>;

/**
 * *Assign training track*: offers the track to the enrolled contact and asks for consent; the
 * track starts only when they accept. Reaching the active-track limit is an outcome the workflow
 * can branch on (`track_limit_reached`), not a failure; a contact without an email (consent cannot
 * be asked) or one the portal does not have fails the action with the reason.
 */
export function createAssignTrainingTrackHandler(deps: AssignTrainingTrackDependencies): WorkflowActionHandler<typeof assignTrainingTrack> {
  return async (input, context): Promise<Output> => {
    try {
      const result = await deps.training.assignTraining({
        portalId: context.portalId,
        contactId: context.objectId,
        track: input.track,
        actor: { type: 'workflow', ...(context.workflowId ? { id: context.workflowId } : {}) },
      });
      return { assignment_status: result.outcome };
    } catch (error) {
      if (isAppError(error, 'TRACK_LIMIT')) return { assignment_status: 'track_limit_reached' };
      throw error;
    }
  };
}
