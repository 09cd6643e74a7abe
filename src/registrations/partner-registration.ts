import type { CalendarDate } from '../domain/types.js';

/** One of a partner's registrations as the partner page and cards show it. */
export interface PartnerRegistration {
  /** The registration's deal id. */
  registrationId: string;
  dealName: string | null;
  /** The customer as submitted: company name, else domain. */
  customer: string | null;
  /** submitted, approved, rejected, expired, won or lost. */
  status: string;
  /** The conflict check's outcome at submission (none, possible, conflict); null for older rows. */
  conflict: string | null;
  submittedAt: number;
  /** When the decision is due (epoch ms); null for older rows. */
  dueAt: number | null;
  expiresOn: CalendarDate | null;
}
