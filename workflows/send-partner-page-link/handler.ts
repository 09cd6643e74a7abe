import { isAppError } from '../../src/errors.js';
import type { PartnerLinks } from '../../src/partner-page/create-partner-links.js';
import type { WorkflowActionHandler, WorkflowActionOutput } from '../define-workflow-action.js';
import type { sendPartnerPageLink } from './definition.js';

export interface SendPartnerPageLinkDependencies {
  /** The product's partner links (issue, email, audit). */
  links: Pick<PartnerLinks, 'send'>;
}

type Output = WorkflowActionOutput<typeof sendPartnerPageLink>;

/**
 * *Send partner page link*: issues a link for the enrolled contact and emails it. A contact with no
 * partner company or no email address is an outcome the workflow can branch on, not a failure.
 */
export function createSendPartnerPageLinkHandler(deps: SendPartnerPageLinkDependencies): WorkflowActionHandler<typeof sendPartnerPageLink> {
  return async (_input, context): Promise<Output> => {
    try {
      await deps.links.send(context.objectId, { type: 'workflow', ...(context.workflowId ? { id: context.workflowId } : {}) });
      return { link_status: 'sent' };
    } catch (error) {
      if (isAppError(error, 'INVALID_INPUT')) return { link_status: /no email/.test(error.message) ? 'no_email' : 'not_a_partner_contact' };
      throw error;
    }
  };
}
