import type { ColumnType, Generated } from 'kysely';

/** A timestamp column: read as a Date, written as a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A date column (no time of day): read and written as `YYYY-MM-DD` (see `open-database.ts`). */
type CalendarDay = ColumnType<string, string, string>;
/** A JSON column: any JSON value in and out (null for SQL NULL). */
type Json = ColumnType<unknown, string | null, string | null>;

/** The migrations applied so far, one row each (see `apply-migrations.ts`). */
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Generated<Timestamp>;
}

/** The audit trail: who did what, when, with the values before and after. Append-only. */
export interface AuditEntriesTable {
  id: Generated<string>;
  portal_id: string;
  company_id: string | null;
  contact_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  before: Json;
  after: Json;
  /** The program's rule version the evaluation ran under (null for actions no rule decided). */
  rule_version: string | null;
  at: Timestamp;
  /** Where an entry copied from Redis came from (`migrate --from-redis`); null otherwise. */
  source: ColumnType<string | null, string | null | undefined, never>;
}

/** At most one score point per partner and day: the day's first evaluation. */
export interface ScorePointsTable {
  portal_id: string;
  company_id: string;
  day: CalendarDay;
  at: Timestamp;
  score: number;
  tier: string;
  trend: string;
}

/** One row per renewal reminder: what makes each reminder exactly once. */
export interface ReminderLedgerTable {
  portal_id: string;
  contact_id: string;
  certification_id: string;
  expires_on: CalendarDay;
  offset_days: number;
  /** `claimed` → `task-created` → `sent`. */
  state: 'claimed' | 'task-created' | 'sent';
  claimed_at: Timestamp;
  /** Who holds the claim (process id), so a takeover can be told from a first attempt. */
  claimed_by: string;
  task_id: string | null;
  sent_at: Timestamp | null;
}

/** Training tracks proposed to contacts and what became of them. */
export interface TrainingAssignmentsTable {
  id: string;
  portal_id: string;
  contact_id: string;
  company_id: string | null;
  track: string;
  state: 'pending' | 'active' | 'declined' | 'superseded' | 'withdrawn';
  contact_first_name: string | null;
  time_zone: string;
  assigned_at: Timestamp;
  assigned_by: Json;
  link_expires_at: Timestamp;
  decided_at: Timestamp | null;
  deadline_on: CalendarDay | null;
  deadline_at: Timestamp | null;
  warnings: Json;
}

/** Every accept or decline a contact gave on a consent page. Append-only. */
export interface ConsentDecisionsTable {
  id: Generated<string>;
  assignment_id: string;
  portal_id: string;
  contact_id: string;
  decision: 'accept' | 'decline';
  decided_at: Timestamp;
}

/** Personal partner page links (`/p/<token>`): the token's hash only, never the token. */
export interface PartnerLinksTable {
  id: string;
  token_hash: string;
  portal_id: string;
  contact_id: string;
  company_id: string;
  issued_at: Timestamp;
  issued_by: Json;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** Customer companies of the conflict-check index (docs/data.md, "Conflict-check index"); partners are not kept. */
export interface IndexCompaniesTable {
  portal_id: string;
  company_id: string;
  name: string | null;
  /** The company name in the form the conflict check compares (`acme` for "ACME, Inc."). */
  normalised_name: string | null;
  /** Registrable domain; null when the company has none, or only a free-mail one. */
  domain: string | null;
  indexed_at: Timestamp;
}

/** Open and won deals of the conflict-check index, one row per associated company. */
export interface IndexDealsTable {
  portal_id: string;
  deal_id: string;
  company_id: string;
  is_registration: boolean;
  state: 'open' | 'won';
  closed_on: CalendarDay | null;
  indexed_at: Timestamp;
}

/** Registrations of the conflict-check index: the deal that carries each one. */
export interface IndexRegistrationsTable {
  portal_id: string;
  deal_id: string;
  partner_id: string;
  /** The customer company; its domain and name are read from `index_companies`. */
  company_id: string | null;
  status: 'submitted' | 'approved' | 'rejected' | 'expired' | 'won' | 'lost';
  submitted_at: Timestamp | null;
  expires_on: CalendarDay | null;
  indexed_at: Timestamp;
  /** When the registration was approved or rejected (`pe_registration_decided_at`); null while undecided (migration 15). */
  decided_at: Timestamp | null;
}

/**
 * The customer a registration named when it was submitted (docs/data.md, "Registration
 * customers"): its registrable domain and normalised name, whether or not HubSpot has a company
 * for it. Its status is read from `index_registrations` by deal id.
 */
export interface RegistrationCustomersTable {
  portal_id: string;
  deal_id: string;
  partner_id: string;
  customer_domain: string | null;
  customer_name: string | null;
  submitted_at: Timestamp;
  /** The deal name as submitted (null before migration 6 or when none was given). */
  deal_name: string | null;
  /** The customer as the partner typed it (company name, else domain), for display. */
  customer_label: string | null;
  /** The conflict check's outcome at submission: clear, conflict or review. */
  conflict: string | null;
  /** When the decision is due (the SLA), as planned at submission. */
  due_at: Timestamp | null;
  /** The conflict check's reasons at submission (the records it found), a JSON array. */
  conflict_reasons: Json;
}

/**
 * Every deal of the portal as governance and incentives read it (docs/data.md, "Deal facts"),
 * mirrored from deal webhooks and repaired nightly. Amounts are minor units of `currency`.
 */
/**
 * A direct deal a registration's protection marked with its partner (docs/data.md, "Protected
 * deals"), at approval or by the direct-deal guard, with the guard's note and task once created.
 */
/** A partner's quarterly statement email, claimed before and marked sent after (docs/incentives.md, "Statements"). */
export interface StatementEmailsTable {
  portal_id: string;
  partner_id: string;
  /** `YYYYQn`. */
  quarter: string;
  claimed_at: Timestamp;
  sent_at: Timestamp | null;
  recipients: ColumnType<number, number | undefined, number>;
}

/**
 * A partner's review task for one review day (docs/data.md, "Tier review tasks"): claimed before
 * the task is created, `created` with its id after; never deleted once created.
 */
export interface TierReviewTasksTable {
  portal_id: string;
  company_id: string;
  /** The review day (`pe_next_tier_review` when it was due), `YYYY-MM-DD`. */
  review_on: CalendarDay;
  state: 'claimed' | 'created';
  task_id: string | null;
  claimed_at: Timestamp;
  /** The worker holding the claim: only it records the task or gives the claim up. */
  claimed_by: string;
  created_at: Timestamp | null;
}

/** A registration clock step that tells someone, claimed before and finished after (docs/data.md, "Registration steps"). */
export interface RegistrationStepsTable {
  portal_id: string;
  deal_id: string;
  /** `remind`, `escalate`, or `notice:<last protected day>`. */
  step: string;
  claimed_at: Timestamp;
  /** While a run is creating the task or sending the email; a run that failed releases it. */
  claimed_until: Timestamp | null;
  /** The task created, when the step creates one. */
  object_id: string | null;
  done_at: Timestamp | null;
}

/** The same claim-then-finish record as {@link RegistrationStepsTable}, for incentive requests. */
export interface IncentiveRequestStepsTable {
  portal_id: string;
  request_id: string;
  /** `task:verification`, `task:payment`, `escalation:verification` or `escalation:payment`. */
  step: string;
  claimed_at: Timestamp;
  claimed_until: Timestamp | null;
  object_id: string | null;
  done_at: Timestamp | null;
}

/**
 * A cache of computed program dashboards (docs/metrics.md "Precomputed answers"): dropping every
 * row loses nothing, the next request or refresh computes them again.
 */
export interface ProgramDashboardsTable {
  portal_id: string;
  /** `YYYYQn`, a closed quarter. */
  quarter: string;
  /** The dashboard as the route answers it, without `computedAt`. */
  body: Json;
  computed_at: Timestamp;
}

export interface ProtectedDealsTable {
  portal_id: string;
  deal_id: string;
  registration_id: string;
  partner_id: string;
  source: 'approval' | 'guard';
  marked_at: Timestamp;
  /** While a guard run is writing the note and task; a run that failed releases it. */
  claimed_until: Timestamp | null;
  note_id: string | null;
  task_id: string | null;
  /** When the deal's owner was told (note and task created); null for approval marks. */
  told_at: Timestamp | null;
  /** When the registration's expiry cleared the mark. */
  cleared_at: Timestamp | null;
}

export interface DealFactsTable {
  portal_id: string;
  deal_id: string;
  /** `pe_partner_company_id`; null for a deal no partner sourced. */
  partner_company_id: string | null;
  /** The customer company (the lowest associated company id that is not the partner). */
  customer_company_id: string | null;
  /** `bigint` columns: pg reads them as strings, the store turns them into numbers. */
  amount_in_home_currency: ColumnType<string | null, number | null, number | null>;
  amount: ColumnType<string | null, number | null, number | null>;
  /** `deal_currency_code`, else null (the portal's company currency). */
  currency: string | null;
  is_closed: boolean;
  is_won: boolean;
  /** `closedate`. */
  closed_at: Timestamp | null;
  /** `pe_strategic`. */
  strategic: boolean;
  /** `pe_product_line`. */
  product_line: string | null;
  /** `pipeline`. */
  pipeline_id: string | null;
  mirrored_at: Timestamp;
}

/** Quarter closes (docs/governance.md, "Quarter close"): claimed once per portal and quarter. */
export interface QuarterClosesTable {
  portal_id: string;
  /** `YYYYQn`. */
  quarter: string;
  claimed_at: Timestamp;
  finished_at: Timestamp | null;
  partners: number | null;
  changed: number | null;
}

/** Each partner's closed quarter: written once at the close, never updated. */
export interface TierSnapshotsTable {
  portal_id: string;
  company_id: string;
  quarter: string;
  /** The tier qualified for over the quarter (`none`…`platinum`). */
  qualified_tier: string;
  tier_before: string;
  tier_after: string;
  /** `advance`, `hold` or `demote`. */
  action: string;
  reason: string;
  outlook: string;
  quarters_above: number;
  quarters_below: number;
  /** The tier proposed for approval at this close, when approval is on and a change was due. */
  proposed_tier: string | null;
  program_status: string;
  /** The figures the decision read (revenue, logos, pipeline, staff…). */
  metrics: Json;
  closed_at: Timestamp;
}

/**
 * The incentive and MDF ledger (docs/incentives.md, "Ledger"): one row per fact, never updated
 * (a trigger refuses it). Amounts are signed minor units of `currency`.
 */
export interface LedgerEntriesTable {
  id: Generated<string>;
  portal_id: string;
  /** Idempotency key: the same fact derived twice is stored once. */
  entry_key: string;
  partner_id: string;
  kind: string;
  bucket: string;
  rule: string;
  /** `bigint`: pg reads it as a string. */
  amount_minor: ColumnType<string, number, number>;
  currency: string;
  source_type: string;
  source_id: string;
  reason: string;
  occurred_on: CalendarDay;
  reverses: string | null;
  actor: Json;
  recorded_at: Generated<Timestamp>;
}

/** What a partner asked for on the partner page (a SPIFF claim, a bonus, an MDF request or claim). */
export interface IncentiveRequestsTable {
  id: string;
  portal_id: string;
  partner_id: string;
  contact_id: string | null;
  type: string;
  details: Json;
  amount_minor: ColumnType<string | null, number | null, number | null>;
  currency: string | null;
  submitted_at: Timestamp;
}

/** The database as Kysely sees it. */
/**
 * The program dashboard's daily partner snapshots (docs/data.md, "Partner day snapshots"): one row
 * per partner per day, never updated. Money in minor units of the company currency.
 */
export interface PartnerDaySnapshotsTable {
  portal_id: string;
  company_id: string;
  day: CalendarDay;
  name: string | null;
  tier: string;
  program_status: string;
  readiness_score: number | null;
  health_score: number | null;
  health_status: string | null;
  certified_staff: number;
  valid_certifications: number;
  agreement_signed_on: CalendarDay | null;
  first_certified_on: CalendarDay | null;
  modules_assigned: number;
  modules_completed: number;
  renewals_due: number;
  renewals_renewed: number;
  /** bigint: read as a string by pg. */
  revenue_12m: ColumnType<string, number, number>;
  open_pipeline: ColumnType<string, number, number>;
  /** Each held certification's expiry, `[{ contactId, certificationId, expiresOn }]`, to tell renewals apart. */
  certifications: Json;
  caught_up: boolean;
  taken_at: Timestamp;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  audit_entries: AuditEntriesTable;
  score_points: ScorePointsTable;
  reminder_ledger: ReminderLedgerTable;
  training_assignments: TrainingAssignmentsTable;
  consent_decisions: ConsentDecisionsTable;
  partner_links: PartnerLinksTable;
  index_companies: IndexCompaniesTable;
  index_deals: IndexDealsTable;
  index_registrations: IndexRegistrationsTable;
  registration_customers: RegistrationCustomersTable;
  protected_deals: ProtectedDealsTable;
  registration_steps: RegistrationStepsTable;
  incentive_request_steps: IncentiveRequestStepsTable;
  program_dashboards: ProgramDashboardsTable;
  statement_emails: StatementEmailsTable;
  tier_review_tasks: TierReviewTasksTable;
  deal_facts: DealFactsTable;
  quarter_closes: QuarterClosesTable;
  tier_snapshots: TierSnapshotsTable;
  ledger_entries: LedgerEntriesTable;
  incentive_requests: IncentiveRequestsTable;
  partner_day_snapshots: PartnerDaySnapshotsTable;
}
