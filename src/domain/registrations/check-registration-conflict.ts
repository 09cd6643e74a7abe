import { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import type { RegistrationSettings } from '../../program/registration-settings.js';
import type { CalendarDate } from '../types.js';
import { holdsActiveClaim } from './holds-active-claim.js';
import { normaliseCompanyName } from './normalise-company-name.js';
import type { ConflictCheck, ConflictReason, CustomerCompany, CustomerDeal, CustomerIdentity, ExistingRegistration } from './types.js';

/** What a new registration is checked against; the caller may pass more than the customer's records. */
export interface ConflictCheckInput {
  partnerId: string;
  customer: CustomerIdentity;
  /** The evaluation date in the portal's time zone. */
  today: CalendarDate;
  registrations: readonly ExistingRegistration[];
  deals: readonly CustomerDeal[];
  companies: readonly CustomerCompany[];
  rules: RegistrationSettings['conflict'];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const KIND_ORDER: Record<ConflictReason['kind'], number> = { partner_registration: 0, open_deal: 1, recent_win: 2, similar_name: 3 };

function idOf(reason: ConflictReason): string {
  switch (reason.kind) {
    case 'partner_registration': return reason.registrationId;
    case 'open_deal':
    case 'recent_win': return reason.dealId;
    case 'similar_name': return reason.companyId;
  }
}

function compareReasons(a: ConflictReason, b: ConflictReason): number {
  const byKind = KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (byKind !== 0) return byKind;
  // Then by id, then by everything else, so that the order is total and never the input's.
  const [keyA, keyB] = [`${idOf(a)}\u0000${JSON.stringify(a)}`, `${idOf(b)}\u0000${JSON.stringify(b)}`];
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

function otherPartnersClaims(input: ConflictCheckInput, domain: string): ConflictReason[] {
  return input.registrations
    .filter((registration) => registration.partnerId !== input.partnerId && registration.customerDomain === domain)
    .filter((registration) => holdsActiveClaim(registration, input.today))
    .map((registration) => ({
      kind: 'partner_registration',
      severity: 'conflict',
      registrationId: registration.registrationId,
      partnerId: registration.partnerId,
      status: registration.status === 'approved' ? 'approved' : 'submitted',
      expiresOn: registration.expiresOn,
    }));
}

/** The first day of the recent-win window, null when the window is off. */
function recentWinsSince(input: ConflictCheckInput): CalendarDate | null {
  if (input.rules.recentWinMonths === 0) return null;
  const since = DateTime.fromISO(input.today, { zone: 'utc' }).minus({ months: input.rules.recentWinMonths }).toISODate();
  if (since === null || !ISO_DATE.test(input.today)) throw new AppError('INVALID_INPUT', `"${input.today}" is not a YYYY-MM-DD date`);
  return since;
}

function dealReasons(input: ConflictCheckInput, domain: string): ConflictReason[] {
  const reasons: ConflictReason[] = [];
  const since = recentWinsSince(input);
  for (const deal of input.deals) {
    if (deal.customerDomain !== domain) continue;
    if (deal.state === 'open' && !deal.isRegistration) reasons.push({ kind: 'open_deal', severity: 'conflict', dealId: deal.dealId });
    const recentWin = deal.state === 'won' && since !== null && deal.closedOn !== null
      && deal.closedOn >= since && deal.closedOn <= input.today;
    if (recentWin) reasons.push({ kind: 'recent_win', severity: 'possible', dealId: deal.dealId, closedOn: deal.closedOn! });
  }
  return reasons;
}

function similarNames(input: ConflictCheckInput): ConflictReason[] {
  const { name, domain } = input.customer;
  if (!input.rules.matchCompanyNames || name === null) return [];
  return input.companies
    .filter((company) => company.domain !== null && company.domain !== domain)
    .filter((company) => company.name !== null && normaliseCompanyName(company.name) === name)
    .map((company) => ({ kind: 'similar_name', severity: 'possible', companyId: company.companyId, domain: company.domain! }));
}

/**
 * Classifies a new registration against the vendor's deals and other partners' claims
 * (docs/registrations.md, "Conflict check"). `conflict` when another partner holds a pending or
 * approved, unexpired registration on the customer's domain, or the customer has an open deal
 * outside the registrations; `possible` when it has a closed-won deal within
 * `recentWinMonths`, or a company with the same normalised name and another domain exists; else
 * `none`. The partner's own registrations never conflict with it (a repeat is a duplicate, see
 * findDuplicateRegistration). A customer without a domain (none given, or only a free-mail one)
 * matches nothing by domain. The outcome is advice to the approver, never a rejection.
 */
export function checkRegistrationConflict(input: ConflictCheckInput): ConflictCheck {
  const { domain } = input.customer;
  const reasons = [
    ...(domain === null ? [] : otherPartnersClaims(input, domain)),
    ...(domain === null ? [] : dealReasons(input, domain)),
    ...similarNames(input),
  ].sort(compareReasons)
    // The same record passed twice is one reason.
    .filter((reason, index, sorted) => index === 0 || compareReasons(sorted[index - 1]!, reason) !== 0);
  const outcome = reasons.some((reason) => reason.severity === 'conflict')
    ? 'conflict'
    : reasons.length > 0 ? 'possible' : 'none';
  return { outcome, reasons };
}
