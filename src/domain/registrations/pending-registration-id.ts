/** How the id of a registration whose deal is still being created begins. */
const PENDING_PREFIX = 'pending:';

/**
 * The id a registration goes by between its claim and its HubSpot deal (docs/registrations.md,
 * "Repeat submissions"): the claim is made before the deal exists, so it cannot carry the deal's id
 * yet; once the deal is made, the claim's rows (and every conflict reason naming it) take the deal's.
 */
export function pendingRegistrationId(claimKey: string): string {
  return `${PENDING_PREFIX}${claimKey}`;
}

/** True for an id given by `pendingRegistrationId`: a registration whose deal does not exist yet. */
export function isPendingRegistrationId(registrationId: string): boolean {
  return registrationId.startsWith(PENDING_PREFIX);
}
