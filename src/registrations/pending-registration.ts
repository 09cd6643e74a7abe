import type { ConflictOutcome, ConflictReason, ExistingRegistration } from '../domain/registrations/types.js';

/**
 * A registration claimed before its HubSpot deal exists (docs/registrations.md, "Repeat
 * submissions"): its `registrationId` is a pending id, its status `submitted`, and the submission
 * that holds it may make the deal until `claimedUntil`.
 */
export interface PendingRegistration extends ExistingRegistration {
  /** When the holder took the claim: its token, so a holder that lost the claim cannot renew it. */
  claimedAt: Date;
  /** Until when the holder may make the deal; after it, the partner's next submission takes over. */
  claimedUntil: Date;
  /** The deal's name as submitted, which the deal carries and is looked up by on a takeover. */
  dealName: string | null;
  /** The conflict check's outcome and reasons when the claim was made, which the deal carries. */
  conflict: ConflictOutcome;
  reasons: ConflictReason[];
  /** When the decision is due, planned from the submission time. */
  dueAt: Date;
}
