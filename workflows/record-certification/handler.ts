import { recordCertification, type RecordCertificationDependencies } from '../../src/lifecycle/record-certification.js';
import type { WorkflowActionHandler } from '../define-workflow-action.js';
import type { recordCertification as recordCertificationAction } from './definition.js';

/**
 * *Record certification*: the enrolled contact earned a certification on a date. Writes the
 * earned and expiry dates on the contact, queues its partners for recalculation and audits it, as
 * the product's `recordCertification` does. An id the program does not have, a date in the future
 * or a contact the portal does not have fail the action with the reason.
 */
export function createRecordCertificationHandler(deps: RecordCertificationDependencies): WorkflowActionHandler<typeof recordCertificationAction> {
  return async (input, context) => {
    const recorded = await recordCertification(
      { ...deps, now: () => context.receivedAt.getTime() },
      {
        portalId: context.portalId,
        contactId: context.objectId,
        certificationId: input.certification,
        earnedOn: input.earned_on,
        actor: { type: 'workflow', ...(context.workflowId ? { id: context.workflowId } : {}) },
      },
    );
    return {
      expires_on: recorded.expiresOn,
      certification_status: recorded.status,
      valid_certifications: recorded.validCertifications,
    };
  };
}
