import type { RegistrationSubmissionService } from '../../src/registrations/registration-submission-service.js';
import type { WorkflowActionHandler, WorkflowActionOutput } from '../define-workflow-action.js';
import type { registerPartnerDeal } from './definition.js';

export interface RegisterPartnerDealDependencies {
  /** The product's registration submission. */
  registrations: Pick<RegistrationSubmissionService, 'submitRegistration'>;
}

type Output = WorkflowActionOutput<typeof registerPartnerDeal>;

/**
 * *Register partner deal*: submits a registration for the enrolled contact, as the signed API does.
 * Every answer of the submission is an outcome the workflow can branch on; only a failure to reach
 * HubSpot or the database fails the action.
 */
export function createRegisterPartnerDealHandler(deps: RegisterPartnerDealDependencies): WorkflowActionHandler<typeof registerPartnerDeal> {
  return async (input, context): Promise<Output> => {
    const result = await deps.registrations.submitRegistration(input.partner_company_id, context.objectId, {
      customerCompanyName: input.customer_company_name,
      customerDomain: input.customer_domain,
      customerContactName: input.customer_contact_name,
      customerContactEmail: input.customer_contact_email,
      dealName: input.deal_name,
      amount: input.amount,
      expectedCloseDate: input.expected_close_date,
      description: input.description,
    });
    const warnings = 'warnings' in result ? result.warnings.map((warning) => `${warning.field}: ${warning.message}`) : [];
    switch (result.outcome) {
      case 'invalid':
        return {
          registration_outcome: 'invalid',
          registration_id: '',
          registration_conflict: '',
          registration_message: result.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
        };
      case 'refused':
        return { registration_outcome: 'refused', registration_id: '', registration_conflict: '', registration_message: result.message };
      case 'lead':
        return { registration_outcome: 'lead', registration_id: '', registration_conflict: '', registration_message: [`Lead company ${result.companyId}, contact ${result.contactId}.`, ...warnings].join('; ') };
      case 'registered':
        return {
          registration_outcome: result.duplicate ? 'duplicate' : 'registered',
          registration_id: result.registrationId,
          registration_conflict: result.conflict ?? '',
          registration_message: [result.summary ?? 'The partner already holds this registration.', ...warnings].join('\n'),
        };
    }
  };
}
