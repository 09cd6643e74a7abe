import type { DealRegistrationResponse, RegistrationDecisionType, RegistrationStatus } from '../../extensions/app/cards/card-data.js';
import { applyRegistrationEvent, type RegistrationContext } from '../domain/registrations/apply-registration-event.js';
import type { ConflictReason } from '../domain/registrations/types.js';
import { isPendingRegistrationId } from '../domain/registrations/pending-registration-id.js';
import { registrationStateOfDeal } from '../registrations/registration-state-of-deal.js';
import { AppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import { createRecordReader, type ReadHubSpotRecord } from '../hubspot/read-hubspot-record.js';

const STATUSES: readonly RegistrationStatus[] = ['submitted', 'approved', 'rejected', 'expired', 'won', 'lost'];
const DEAL_PROPERTIES = [
  'pe_partner_company_id',
  'pe_registration_status',
  'pe_registration_submitted_at',
  'pe_registration_due_at',
  'pe_registration_expires_on',
  'pe_registration_decided_at',
  'pe_registration_conflict',
  'pe_registration_conflict_summary',
];

/** Where the deal registration card reads from: the deal, then its partner's name. */
export interface DealRegistrationSources {
  portalId: string;
  readDeal: ReadHubSpotRecord;
  readCompany: ReadHubSpotRecord;
  /** The conflict check's reasons recorded at submission (PostgreSQL); without it no records are linked. */
  conflictReasons?: (dealId: string) => Promise<ConflictReason[]>;
  /** The program's registration settings in the portal's time zone; without them the card offers no decisions. */
  rules?: RegistrationContext;
}

/** The card's reads over the app's HubSpot client: two batch reads of one record each. */
export function createDealRegistrationSources(
  client: HubSpotClient,
  portalId: string,
  conflictReasons?: DealRegistrationSources['conflictReasons'],
  rules?: RegistrationContext,
): DealRegistrationSources {
  return {
    portalId,
    ...(conflictReasons ? { conflictReasons } : {}),
    ...(rules ? { rules } : {}),
    readDeal: createRecordReader({ client, portalId, objectType: 'deals', properties: DEAL_PROPERTIES }),
    readCompany: createRecordReader({ client, portalId, objectType: 'companies', properties: ['name'] }),
  };
}

const recordUrl = (portalId: string, objectTypeId: '0-2' | '0-3', id: string) => `https://app.hubspot.com/contacts/${portalId}/record/${objectTypeId}/${id}`;

function conflictRecord(portalId: string, reason: ConflictReason): { label: string; url: string } {
  switch (reason.kind) {
    case 'partner_registration':
      // A claim whose deal was not made (docs/registrations.md, "Repeat submissions") has no deal to link: the partner is.
      if (isPendingRegistrationId(reason.registrationId)) {
        return { label: `Registration by partner ${reason.partnerId} (its deal is not in HubSpot)`, url: recordUrl(portalId, '0-2', reason.partnerId) };
      }
      return { label: `Registration ${reason.registrationId} by partner ${reason.partnerId} (${reason.status})`, url: recordUrl(portalId, '0-3', reason.registrationId) };
    case 'open_deal':
      return { label: `Open deal ${reason.dealId}`, url: recordUrl(portalId, '0-3', reason.dealId) };
    case 'recent_win':
      return { label: `Deal ${reason.dealId}, won on ${reason.closedOn}`, url: recordUrl(portalId, '0-3', reason.dealId) };
    case 'similar_name':
      return { label: `Company ${reason.domain}, similar name`, url: recordUrl(portalId, '0-2', reason.companyId) };
  }
}

function instant(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  const at = /^\d+$/.test(text) ? new Date(Number(text)) : new Date(text);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

const DECISIONS: ReadonlyArray<{ type: RegistrationDecisionType; event: (at: number) => Parameters<typeof applyRegistrationEvent>[1] }> = [
  { type: 'approve', event: (at) => ({ type: 'approve', at }) },
  { type: 'reject', event: (at) => ({ type: 'reject', at, reason: 'asked whether allowed' }) },
  { type: 'extend', event: (at) => ({ type: 'extend', at }) },
];

/** The decisions the state machine would take now (docs/registrations.md, "States"): each is tried on the deal's state. */
function allowedDecisions(properties: Record<string, string | null | undefined>, status: RegistrationStatus, rules: RegistrationContext | undefined, now: number): RegistrationDecisionType[] {
  if (!rules) return [];
  const state = registrationStateOfDeal(properties, status, rules.settings, rules.timeZone);
  return DECISIONS.filter(({ event }) => {
    try {
      applyRegistrationEvent(state, event(now), rules);
      return true;
    } catch {
      return false;
    }
  }).map(({ type }) => type);
}

/**
 * `GET /hubspot/cards/deal-registration`: the registration a deal carries (docs/registrations.md),
 * as HubSpot holds it: status, conflict outcome and summary, the partner with a link to its
 * record, while pending the time left before the decision is due, and the decisions its status
 * allows now. Reads only. Throws
 * `NOT_FOUND` for a deal this portal does not have.
 */
export async function loadDealRegistrationCard(sources: DealRegistrationSources, dealId: string, now: number): Promise<DealRegistrationResponse> {
  const deal = await sources.readDeal(dealId);
  if (!deal) throw new AppError('NOT_FOUND', `Deal ${dealId} does not exist in this HubSpot portal.`);
  const { properties } = deal;
  const status = STATUSES.find((candidate) => candidate === properties.pe_registration_status?.trim());
  if (!status) return { isRegistration: false, dealId };
  const partnerId = properties.pe_partner_company_id?.trim() ?? '';
  const partner = /^\d+$/.test(partnerId) ? await sources.readCompany(partnerId) : null;
  const dueAt = instant(properties.pe_registration_due_at);
  const reasons = sources.conflictReasons ? await sources.conflictReasons(dealId) : [];
  return {
    isRegistration: true,
    dealId,
    status,
    conflict: properties.pe_registration_conflict?.trim() || null,
    conflictSummary: properties.pe_registration_conflict_summary?.trim() || null,
    conflictRecords: reasons.map((reason) => conflictRecord(sources.portalId, reason)),
    partner: /^\d+$/.test(partnerId)
      ? { companyId: partnerId, name: partner?.properties.name ?? null, url: recordUrl(sources.portalId, '0-2', partnerId) }
      : null,
    submittedAt: instant(properties.pe_registration_submitted_at),
    dueAt,
    minutesToDue: status === 'submitted' && dueAt ? Math.floor((Date.parse(dueAt) - now) / 60_000) : null,
    expiresOn: properties.pe_registration_expires_on?.trim() || null,
    decisions: allowedDecisions(properties, status, sources.rules, now),
  };
}
