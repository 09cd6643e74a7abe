import { loadEvaluatedPartner } from '../../src/cards/load-evaluated-partner.js';
import { describeGap } from '../../src/domain/describe-gap.js';
import { identifyEnablementGaps } from '../../src/domain/identify-enablement-gaps.js';
import type { Gap, PartnerEvaluation } from '../../src/domain/types.js';
import { AppError } from '../../src/errors.js';
import type { PartnerRepository } from '../../src/hubspot/partner-repository.js';
import type { Program, TierId } from '../../src/program/program-schema.js';
import type { WorkflowActionHandler } from '../define-workflow-action.js';
import type { checkTierEligibility } from './definition.js';

export interface CheckTierEligibilityDependencies {
  repository: Pick<PartnerRepository, 'loadPartners'>;
  program: Program;
}

/**
 * What the partner lacks for `target` (tracks not complete, valid certifications short), as gaps.
 * Renewals are not requirements, so they are left out. Empty when the partner meets every
 * (cumulative) requirement of the target tier.
 */
export function missingForTier(evaluation: PartnerEvaluation, target: TierId, program: Program): Gap[] {
  const gaps = identifyEnablementGaps(
    {
      tier: evaluation.tier,
      targetTier: target,
      tracks: evaluation.tracks,
      certifications: evaluation.certifications,
      validCertifications: evaluation.validCertifications,
    },
    program,
  );
  return gaps.filter((gap) => gap.type !== 'renewal');
}

/**
 * *Check tier eligibility*: reads the enrolled partner and its people, evaluates it today in its
 * time zone and lists what the target tier still needs, one line per item. Writes nothing.
 */
export function createCheckTierEligibilityHandler(deps: CheckTierEligibilityDependencies): WorkflowActionHandler<typeof checkTierEligibility> {
  return async (input, context) => {
    const { snapshot, evaluation } = await loadEvaluatedPartner(deps.repository, deps.program, context.objectId, context.receivedAt);
    if (!evaluation) {
      throw new AppError('INVALID_INPUT', `Company ${context.objectId} is not a partner (pe_is_partner is not true): there is no tier to check.`);
    }
    const missing = missingForTier(evaluation, input.target_tier, deps.program);
    return {
      eligible: missing.length === 0 ? 'yes' : 'no',
      missing_items: missing.map((gap) => describeGap(gap, deps.program, snapshot.contacts)).join('\n'),
      missing_count: missing.length,
    };
  };
}
