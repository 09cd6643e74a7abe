import type { Program } from '../program/program-schema.js';

/** The property group every product property lives in (docs/properties.md, "The property group"). */
export const PROPERTY_GROUP = { name: 'partner_enablement', label: 'Partner enablement' } as const;

/** Company inputs: the webhooks subscribe to exactly these. */
export const COMPANY_INPUTS = [
  'pe_is_partner',
  'pe_partner_type',
  'pe_foundation_complete',
  'pe_sales_modules_completed',
  'pe_technical_modules_completed',
  'pe_advanced_modules_completed',
  'pe_last_enablement_activity',
  'pe_target_tier',
  'pe_timezone',
  'pe_agreement_signed_on',
  'pe_fast_track',
  'pe_exit_confirmed_on',
] as const;

/**
 * Company outputs of revenue-based tiers and partner health (docs/governance.md), written when the
 * evaluation read the partner's deals.
 */
export const COMPANY_PERFORMANCE_OUTPUTS = [
  'pe_qualified_tier',
  'pe_certified_staff',
  'pe_revenue_12m',
  'pe_new_logos_12m',
  'pe_open_pipeline',
  'pe_strategic_wins_12m',
  'pe_health_score',
  'pe_health_status',
] as const;

/**
 * Company outputs of the partner's deal registrations (docs/registrations.md, "Registration
 * counts"), written by the partner's recalculation from the conflict-check index.
 */
export const COMPANY_REGISTRATION_OUTPUTS = ['pe_registrations_open', 'pe_registrations_won_12m'] as const;

/** Company outputs, written by the app and never subscribed (a subscription would loop). */
export const COMPANY_OUTPUTS = [
  'pe_readiness_score',
  'pe_tier',
  'pe_next_tier',
  'pe_points_to_next_tier',
  'pe_valid_certifications',
  'pe_certifications_expiring_30d',
  'pe_gap_count',
  'pe_gaps_summary',
  'pe_permissions',
  'pe_readiness_trend',
  'pe_readiness_evaluated_at',
  ...COMPANY_PERFORMANCE_OUTPUTS,
  ...COMPANY_REGISTRATION_OUTPUTS,
] as const;

/**
 * Company outputs a quarter close writes in `quarterly` mode (docs/governance.md, "Quarter close"),
 * beside `pe_tier`, which is then the official tier. Never subscribed.
 */
export const COMPANY_GOVERNANCE_OUTPUTS = [
  'pe_tier_outlook',
  'pe_tier_proposed',
  'pe_quarters_above',
  'pe_quarters_below',
  'pe_next_tier_review',
  'pe_program_status',
] as const;

/**
 * Deal inputs: the partner a deal belongs to (a partner-sourced deal, or a registration's
 * partner), whether it counts as a strategic win and its product line. People and the app's registrations set
 * them; the webhooks subscribe to them.
 */
export const DEAL_INPUTS = ['pe_partner_company_id', 'pe_strategic', 'pe_product_line'] as const;

/** Deal outputs: a registration's state and the direct-deal guard, written by the app and never subscribed. */
export const DEAL_OUTPUTS = [
  'pe_registration_status',
  'pe_registration_submitted_at',
  'pe_registration_due_at',
  'pe_registration_decided_at',
  'pe_registration_expires_on',
  'pe_registration_conflict',
  'pe_registration_conflict_summary',
  'pe_registration_rejection_reason',
  'pe_registration_sla_breached',
  'pe_protected_by_partner_id',
] as const;

/**
 * HubSpot's own deal properties whose changes matter to a registration: a registration deal won
 * or lost, or a deal moved between pipelines (docs/registrations.md, "States" and "Direct deals").
 */
export const DEAL_STANDARD_WATCHED = ['dealstage', 'pipeline'] as const;

/**
 * HubSpot's own deal properties whose changes move a partner's figures: the amount and close date
 * of its deals (docs/data.md, "Deal facts"), which the mirror reads again on a change.
 */
export const DEAL_FIGURES_WATCHED = ['amount', 'closedate'] as const;

/**
 * HubSpot's own company properties whose changes move a customer in the conflict-check index (its
 * registrable domain and name): docs/registrations.md, "Conflict check".
 */
export const COMPANY_STANDARD_WATCHED = ['name', 'domain', 'website'] as const;

/** HubSpot's own company properties the app reads besides its inputs. */
export const COMPANY_STANDARD_READS = ['name', 'hubspot_owner_id'] as const;
/** HubSpot's own contact properties the app reads besides its inputs. */
export const CONTACT_STANDARD_READS = ['firstname', 'lastname', 'email'] as const;

export const CONTACT_ROLE = 'pe_partner_role';

export function certificationEarnedOnProperty(certificationId: string): string {
  return `pe_cert_${certificationId}_earned_on`;
}

export function certificationExpiresOnProperty(certificationId: string): string {
  return `pe_cert_${certificationId}_expires_on`;
}

/** Contact inputs: the role and one earned-on date per certification of the program. */
export function contactInputs(program: Program): string[] {
  return [CONTACT_ROLE, ...Object.keys(program.certifications).map(certificationEarnedOnProperty)];
}

/** Contact outputs not tied to one certification. */
export const CONTACT_FIXED_OUTPUTS = [
  'pe_valid_certifications',
  'pe_next_certification_expiry',
  'pe_active_tracks',
  'pe_pending_tracks',
  'pe_next_training_deadline',
] as const;

/** Contact outputs of a partner's lead (docs/registrations.md, "Who may register"), set when the lead is created. */
export const CONTACT_LEAD_OUTPUTS = ['pe_referred_by_partner_id'] as const;

export function contactOutputs(program: Program): string[] {
  return [...Object.keys(program.certifications).map(certificationExpiresOnProperty), ...CONTACT_FIXED_OUTPUTS, ...CONTACT_LEAD_OUTPUTS];
}

/** Every company property the app reads to evaluate a partner (inputs, outputs for diffing, standard). */
export function companyReadProperties(): string[] {
  return [...new Set([...COMPANY_STANDARD_READS, ...COMPANY_INPUTS, ...COMPANY_OUTPUTS, ...COMPANY_GOVERNANCE_OUTPUTS, ...TIER_GOVERNANCE_READS])];
}

/** Every contact property the app reads to evaluate a partner. */
export function contactReadProperties(program: Program): string[] {
  return [...CONTACT_STANDARD_READS, ...contactInputs(program), ...contactOutputs(program)];
}

/**
 * Tier governance and performance properties (docs/governance.md) that the approval decisions,
 * the partner card and the review tasks read by name. The quarter close and the revenue-based
 * evaluation write them; reading a property the portal does not have yet returns nothing.
 */
export const TIER_GOVERNANCE_READS = [
  'pe_tier_proposed',
  'pe_qualified_tier',
  'pe_tier_outlook',
  'pe_quarters_above',
  'pe_quarters_below',
  'pe_next_tier_review',
  'pe_program_status',
  'pe_fast_track',
  'pe_revenue_12m',
  'pe_new_logos_12m',
  'pe_open_pipeline',
  'pe_health_score',
  'pe_health_status',
] as const;

/**
 * Company incentive outputs (docs/properties.md, "Incentive outputs"): the partner's incentive and
 * MDF figures from the ledger, numbers in major units of the company currency. Written by the app
 * in batches when they change, never subscribed.
 */
export const COMPANY_INCENTIVE_OUTPUTS = [
  'pe_incentives_accrued_qtd',
  'pe_incentives_paid_ytd',
  'pe_rebate_rate_qtd',
  'pe_mdf_allocation',
  'pe_mdf_approved',
  'pe_mdf_paid',
  'pe_mdf_available',
] as const;
