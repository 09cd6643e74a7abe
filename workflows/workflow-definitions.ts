import { assignTrainingTrack } from './assign-training-track/definition.js';
import { decidePartnerIncentive } from './decide-partner-incentive/definition.js';
import { decidePartnerRegistration } from './decide-partner-registration/definition.js';
import { decideTierChange } from './decide-tier-change/definition.js';
import { checkTierEligibility } from './check-tier-eligibility/definition.js';
import { recalculatePartnerReadiness } from './recalculate-partner-readiness/definition.js';
import { recordCertification } from './record-certification/definition.js';
import { registerPartnerDeal } from './register-partner-deal/definition.js';
import { sendPartnerPageLink } from './send-partner-page-link/definition.js';

export { assignTrainingTrack, checkTierEligibility, decidePartnerIncentive, decidePartnerRegistration, decideTierChange, recalculatePartnerReadiness, recordCertification, registerPartnerDeal, sendPartnerPageLink };
export type {
  AnyWorkflowActionDefinition,
  WorkflowActionContext,
  WorkflowActionDefinition,
  WorkflowActionHandler,
  WorkflowActionInput,
  WorkflowActionOutput,
} from './define-workflow-action.js';
export { toOutputFieldStrings } from './define-workflow-action.js';

/** Every custom workflow action, by id (the `<action>` of `POST /hubspot/actions/<action>`). */
export const WORKFLOW_ACTIONS = {
  [recalculatePartnerReadiness.id]: recalculatePartnerReadiness,
  [recordCertification.id]: recordCertification,
  [assignTrainingTrack.id]: assignTrainingTrack,
  [checkTierEligibility.id]: checkTierEligibility,
  [sendPartnerPageLink.id]: sendPartnerPageLink,
  [registerPartnerDeal.id]: registerPartnerDeal,
  [decidePartnerRegistration.id]: decidePartnerRegistration,
  [decideTierChange.id]: decideTierChange,
  [decidePartnerIncentive.id]: decidePartnerIncentive,
} as const;

export type WorkflowActionId = keyof typeof WORKFLOW_ACTIONS;

export function isWorkflowActionId(id: string): id is WorkflowActionId {
  return Object.hasOwn(WORKFLOW_ACTIONS, id);
}
