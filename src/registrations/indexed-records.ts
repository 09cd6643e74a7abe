import type { RegistrationStatus } from '../domain/registrations/types.js';

/** A customer company as the conflict-check index keeps it. */
export interface IndexedCompany {
  companyId: string;
  name: string | null;
  normalisedName: string | null;
  /** Registrable domain, never a free-mail one; null when none. */
  domain: string | null;
}

/** One (deal, associated company) row of an open or won deal. */
export interface IndexedDeal {
  dealId: string;
  companyId: string;
  isRegistration: boolean;
  state: 'open' | 'won';
  closedOn: string | null;
}

/** The registration a deal carries. */
export interface IndexedRegistration {
  dealId: string;
  partnerId: string;
  companyId: string | null;
  status: RegistrationStatus;
  submittedAt: Date | null;
  expiresOn: string | null;
  /** When it was approved or rejected; null while undecided. Kept through expiry and extensions. */
  decidedAt: Date | null;
}

/** What one HubSpot deal becomes in the index: its deal rows (none when lost) and its registration, if any. */
export interface IndexedDealRecord {
  dealId: string;
  deals: IndexedDeal[];
  registration: IndexedRegistration | null;
}
