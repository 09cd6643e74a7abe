import { todayIn } from '../domain/calendar-date.js';
import { evaluatePartner } from '../domain/evaluate-partner.js';
import type { PartnerEvaluation, PartnerSnapshot } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import { readPartnerSnapshot } from '../hubspot/property-mapping.js';
import type { Program } from '../program/program-schema.js';
import type { PartnerDeals } from '../domain/governance/evaluate-business.js';

/** A company read from HubSpot with its contacts, and — for a partner — its evaluation today. */
export interface EvaluatedPartner {
  company: HubSpotRecord;
  snapshot: PartnerSnapshot;
  /** Null when the company is not a partner (`pe_is_partner` is not true): nothing is evaluated. */
  evaluation: PartnerEvaluation | null;
  /** Odd property values the reading had to interpret, and those the rules set aside. */
  warnings: string[];
}

/**
 * Loads one company with its contacts (one `loadPartners` call: batched reads, no writes) and
 * evaluates it on today's date in its time zone. Throws `NOT_FOUND` when HubSpot does not have the
 * company.
 */
export async function loadEvaluatedPartner(
  repository: Pick<PartnerRepository, 'loadPartners'>,
  program: Program,
  companyId: string,
  now: Date | number,
): Promise<EvaluatedPartner> {
  const { partners } = await repository.loadPartners([companyId]);
  const loaded = partners[0];
  if (!loaded) throw new AppError('NOT_FOUND', `Company ${companyId} does not exist in this HubSpot portal.`);
  return evaluateLoadedPartner(loaded.company, loaded.contacts, program, now);
}

/**
 * Reads and evaluates a company already loaded (see {@link loadEvaluatedPartner}); with its
 * `deals`, with the business requirements and partner health too (docs/governance.md).
 */
export function evaluateLoadedPartner(
  company: HubSpotRecord,
  contacts: readonly HubSpotRecord[],
  program: Program,
  now: Date | number,
  deals?: PartnerDeals,
): EvaluatedPartner {
  const { snapshot, warnings } = readPartnerSnapshot(company, contacts, program);
  const evaluation = snapshot.isPartner ? evaluatePartner(snapshot, program, todayIn(snapshot.timeZone, now), deals) : null;
  return { company, snapshot, evaluation, warnings: [...warnings, ...(evaluation?.warnings ?? [])] };
}
