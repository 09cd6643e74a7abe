import type { ConflictReason } from '../domain/registrations/types.js';

/** What the partner is shown of a registration, kept as it was at submission. */
export interface SubmittedRegistrationDetails {
  dealName: string | null;
  /** The customer as typed: company name, else domain. */
  customerLabel: string | null;
  /** The conflict check's outcome. */
  conflict: string | null;
  /** When the decision is due. */
  dueAt: Date | null;
  /** The records the conflict check found. */
  reasons?: ConflictReason[];
}
