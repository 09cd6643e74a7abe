import type { ReadHubSpotRecord } from '../../src/hubspot/read-hubspot-record.js';
import { AppError } from '../../src/errors.js';
import type { HubSpotRecord } from '../../src/hubspot/hubspot-record.js';
import type { PartnerRecalculator, RecalculationReport } from '../../src/recalculation/recalculate-partners.js';
import type { WorkflowActionHandler, WorkflowActionOutput } from '../define-workflow-action.js';
import type { recalculatePartnerReadiness } from './definition.js';

export interface RecalculatePartnerReadinessDependencies {
  /** The product's recalculation (the same path as a webhook-triggered one: writes, audit, notes, tasks). */
  recalculator: Pick<PartnerRecalculator, 'recalculatePartners'>;
  /** Reads the company back once its outputs are written (one request). */
  readCompany: ReadHubSpotRecord;
}

type Output = WorkflowActionOutput<typeof recalculatePartnerReadiness>;

/** Throws the failure the report names for this company, if any. */
export function checkRecalculated(report: RecalculationReport, companyId: string): void {
  if (report.missing.includes(companyId)) throw new AppError('NOT_FOUND', `Company ${companyId} does not exist in this HubSpot portal.`);
  if (report.notPartners.includes(companyId)) {
    throw new AppError('INVALID_INPUT', `Company ${companyId} is not a partner (pe_is_partner is not true): there is nothing to recalculate.`);
  }
  const failure = report.failed.find((failed) => failed.companyId === companyId);
  if (failure) throw new AppError('HUBSPOT_REJECTED', `HubSpot refused the partner's outputs: ${failure.reason}`);
}

function outputsOf(company: HubSpotRecord): Output {
  const value = (name: string) => company.properties[name] ?? '';
  // Exactly what was just written (or was already there, unchanged): the output schema refuses
  // anything else, so a value out of range fails loudly here instead of reaching the workflow.
  return {
    readiness_score: Number(value('pe_readiness_score')),
    tier: value('pe_tier') as Output['tier'],
    next_tier: (value('pe_next_tier') || null) as Output['next_tier'],
    points_to_next_tier: Number(value('pe_points_to_next_tier')),
    gap_count: Number(value('pe_gap_count')),
  };
}

/**
 * *Recalculate partner readiness*: recalculates the enrolled company through the product's own
 * recalculation (one company read, its associations and contacts, one write of what changed), then
 * reads its outputs back for the workflow. A company that is not a partner fails the action with
 * the reason; so does one HubSpot refuses to write.
 */
export function createRecalculatePartnerReadinessHandler(
  deps: RecalculatePartnerReadinessDependencies,
): WorkflowActionHandler<typeof recalculatePartnerReadiness> {
  return async (_input, context) => {
    const companyId = context.objectId;
    const report = await deps.recalculator.recalculatePartners(context.portalId, [companyId]);
    checkRecalculated(report, companyId);
    const company = await deps.readCompany(companyId);
    if (!company) throw new AppError('NOT_FOUND', `Company ${companyId} no longer exists in this HubSpot portal.`);
    return outputsOf(company);
  };
}
