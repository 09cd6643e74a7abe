import type { CalendarDate } from '../domain/types.js';
import type { StatementTable } from '../incentives/describe-partner-statement.js';
import type { PageIncentives } from '../incentives/describe-incentives-for-page.js';
import type { TierOrNone } from '../program/program-schema.js';
import type { PartnerLinkProblem } from './create-partner-links.js';

/** A training offer the contact can accept or decline on the page. */
export interface PartnerPageOffer {
  assignmentId: string;
  name: string;
  purpose: string;
  durationWeeks: number;
  deadlineIfAcceptedToday: CalendarDate;
}

/** One of the partner's registrations as the page lists it (texts already formatted). */
export interface PartnerPageRegistration {
  registrationId: string;
  dealName: string | null;
  customer: string | null;
  status: string;
  conflict: string | null;
  /** The decision due time, formatted in the partner's time zone; null when none is known. */
  dueAt: string | null;
}

/** The Registrations section: the partner's registrations and the submission form. */
export interface PartnerPageRegistrations {
  items: PartnerPageRegistration[];
  /** The form's values after a refused submission, so nothing typed is lost. */
  values: Record<string, string>;
  /** Every problem of the last submission, named by field. */
  problems: string[];
}

/** The Incentives section: what can be claimed, the requests and their forms. */
export interface PartnerPageIncentives extends PageIncentives {
  /** The form the problems belong to (`bonus`, `mdf_request`, `mdf_claim`). */
  form: string | null;
  values: Record<string, string>;
  problems: string[];
  /** The partner's statements, last closed quarter first (docs/incentives.md, "Statements"). */
  statements: Array<{ heading: string; tables: StatementTable[] }>;
  /** What a submission is checked against; not shown. */
  context: { officialTier: TierOrNone; today: CalendarDate; currency: string; timeZone: string };
}

/** What the partner page of one contact shows. */
export interface PartnerPageContent {
  /** The page's own path (forms post below it). */
  path: string;
  /** The anti-CSRF token every form carries. */
  formToken: string;
  contactName: string | null;
  companyName: string | null;
  /** Null when the company is no longer a partner. */
  tier: { name: string; score: number; next: { name: string; pointsToGo: number } | null } | null;
  tracks: Array<{ name: string; completed: number; total: number; complete: boolean }>;
  gaps: string[];
  offers: PartnerPageOffer[];
  activeTraining: Array<{ name: string; deadlineOn: CalendarDate | null }>;
  /** Training offers past the active-track limit cannot be accepted now. */
  trackLimit: { max: number; reached: boolean };
  linkExpiresOn: CalendarDate;
  /** Null when this installation takes no registrations from the page. */
  registrations: PartnerPageRegistrations | null;
  /** Null when this installation takes no incentive requests from the page. */
  incentives: PartnerPageIncentives | null;
  /** The outcome of the form just sent, shown above the page. */
  notice?: { tone: 'ok' | 'problem'; text: string };
}

/** Every page the public partner routes answer with. */
export type PartnerPageView =
  | { kind: 'page'; status: number; content: PartnerPageContent }
  | { kind: 'link-problem'; problem: PartnerLinkProblem }
  | { kind: 'not-your-partner' }
  | { kind: 'form-refused' }
  | { kind: 'request-form'; status?: number }
  | { kind: 'request-answered' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'try-again' };
