import type { ReadHubSpotRecord } from '../src/hubspot/read-hubspot-record.js';
import type { PartnerRepository } from '../src/hubspot/partner-repository.js';
import type { RecordCertificationDependencies } from '../src/lifecycle/record-certification.js';
import type { Program } from '../src/program/program-schema.js';
import type { PartnerRecalculator } from '../src/recalculation/recalculate-partners.js';
import type { Training } from '../src/training/create-training.js';
import { createAssignTrainingTrackHandler } from './assign-training-track/handler.js';
import { createDecidePartnerIncentiveHandler } from './decide-partner-incentive/handler.js';
import { createDecidePartnerRegistrationHandler } from './decide-partner-registration/handler.js';
import { createDecideTierChangeHandler } from './decide-tier-change/handler.js';
import type { TierChangeDecisionService } from '../src/governance/tier-change-decision-service.js';
import type { IncentiveDecisionService } from '../src/incentives/incentive-decision-service.js';
import { createCheckTierEligibilityHandler } from './check-tier-eligibility/handler.js';
import { createRecalculatePartnerReadinessHandler } from './recalculate-partner-readiness/handler.js';
import { createRecordCertificationHandler } from './record-certification/handler.js';
import { createRegisterPartnerDealHandler } from './register-partner-deal/handler.js';
import type { RegistrationDecisionService } from '../src/registrations/registration-decision-service.js';
import type { RegistrationSubmissionService } from '../src/registrations/registration-submission-service.js';
import { createSendPartnerPageLinkHandler } from './send-partner-page-link/handler.js';
import type { PartnerLinks } from '../src/partner-page/create-partner-links.js';
import type { WorkflowActionHandlers } from './workflow-action-handlers.js';

export { createAssignTrainingTrackHandler, createCheckTierEligibilityHandler, createDecidePartnerIncentiveHandler, createDecidePartnerRegistrationHandler, createDecideTierChangeHandler, createRecalculatePartnerReadinessHandler, createRecordCertificationHandler, createRegisterPartnerDealHandler, createSendPartnerPageLinkHandler };
export type { WorkflowActionHandlers } from './workflow-action-handlers.js';
export {
  BlockedActionQueue,
  startBlockedActionWorker,
  type BlockedAction,
  type BlockedActionQueueOptions,
  type BlockedActionWorkerOptions,
  type RunningBlockedActionWorker,
} from './blocked-action-queue.js';

/** What the custom workflow actions run on (the app's services). */
export interface WorkflowActionDependencies {
  program: Program;
  /** Reads partners (Check tier eligibility). */
  repository: Pick<PartnerRepository, 'loadPartners'>;
  /** The product's recalculation (Recalculate partner readiness). */
  recalculator: Pick<PartnerRecalculator, 'recalculatePartners'>;
  /** Reads a company's outputs back after a recalculation (`createCompanyReader`). */
  readCompany: ReadHubSpotRecord;
  /** What `recordCertification` needs (Record certification). */
  certifications: RecordCertificationDependencies;
  /** Training offers with consent (Assign training track). */
  training: Pick<Training, 'assignTraining'>;
  /** Partner page links (Send partner page link). */
  partnerLinks: Pick<PartnerLinks, 'send'>;
  /** Deal registrations (Register partner deal). */
  registrations: Pick<RegistrationSubmissionService, 'submitRegistration'>;
  /** Decisions on registrations (Decide partner registration). */
  decisions: Pick<RegistrationDecisionService, 'decideRegistration'>;
  /** Decisions on proposed tier changes (Decide tier change). */
  tierDecisions: Pick<TierChangeDecisionService, 'decideTierChange'>;
  /** Decisions on incentive requests (Decide partner incentive). */
  incentives: Pick<IncentiveDecisionService, 'decide'>;
}

/**
 * The handlers of every action, by id: the same set serves the route (`createWorkflowActionsRouter`)
 * and the worker that completes BLOCKed executions (`startBlockedActionWorker`).
 */
export function createWorkflowActionHandlers(deps: WorkflowActionDependencies): WorkflowActionHandlers {
  return {
    'recalculate-partner-readiness': createRecalculatePartnerReadinessHandler({ recalculator: deps.recalculator, readCompany: deps.readCompany }),
    'record-certification': createRecordCertificationHandler(deps.certifications),
    'assign-training-track': createAssignTrainingTrackHandler({ training: deps.training }),
    'check-tier-eligibility': createCheckTierEligibilityHandler({ repository: deps.repository, program: deps.program }),
    'send-partner-page-link': createSendPartnerPageLinkHandler({ links: deps.partnerLinks }),
    'register-partner-deal': createRegisterPartnerDealHandler({ registrations: deps.registrations }),
    'decide-partner-registration': createDecidePartnerRegistrationHandler({ decisions: deps.decisions }),
    'decide-tier-change': createDecideTierChangeHandler({ tierDecisions: deps.tierDecisions, program: deps.program }),
    'decide-partner-incentive': createDecidePartnerIncentiveHandler({ decisions: deps.incentives }),
  };
}
