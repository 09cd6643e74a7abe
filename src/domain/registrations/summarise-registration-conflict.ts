import { isPendingRegistrationId } from './pending-registration-id.js';
import type { ConflictCheck, ConflictReason, CustomerIdentity } from './types.js';

function describeReason(reason: ConflictReason): string {
  switch (reason.kind) {
    case 'partner_registration':
      if (isPendingRegistrationId(reason.registrationId)) {
        return `Conflict: partner ${reason.partnerId} registered this customer moments before; its registration, awaiting a decision, was still being created.`;
      }
      return reason.status === 'approved'
        ? `Conflict: partner ${reason.partnerId} holds approved registration ${reason.registrationId} on this customer, protected until ${reason.expiresOn ?? 'its decision'}.`
        : `Conflict: partner ${reason.partnerId} has registration ${reason.registrationId} on this customer awaiting a decision.`;
    case 'open_deal':
      return `Conflict: deal ${reason.dealId} is open on this customer.`;
    case 'recent_win':
      return `Possible: deal ${reason.dealId} on this customer was won on ${reason.closedOn}.`;
    case 'similar_name':
      return `Possible: company ${reason.companyId} (${reason.domain}) has the same name under another domain.`;
  }
}

/**
 * The text of `pe_registration_conflict_summary`: one line per reason, conflicts first, and a
 * line when the customer could not be matched by domain at all.
 */
export function summariseRegistrationConflict(check: ConflictCheck, customer: CustomerIdentity): string {
  const lines = check.reasons.map(describeReason);
  if (customer.domain === null) {
    lines.push(customer.freeMailDomain === null
      ? 'No customer domain was given, so the customer was matched by name only.'
      : `Only a free-mail domain (${customer.freeMailDomain}) was given, so the customer was matched by name only.`);
  }
  if (check.reasons.length === 0) lines.unshift('No conflict found.');
  return lines.join('\n');
}
