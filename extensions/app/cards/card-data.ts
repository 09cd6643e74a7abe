/**
 * The card-data contract: the JSON the backend answers to the cards' `hubspot.fetch` calls.
 *
 * The cards import these types; the backend (src/http) imports them too, so both sides compile
 * against one definition. This file is bundled into the cards, which cannot import from outside
 * their folder: it holds types and constants only, and imports nothing.
 *
 * Every route takes `portalId` and the record id in the query string (HubSpot signs the full URL),
 * answers JSON, and is signed by HubSpot (`X-HubSpot-Signature-v3`). The backend checks the
 * signature, then answers only about records of the portal that asked: a `portalId` that is not
 * the installing portal gets 403 `FORBIDDEN`. Errors answer `CardErrorBody` with the status below.
 *
 * | route | query | body | 200 answer |
 * |---|---|---|---|
 * | `GET /hubspot/cards/partner-enablement` | `portalId`, `companyId` | — | `PartnerEnablementResponse` |
 * | `GET /hubspot/cards/contact-enablement` | `portalId`, `contactId` | — | `ContactEnablementResponse` |
 * | `POST /hubspot/cards/partner-enablement/recalculate` | `portalId`, `companyId` | `{}` | `RecalculateResponse` |
 * | `POST /hubspot/cards/partner-enablement/assign-training` | `portalId`, `companyId` | `AssignTrainingRequest` | `AssignTrainingResponse` |
 * | `GET /hubspot/cards/deal-registration` | `portalId`, `dealId` | — | `DealRegistrationResponse` |
 * | `POST /hubspot/cards/deal-registration/decision` | `portalId`, `dealId` | `RegistrationDecisionRequest` | `RegistrationDecisionResponse` |
 * | `POST /hubspot/cards/partner-enablement/decide-tier-change` | `portalId`, `companyId` | `DecideTierChangeRequest` | `DecideTierChangeResponse` |
 *
 * Error statuses: 400 `INVALID_INPUT` (missing or malformed query or body), 401 `INVALID_SIGNATURE`,
 * 403 `FORBIDDEN` (another portal, or a contact that is not associated with the company),
 * 404 `NOT_FOUND` (no such record), 409 `TRACK_LIMIT` (assign-training when the contact already has
 * the maximum number of active tracks), 409 `REFUSED` (a registration decision its status does not
 * allow, or a rejection without a reason), 409 `PROPOSAL_CHANGED` (decide-tier-change when nothing, or
 * another tier, is proposed now), 429 `HUBSPOT_RATE_LIMITED`, 5xx anything else.
 *
 * Values are display-ready JSON, not HubSpot strings: numbers are numbers, dates are `YYYY-MM-DD`
 * calendar dates in the partner's time zone, instants are ISO 8601 UTC strings. Names (tiers,
 * tracks, certifications) come from the loaded program so the cards show the vendor's wording.
 */

/** Card routes, relative to the backend origin (the `PUBLIC_BASE_URL` profile variable). */
export const CARD_ROUTES = {
  partnerEnablement: '/hubspot/cards/partner-enablement',
  contactEnablement: '/hubspot/cards/contact-enablement',
  recalculate: '/hubspot/cards/partner-enablement/recalculate',
  assignTraining: '/hubspot/cards/partner-enablement/assign-training',
  dealRegistration: '/hubspot/cards/deal-registration',
  decideRegistration: '/hubspot/cards/deal-registration/decision',
  decideTierChange: '/hubspot/cards/partner-enablement/decide-tier-change',
  decideIncentive: '/hubspot/cards/partner-enablement/decide-incentive',
} as const;

/** A calendar date, `YYYY-MM-DD`, in the partner's time zone. */
export type CalendarDate = string;
/** An instant, ISO 8601 in UTC (`2026-11-20T09:30:00.000Z`). */
export type Instant = string;

export type TierId = 'bronze' | 'silver' | 'gold' | 'platinum';
export type TierOrNone = TierId | 'none';
export type TrackId = 'foundation' | 'sales' | 'technical' | 'advanced';
export type Role = 'sales' | 'se' | 'consultant' | 'manager' | 'senior';
export type CertificationStatus = 'active' | 'expiring' | 'grace' | 'expired';
export type Priority = 'high' | 'medium' | 'low';
export type Trend = 'improving' | 'stable' | 'declining';
export type RecommendationWhen = 'immediately' | 'this_week' | 'this_month';

/** A tier as the card shows it. */
export interface TierView {
  id: TierOrNone;
  /** The program's name; `"None"` below bronze. */
  name: string;
}

/** The tier above the current one, with the score it expects. */
export interface NextTierView {
  id: TierId;
  name: string;
  /** The next tier's target score; the progress bar runs from 0 to it. */
  targetScore: number;
}

/** The partner's progress on one training track (modules completed over all its people). */
export interface TrackView {
  id: TrackId;
  name: string;
  /** Modules completed; foundation counts 1 when complete, else 0. */
  completed: number;
  /** Modules in the track; foundation counts 1. */
  total: number;
  complete: boolean;
  /** Earliest training deadline among the partner's contacts with this track active; null when none. */
  deadline: CalendarDate | null;
}

/** One (contact, certification) pair of the partner. Expired pairs are listed too. */
export interface CertificationView {
  certificationId: string;
  /** The program's name of the certification. */
  name: string;
  contactId: string;
  /** The holder's full name, else email, else null. */
  holderName: string | null;
  status: CertificationStatus;
  earnedOn: CalendarDate;
  expiresOn: CalendarDate;
  /** `expiresOn − today` in whole days; negative once expired. */
  daysToExpiry: number;
}

interface GapBase {
  priority: Priority;
  /** One readable line, e.g. "Complete the Sales track (3 modules left)". */
  label: string;
}

/** A track the target tier needs that is not complete. */
export interface TrainingGapView extends GapBase {
  type: 'training';
  track: TrackId;
  /** Modules left; null for foundation (complete or not). */
  remainingModules: number | null;
}

/** Valid certifications below the target tier's minimum. */
export interface CertificationGapView extends GapBase {
  type: 'certification';
  /** How many more valid certifications are needed. */
  needed: number;
  /** Recommended certification ids, most useful first. */
  recommended: string[];
}

/** A held certification that is expiring or in grace. Always `high`. */
export interface RenewalGapView extends GapBase {
  type: 'renewal';
  priority: 'high';
  certificationId: string;
  contactId: string;
  holderName: string | null;
  /** Days to expiry; negative in grace. */
  expiresInDays: number;
}

/** A business requirement of the target tier not met (revenue, new logos, certified people…). */
export interface RequirementGapView extends GapBase {
  type: 'requirement';
  /** The requirement's setting, e.g. `minRevenue12m`. */
  requirement: string;
  /** What is missing (minor units for revenue); null for a yes/no requirement. */
  missing: number | null;
}

export type GapView = TrainingGapView | CertificationGapView | RenewalGapView | RequirementGapView;

export type HealthStatus = 'on_target' | 'at_risk' | 'off_target';

/** One component of partner health: its share (0–1, null without data) and its weight. */
export interface HealthComponentView {
  name: 'revenue' | 'pipeline' | 'winRate' | 'enablement' | 'engagement';
  value: number | null;
  weight: number;
  /** The weight it carries once the components without data are left out (0 when left out). */
  effectiveWeight: number;
}

/** Partner health (0–100) and its status; score and status null when no component has data. */
export interface HealthView {
  score: number | null;
  status: HealthStatus | null;
  components: HealthComponentView[];
}

/** A certification of one team member, in the team table. */
export interface TeamCertificationView {
  certificationId: string;
  name: string;
  status: CertificationStatus;
  expiresOn: CalendarDate;
}

/** One person of the partner (an associated contact). */
export interface TeamMemberView {
  contactId: string;
  /** Full name, else email, else null. */
  name: string | null;
  email: string | null;
  role: Role | null;
  /** Tracks accepted and in progress. */
  activeTracks: TrackId[];
  /** Tracks offered and waiting for the person's consent. */
  pendingTracks: TrackId[];
  /** Earliest deadline among the active tracks; null when none. */
  nextTrainingDeadline: CalendarDate | null;
  certifications: TeamCertificationView[];
  /** Valid (active, expiring or grace) certifications the person holds. */
  validCertifications: number;
}

export interface Recommendation {
  when: RecommendationWhen;
  text: string;
}

/** The company is not a partner (`pe_is_partner` is not true): nothing is evaluated. */
export interface NotAPartnerResponse {
  isPartner: false;
  companyId: string;
  companyName: string | null;
}

/** `GET /hubspot/cards/partner-enablement` for a partner. */
export interface PartnerEnablementData {
  isPartner: true;
  companyId: string;
  companyName: string | null;
  /** The day the evaluation was made for, in the partner's time zone. */
  asOf: CalendarDate;
  /** Readiness score, integer 0–100. */
  score: number;
  tier: TierView;
  /** Null at the top tier. */
  nextTier: NextTierView | null;
  /** `max(0, nextTier.targetScore − score)`; 0 at the top tier. */
  pointsToNextTier: number;
  /** The tier the gaps are measured toward (`pe_target_tier` when above the current tier, else the next tier); null at the top. */
  targetTier: { id: TierId; name: string } | null;
  /** Null until the partner has score history. */
  trend: Trend | null;
  /** Permission ids the current tier grants, in program order. */
  permissions: string[];
  /** One entry per training track, in program order. */
  tracks: TrackView[];
  /** Every (contact, certification) pair, most urgent expiry first. */
  certifications: CertificationView[];
  /** Gaps toward the target tier, most urgent first (the domain's `orderGaps`). */
  gaps: GapView[];
  /** Every associated contact; empty for a partner with no contacts. */
  team: TeamMemberView[];
  /** Most urgent first (`immediately`, then `this_week`, then `this_month`). */
  recommendations: Recommendation[];
  /** When an output last changed (`pe_readiness_evaluated_at`); null if never written. */
  evaluatedAt: Instant | null;
  /** The partner's deal registrations; absent when the backend keeps none. */
  registrations?: PartnerRegistrationsView;
  /** Tier governance: the proposal waiting for a decision, the outlook and the closed quarters; absent when the backend keeps none. */
  governance?: TierGovernanceView;
  /** Partner health and its components; absent when the backend read no deals. */
  health?: HealthView;
  /** The partner's incentive requests waiting for a person; absent when the backend keeps none. */
  incentives?: IncentiveRequestView[];
}

/** A tier change a quarter close proposed, waiting for someone to approve or reject it. */
export interface TierProposalView {
  /** The official tier now (`pe_tier`). */
  from: TierView;
  /** The proposed tier (`pe_tier_proposed`). */
  to: TierView;
}

/** One closed quarter of the partner (a tier snapshot). */
export interface TierHistoryEntryView {
  /** `2027Q1`. */
  quarter: string;
  /** The tier the partner qualified for over the quarter. */
  qualified: TierView;
  /** The official tier before and after the close. */
  before: TierView;
  after: TierView;
  /** `advance`, `hold` or `demote`. */
  action: string;
  /** Why, as the close decided (`qualified_above`, `advance_pending`, …). */
  reason: string;
  /** The tier proposed for approval at this close; null when none. */
  proposed: TierView | null;
}

/** What the card shows of tier governance (docs/governance.md). */
export interface TierGovernanceView {
  /** Null when nothing is proposed. */
  proposal: TierProposalView | null;
  /** One sentence, e.g. "Advancing to Gold at the close of 2027 Q1 if this holds"; null when there is nothing to say. */
  outlook: string | null;
  /** Closed quarters, newest first, at most eight. */
  history: TierHistoryEntryView[];
}

/** `POST /hubspot/cards/partner-enablement/decide-tier-change` body. */
export interface DecideTierChangeRequest {
  decision: 'approve' | 'reject';
  /** The proposed tier the card showed; a different proposal now is refused (409). */
  expectedTier: TierOrNone;
  reason?: string;
}

/** The decision and the fresh card. */
export interface DecideTierChangeResponse {
  decision: 'approve' | 'reject';
  /** The official tier after the decision. */
  tier: TierView;
  card: PartnerEnablementResponse;
}

export type IncentiveRequestStatus = 'pending' | 'approved' | 'rejected' | 'paid';
export type IncentiveDecision = 'approve' | 'reject' | 'pay';

/** One incentive request waiting for a decision (pending) or a payment (approved). */
export interface IncentiveRequestView {
  requestId: string;
  /** `spiff_claim`, `bonus`, `mdf_request` or `mdf_claim`. */
  type: string;
  title: string;
  /** The amount asked, with its currency (`USD 2,000.00`); null when none. */
  amount: string | null;
  status: IncentiveRequestStatus;
  submittedAt: Instant;
}

/** `POST /hubspot/cards/partner-enablement/decide-incentive`. */
export interface DecideIncentiveRequest {
  requestId: string;
  decision: IncentiveDecision;
  /** Needed to reject. */
  reason?: string;
}

/** What a decision from the card did, and the requests still open after it. */
export interface DecideIncentiveResponse {
  outcome: 'decided' | 'refused';
  status: IncentiveRequestStatus | null;
  message: string;
  open: IncentiveRequestView[];
}

export type RegistrationStatus = 'submitted' | 'approved' | 'rejected' | 'expired' | 'won' | 'lost';

/** What an approver can do with a registration from the deal card. */
export type RegistrationDecisionType = 'approve' | 'reject' | 'extend';

/** One of the partner's latest registrations. */
export interface RegistrationSummaryView {
  /** The registration's deal id. */
  registrationId: string;
  dealName: string | null;
  /** The customer as submitted: company name, else domain. */
  customer: string | null;
  status: RegistrationStatus;
  /** The conflict check's outcome at submission (`none`, `possible`, `conflict`); null when unknown. */
  conflict: string | null;
  submittedAt: Instant;
  /** When the decision is due; null when unknown. */
  dueAt: Instant | null;
}

/** The partner's registrations: how many in each status, and the latest few. */
export interface PartnerRegistrationsView {
  counts: Record<RegistrationStatus, number>;
  /** Newest first, at most five. */
  latest: RegistrationSummaryView[];
}

/** `GET /hubspot/cards/deal-registration` for a deal that carries a partner registration. */
export interface DealRegistrationData {
  isRegistration: true;
  dealId: string;
  status: RegistrationStatus;
  /** The conflict check's outcome (`none`, `possible`, `conflict`); null when unknown. */
  conflict: string | null;
  /** The conflict check's summary as written on the deal; null when none. */
  conflictSummary: string | null;
  /** The records the conflict check found, each with a link to it; empty when none are known. */
  conflictRecords: Array<{ label: string; url: string }>;
  /** The registering partner, with a link to its record. */
  partner: { companyId: string; name: string | null; url: string } | null;
  submittedAt: Instant | null;
  dueAt: Instant | null;
  /** While pending: whole minutes until the decision is due when the answer was made, negative once overdue; else null. */
  minutesToDue: number | null;
  /** The last protected day of an approved registration. */
  expiresOn: CalendarDate | null;
  /**
   * The decisions the registration's status allows now (approve and reject while submitted,
   * extend while approved, protected and not extended as often as the program allows); the card
   * shows a button for each. Empty when none, or when the backend takes no decisions.
   */
  decisions: RegistrationDecisionType[];
}

/** `GET /hubspot/cards/deal-registration` for a deal that is not a partner registration. */
export interface NotARegistrationResponse {
  isRegistration: false;
  dealId: string;
}

export type DealRegistrationResponse = DealRegistrationData | NotARegistrationResponse;

export type PartnerEnablementResponse = PartnerEnablementData | NotAPartnerResponse;

/** `GET /hubspot/cards/contact-enablement`. */
export interface ContactEnablementResponse {
  contactId: string;
  name: string | null;
  role: Role | null;
  /** The partner company the contact belongs to; null when associated with no partner. */
  partner: { companyId: string; name: string | null } | null;
  /** The day the dates were computed for, in the partner's time zone. */
  asOf: CalendarDate;
  /** Every certification the contact holds, most urgent expiry first. */
  certifications: Array<{
    certificationId: string;
    name: string;
    status: CertificationStatus;
    earnedOn: CalendarDate;
    expiresOn: CalendarDate;
    daysToExpiry: number;
  }>;
  /** Earliest expiry among valid certifications; null when none. */
  nextCertificationExpiry: CalendarDate | null;
  activeTracks: Array<{ id: TrackId; name: string; deadline: CalendarDate | null }>;
  /** Tracks offered and waiting for the contact's consent. */
  pendingTracks: Array<{ id: TrackId; name: string }>;
}

/**
 * `POST /hubspot/cards/partner-enablement/recalculate`: evaluates the partner now (same path as a
 * webhook-triggered evaluation, writes outputs that changed, audits) and answers the fresh card.
 */
export interface RecalculateResponse {
  /** Whether any output property changed. */
  changed: boolean;
  card: PartnerEnablementResponse;
}

/** `POST /hubspot/cards/partner-enablement/assign-training` body. */
export interface AssignTrainingRequest {
  /** A contact associated with the company of the query. */
  contactId: string;
  track: TrackId;
}

/**
 * The assignment never starts training: it marks the track pending and asks the contact for
 * consent (email with an accept link); the track becomes active only when they accept.
 */
export interface AssignTrainingResponse {
  outcome: 'consent_requested' | 'already_pending' | 'already_active';
  contactId: string;
  track: TrackId;
  /** Where the consent request went (masked, e.g. `j***@example.com`); null when the contact has no email. */
  consentRequestedFrom: string | null;
}

/** `POST /hubspot/cards/deal-registration/decision` body; a rejection needs a reason, which the partner is told. */
export type RegistrationDecisionRequest = { decision: 'approve' } | { decision: 'reject'; reason: string } | { decision: 'extend' };

/** What a decision from the card left behind, with the card as a reload would show it. */
export interface RegistrationDecisionResponse {
  status: RegistrationStatus;
  /** Whether the partner was emailed about the decision. */
  notified: boolean;
  card: DealRegistrationResponse;
}

/** Body of every non-2xx answer. */
export interface CardErrorBody {
  error: {
    /** An `AppError` code (src/errors.ts), e.g. `TRACK_LIMIT`. */
    code: string;
    /** Written for the person looking at the card. */
    message: string;
  };
}
