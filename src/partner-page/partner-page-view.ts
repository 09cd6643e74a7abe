import type { CalendarDate } from '../domain/types.js';
import type { PartnerLinkProblem } from './create-partner-links.js';

/** A training offer the contact can accept or decline on the page. */
export interface PartnerPageOffer {
  assignmentId: string;
  name: string;
  purpose: string;
  durationWeeks: number;
  deadlineIfAcceptedToday: CalendarDate;
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
