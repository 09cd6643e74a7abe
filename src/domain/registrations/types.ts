import type { CalendarDate } from '../types.js';

/** `pe_registration_status`: where a registration is in its life (docs/registrations.md, "States"). */
export type RegistrationStatus = 'submitted' | 'approved' | 'rejected' | 'expired' | 'won' | 'lost';

/** `pe_registration_conflict`: how a new registration compares with what the vendor already knows. */
export type ConflictOutcome = 'none' | 'possible' | 'conflict';

/** Epoch milliseconds: an instant, not a day. */
export type Instant = number;

/** Who the customer of a registration is, as the rules compare customers. */
export interface CustomerIdentity {
  /** Registrable domain (`acme.co.uk`), never a free-mail domain; null when none is known. */
  domain: string | null;
  /** Where the domain came from. */
  domainSource: 'website' | 'email' | null;
  /** Normalised company name (`acme` for "ACME, Inc."); null when none was given. */
  name: string | null;
  /** The free-mail domain the partner gave instead of a company one, if any (`gmail.com`). */
  freeMailDomain: string | null;
}

/** A registration already on file, as the conflict check and the duplicate check read it. */
export interface ExistingRegistration {
  registrationId: string;
  partnerId: string;
  status: RegistrationStatus;
  /** Registrable domain of its customer, already normalised; null when it had none. */
  customerDomain: string | null;
  /** Normalised customer name; null when it had none. */
  customerName: string | null;
  submittedAt: Instant;
  /** Last protected day of an approved registration. */
  expiresOn: CalendarDate | null;
}

/** A HubSpot deal associated with a customer company. */
export interface CustomerDeal {
  dealId: string;
  /** True for a deal that carries a registration (it is judged by the registration rules). */
  isRegistration: boolean;
  state: 'open' | 'won' | 'lost';
  /** Close date of a won or lost deal. */
  closedOn: CalendarDate | null;
  /** Registrable domain of the deal's customer company, already normalised. */
  customerDomain: string | null;
}

/** A customer company the vendor has in HubSpot. */
export interface CustomerCompany {
  companyId: string;
  /** Company name as HubSpot holds it (normalised by the check). */
  name: string | null;
  /** Registrable domain, already normalised; null when it has none. */
  domain: string | null;
}

/** One reason a registration is a conflict or a possible one; the approver sees every reason. */
export type ConflictReason =
  | { kind: 'partner_registration'; severity: 'conflict'; registrationId: string; partnerId: string; status: 'submitted' | 'approved'; expiresOn: CalendarDate | null }
  | { kind: 'open_deal'; severity: 'conflict'; dealId: string }
  | { kind: 'recent_win'; severity: 'possible'; dealId: string; closedOn: CalendarDate }
  | { kind: 'similar_name'; severity: 'possible'; companyId: string; domain: string };

export interface ConflictCheck {
  outcome: ConflictOutcome;
  /** Conflicts first, then possible ones; within a kind by id, so the order never depends on the input's. */
  reasons: ConflictReason[];
}

/** The state of one registration that its transitions change. */
export interface RegistrationState {
  status: RegistrationStatus;
  submittedAt: Instant;
  decidedAt: Instant | null;
  /** Portal-zone date of the approval; protection counts from it. */
  approvedOn: CalendarDate | null;
  /** Last protected day; the registration expires the day after. */
  expiresOn: CalendarDate | null;
  extensionsUsed: number;
  rejectionReason: string | null;
  /** When it was won, lost or expired. */
  closedAt: Instant | null;
}

/** Something that happens to a registration. */
export type RegistrationEvent =
  | { type: 'approve'; at: Instant }
  | { type: 'reject'; at: Instant; reason: string }
  | { type: 'extend'; at: Instant }
  | { type: 'expire'; at: Instant }
  | { type: 'win'; at: Instant }
  | { type: 'lose'; at: Instant };
