/** One step of the schema. Applied once, in version order, each in the transaction of its run. */
export interface Migration {
  version: number;
  name: string;
  /** SQL statements, run in order. */
  statements: readonly string[];
}

/**
 * The schema, as versioned steps. Never edit a step that was released: add the next one.
 * docs/data.md describes the tables.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'durable program data',
    statements: [
      // before/after as json, not jsonb: an audit entry keeps what was recorded verbatim, key order included.
      `create table audit_entries (
        id bigserial primary key,
        portal_id text not null,
        company_id text,
        contact_id text,
        actor_type text not null,
        actor_id text,
        action text not null,
        before json,
        after json,
        rule_version text,
        at timestamptz not null
      )`,
      `create index audit_entries_company on audit_entries (portal_id, company_id, at, id) where company_id is not null`,
      `create index audit_entries_contact on audit_entries (portal_id, contact_id, at, id) where contact_id is not null`,
      `create index audit_entries_portal_time on audit_entries (portal_id, at)`,
      `create table score_points (
        portal_id text not null,
        company_id text not null,
        day date not null,
        at timestamptz not null,
        score integer not null,
        tier text not null,
        trend text not null,
        primary key (portal_id, company_id, day)
      )`,
      `create table reminder_ledger (
        portal_id text not null,
        contact_id text not null,
        certification_id text not null,
        expires_on date not null,
        offset_days integer not null,
        state text not null check (state in ('claimed', 'task-created', 'sent')),
        claimed_at timestamptz not null,
        claimed_by text not null,
        task_id text,
        sent_at timestamptz,
        primary key (portal_id, contact_id, certification_id, expires_on, offset_days)
      )`,
      `create table training_assignments (
        id text primary key,
        portal_id text not null,
        contact_id text not null,
        company_id text,
        track text not null,
        state text not null check (state in ('pending', 'active', 'declined', 'superseded', 'withdrawn')),
        contact_first_name text,
        time_zone text not null,
        assigned_at timestamptz not null,
        assigned_by jsonb not null,
        link_expires_at timestamptz not null,
        decided_at timestamptz,
        deadline_on date,
        deadline_at timestamptz,
        warnings jsonb not null default '[]'
      )`,
      // One open (pending or active) assignment per contact and track.
      `create unique index training_assignments_open on training_assignments (portal_id, contact_id, track) where state in ('pending', 'active')`,
      `create table consent_decisions (
        id bigserial primary key,
        assignment_id text not null references training_assignments (id),
        portal_id text not null,
        contact_id text not null,
        decision text not null check (decision in ('accept', 'decline')),
        decided_at timestamptz not null
      )`,
      `create index consent_decisions_contact on consent_decisions (portal_id, contact_id, decided_at)`,
    ],
  },
  {
    version: 2,
    name: 'audit entries copied from Redis',
    statements: [
      // Where an entry copied by `migrate --from-redis` came from (stream key and entry id), so a
      // second copy finds it; null for entries the product writes.
      `alter table audit_entries add column source text`,
      `create unique index audit_entries_source on audit_entries (source)`,
    ],
  },
  {
    version: 3,
    name: 'partner page links',
    statements: [
      // The token itself is never stored: only its SHA-256, which is what a link is found by.
      `create table partner_links (
        id text primary key,
        token_hash text not null unique,
        portal_id text not null,
        contact_id text not null,
        company_id text not null,
        issued_at timestamptz not null,
        issued_by jsonb not null,
        expires_at timestamptz not null,
        revoked_at timestamptz
      )`,
      `create index partner_links_contact on partner_links (portal_id, contact_id, issued_at)`,
    ],
  },
  {
    version: 4,
    name: 'conflict-check index',
    statements: [
      // Customer companies (never partners) by registrable domain and normalised name.
      `create table index_companies (
        portal_id text not null,
        company_id text not null,
        name text,
        normalised_name text,
        domain text,
        indexed_at timestamptz not null,
        primary key (portal_id, company_id)
      )`,
      `create index index_companies_domain on index_companies (portal_id, domain) where domain is not null`,
      `create index index_companies_name on index_companies (portal_id, normalised_name) where normalised_name is not null`,
      // Open and won deals, one row per associated company; lost deals are never a reason and are not kept.
      `create table index_deals (
        portal_id text not null,
        deal_id text not null,
        company_id text not null,
        is_registration boolean not null,
        state text not null check (state in ('open', 'won')),
        closed_on date,
        indexed_at timestamptz not null,
        primary key (portal_id, deal_id, company_id)
      )`,
      `create index index_deals_company on index_deals (portal_id, company_id)`,
      // Registrations: the deal that carries one, its partner, customer company, state and dates.
      `create table index_registrations (
        portal_id text not null,
        deal_id text not null,
        partner_id text not null,
        company_id text,
        status text not null check (status in ('submitted', 'approved', 'rejected', 'expired', 'won', 'lost')),
        submitted_at timestamptz,
        expires_on date,
        indexed_at timestamptz not null,
        primary key (portal_id, deal_id)
      )`,
      `create index index_registrations_company on index_registrations (portal_id, company_id) where company_id is not null`,
    ],
  },
  {
    version: 5,
    name: 'registration customers as submitted',
    statements: [
      // The customer each registration named when it was submitted, so repeat submissions and other
      // partners' checks find it even when HubSpot has no company for that customer yet.
      `create table registration_customers (
        portal_id text not null,
        deal_id text not null,
        partner_id text not null,
        customer_domain text,
        customer_name text,
        submitted_at timestamptz not null,
        primary key (portal_id, deal_id)
      )`,
      `create index registration_customers_domain on registration_customers (portal_id, customer_domain) where customer_domain is not null`,
      `create index registration_customers_name on registration_customers (portal_id, customer_name) where customer_name is not null`,
    ],
  },
  {
    version: 6,
    name: 'registration outcome as submitted',
    statements: [
      // What the partner is shown of their own registrations: the deal name and customer as they
      // typed them, the conflict check's outcome with its reasons and the decision due time, as of
      // submission.
      `alter table registration_customers add column deal_name text, add column customer_label text, add column conflict text, add column due_at timestamptz, add column conflict_reasons jsonb`,
      `create index registration_customers_partner on registration_customers (portal_id, partner_id, submitted_at)`,
    ],
  },
  {
    version: 7,
    name: 'deal facts',
    statements: [
      // Every deal of the portal as governance and incentives read it (docs/data.md, "Deal facts"):
      // partner-sourced or not, because a new logo is a customer's first win by anyone.
      `create table deal_facts (
        portal_id text not null,
        deal_id text not null,
        partner_company_id text,
        customer_company_id text,
        amount_in_home_currency bigint,
        amount bigint,
        currency text,
        is_closed boolean not null,
        is_won boolean not null,
        closed_at timestamptz,
        strategic boolean not null default false,
        product_line text,
        pipeline_id text,
        mirrored_at timestamptz not null,
        primary key (portal_id, deal_id)
      )`,
      `create index deal_facts_partner on deal_facts (portal_id, partner_company_id) where partner_company_id is not null`,
      `create index deal_facts_customer_wins on deal_facts (portal_id, customer_company_id, closed_at) where is_won and customer_company_id is not null`,
    ],
  },
  {
    version: 8,
    name: 'protected direct deals',
    statements: [
      // Each direct deal a registration's protection marked (docs/data.md, "Protected deals"): at
      // approval, or by the direct-deal guard when the deal was created or associated later. One row
      // per (deal, registration) makes the guard's note and task happen once however often the
      // event is delivered; the expiry clears exactly the deals its registration marked.
      `create table protected_deals (
        portal_id text not null,
        deal_id text not null,
        registration_id text not null,
        partner_id text not null,
        source text not null check (source in ('approval', 'guard')),
        marked_at timestamptz not null,
        claimed_until timestamptz,
        note_id text,
        task_id text,
        told_at timestamptz,
        cleared_at timestamptz,
        primary key (portal_id, deal_id, registration_id)
      )`,
      `create index protected_deals_registration on protected_deals (portal_id, registration_id)`,
    ],
  },
  {
    version: 9,
    name: 'quarterly tier governance',
    statements: [
      // One row per closed quarter and portal: claimed before the close starts, finished after the
      // last partner, so a close runs once however many workers see the scheduler fire
      // (docs/governance.md, "Quarter close").
      `create table quarter_closes (
        portal_id text not null,
        quarter text not null,
        claimed_at timestamptz not null,
        finished_at timestamptz,
        partners integer,
        changed integer,
        primary key (portal_id, quarter)
      )`,
      // Each partner's quarter as it closed: what it qualified for, its official tier before and
      // after, the counters and the figures the decision read. Written once; never updated.
      `create table tier_snapshots (
        portal_id text not null,
        company_id text not null,
        quarter text not null,
        qualified_tier text not null,
        tier_before text not null,
        tier_after text not null,
        action text not null,
        reason text not null,
        outlook text not null,
        quarters_above integer not null,
        quarters_below integer not null,
        proposed_tier text,
        program_status text not null,
        metrics jsonb not null,
        closed_at timestamptz not null,
        primary key (portal_id, company_id, quarter)
      )`,
      `create index tier_snapshots_quarter on tier_snapshots (portal_id, quarter)`,
    ],
  },
  {
    version: 10,
    name: 'incentive ledger',
    statements: [
      // The incentive and MDF ledger (docs/incentives.md, "Ledger"): every accrual, claim,
      // approval, rejection, payment and clawback is a row; nothing is updated in place. The key
      // makes deriving the same fact twice store it once.
      `create table ledger_entries (
        id bigint generated always as identity primary key,
        portal_id text not null,
        entry_key text not null,
        partner_id text not null,
        kind text not null,
        bucket text not null,
        rule text not null,
        amount_minor bigint not null,
        currency text not null,
        source_type text not null,
        source_id text not null,
        reason text not null,
        occurred_on date not null,
        reverses text,
        actor jsonb,
        recorded_at timestamptz not null default now(),
        unique (portal_id, entry_key)
      )`,
      `create index ledger_entries_partner on ledger_entries (portal_id, partner_id, occurred_on)`,
      `create index ledger_entries_source on ledger_entries (portal_id, source_type, source_id)`,
      // Incentive requests a partner makes on the partner page (a SPIFF claim, a strategic bonus,
      // an MDF request and its claim): the request as submitted; its decisions are ledger rows.
      `create table incentive_requests (
        id text primary key,
        portal_id text not null,
        partner_id text not null,
        contact_id text,
        type text not null,
        details jsonb not null,
        amount_minor bigint,
        currency text,
        submitted_at timestamptz not null
      )`,
      `create index incentive_requests_partner on incentive_requests (portal_id, partner_id, submitted_at)`,
      // Ledger rows are appended, never changed: the database refuses an update or a delete.
      `create function ledger_entries_append_only() returns trigger language plpgsql as $$
        begin raise exception 'ledger_entries is append-only'; end $$`,
      `create trigger ledger_entries_no_change before update or delete on ledger_entries
        for each row execute function ledger_entries_append_only()`,
    ],
  },
  {
    version: 11,
    name: 'partner day snapshots',
    statements: [
      // One row per partner per day for the program dashboard's trends (docs/data.md, "Partner
      // day snapshots"); a day is written once, and a day filled in after downtime says so.
      `create table partner_day_snapshots (
        portal_id text not null,
        company_id text not null,
        day date not null,
        name text,
        tier text not null,
        program_status text not null,
        readiness_score integer,
        health_score integer,
        health_status text,
        certified_staff integer not null,
        valid_certifications integer not null,
        agreement_signed_on date,
        first_certified_on date,
        modules_assigned integer not null,
        modules_completed integer not null,
        renewals_due integer not null,
        renewals_renewed integer not null,
        revenue_12m bigint not null,
        open_pipeline bigint not null,
        certifications jsonb not null,
        caught_up boolean not null,
        taken_at timestamptz not null,
        primary key (portal_id, company_id, day)
      )`,
      `create index partner_day_snapshots_day on partner_day_snapshots (portal_id, day)`,
    ],
  },
  {
    version: 12,
    name: 'registration steps done',
    statements: [
      // One row per registration clock step that tells someone (the reminder and escalation tasks,
      // the expiry notice): claimed before the HubSpot task or the email, finished after it, so a
      // step planned again after Redis lost its jobs is not run twice (docs/data.md, "Registration steps").
      `create table registration_steps (
        portal_id text not null,
        deal_id text not null,
        step text not null,
        claimed_at timestamptz not null,
        claimed_until timestamptz,
        object_id text,
        done_at timestamptz,
        primary key (portal_id, deal_id, step)
      )`,
    ],
  },
  {
    version: 13,
    name: 'tier review tasks',
    statements: [
      // One row per (partner, review day) whose owner's review task is being or was created:
      // claimed before the task, marked created with its id after, so a run repeated after a
      // crash or a Redis loss never gives a review twice (docs/data.md, "Tier review tasks").
      `create table tier_review_tasks (
        portal_id text not null,
        company_id text not null,
        review_on date not null,
        state text not null check (state in ('claimed', 'created')),
        task_id text,
        claimed_at timestamptz not null,
        claimed_by text not null,
        created_at timestamptz,
        primary key (portal_id, company_id, review_on)
      )`,
    ],
  },
  {
    version: 14,
    name: 'statement emails',
    statements: [
      // One row per (partner, quarter) whose statement email went out: written before the
      // emails, marked sent after them (docs/incentives.md, "Statements").
      `create table statement_emails (
        portal_id text not null,
        partner_id text not null,
        quarter text not null,
        claimed_at timestamptz not null,
        sent_at timestamptz,
        recipients integer not null default 0,
        primary key (portal_id, partner_id, quarter)
      )`,
    ],
  },
  {
    version: 15,
    name: 'registration decision times and quarter-end snapshot reads',
    statements: [
      // When a registration was approved or rejected (docs/metrics.md, "Registrations"): kept by
      // every path that writes the index, and filled in from the audit trail for those decided
      // before it was kept.
      `alter table index_registrations add column decided_at timestamptz`,
      `update index_registrations r set decided_at = d.at
        from (
          select portal_id, after->>'registrationId' as deal_id, min(at) as at from audit_entries
          where action in ('registration.approved', 'registration.rejected') group by 1, 2
        ) d
        where d.portal_id = r.portal_id and d.deal_id = r.deal_id and r.decided_at is null`,
      // The dashboard's per-quarter reads (docs/metrics.md, "Cost (measured)"): each partner's last day in a
      // quarter and the quarter's totals, from the index alone, without the rows' certification
      // expiries. It serves everything the (portal_id, day) index did.
      `create index partner_day_snapshots_quarter_end on partner_day_snapshots (portal_id, day, company_id)
        include (program_status, readiness_score, certified_staff, modules_assigned, modules_completed, agreement_signed_on, first_certified_on, renewals_due, renewals_renewed)`,
      `drop index partner_day_snapshots_day`,
      // The deals closed in a quarter, tallied per partner from the index alone.
      `create index deal_facts_closed on deal_facts (portal_id, closed_at) include (partner_company_id, is_won, amount_in_home_currency, amount) where is_closed`,
    ],
  },
  {
    version: 16,
    name: 'ledger statement index',
    statements: [
      // A statement sums a partner's rows per bucket, kind and currency (docs/incentives.md,
      // "Statements"). This index holds every column that sum reads, in the order it groups them,
      // so PostgreSQL answers it from the index alone (an index-only scan, no table pages) and
      // adds up each group as it walks it, without hashing every row; balances stay sums of rows,
      // never stored counters.
      `create index ledger_entries_partner_sums on ledger_entries (portal_id, partner_id, bucket, kind, currency, occurred_on)
        include (amount_minor)`,
    ],
  },
  {
    version: 17,
    name: 'incentive request steps',
    statements: [
      // One row per incentive request step that tells someone (the verification, payment and
      // escalation tasks): claimed before the HubSpot task, finished after it, so a step run again
      // after a crash or planned again after Redis lost its jobs is not run twice
      // (docs/data.md, "Incentive request steps").
      `create table incentive_request_steps (
        portal_id text not null,
        request_id text not null,
        step text not null,
        claimed_at timestamptz not null,
        claimed_until timestamptz,
        object_id text,
        done_at timestamptz,
        primary key (portal_id, request_id, step)
      )`,
    ],
  },
  {
    version: 18,
    name: 'program dashboards',
    statements: [
      // The computed dashboard of a closed quarter, kept to answer the app page at once: a cache
      // of answers recomputed from the snapshots, deals, registrations and ledger, never a source
      // of truth (docs/metrics.md "Precomputed answers", docs/data.md). The body is json, not
      // jsonb: the stored answer is served verbatim, key order included, as the live one was sent.
      `create table program_dashboards (
        portal_id text not null,
        quarter text not null,
        body json not null,
        computed_at timestamptz not null,
        primary key (portal_id, quarter)
      )`,
    ],
  },
];
