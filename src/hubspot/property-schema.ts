import { PARTNER_TYPES, ROLES, TIER_IDS, TRACK_IDS, type Program } from '../program/program-schema.js';
import type { PropertyComparison } from './diff-output-properties.js';
import type { PropertyType } from './property-type.js';
import {
  certificationEarnedOnProperty,
  certificationExpiresOnProperty,
  COMPANY_GOVERNANCE_OUTPUTS,
  COMPANY_INCENTIVE_OUTPUTS,
  COMPANY_OUTPUTS,
  CONTACT_FIXED_OUTPUTS,
  CONTACT_LEAD_OUTPUTS,
  CONTACT_ROLE,
  DEAL_OUTPUTS,
  PROPERTY_GROUP,
} from './property-names.js';

export type { PropertyType } from './property-type.js';
export type PropertyFieldType = 'booleancheckbox' | 'select' | 'checkbox' | 'number' | 'date' | 'text' | 'textarea';

export interface PropertyOptionSpec {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

/** One property exactly as the app creates it (the body of HubSpot's create-property call). */
export interface PropertySpec {
  name: string;
  label: string;
  /** Help text shown beside the property in records and the report builder. */
  description: string;
  groupName: string;
  type: PropertyType;
  fieldType: PropertyFieldType;
  options: PropertyOptionSpec[];
  displayOrder: number;
  /**
   * Inputs may appear on forms; outputs may not. HubSpot's public API has no way to make a
   * property's value read-only (`modificationMetadata` is returned, not accepted), so outputs say
   * in their description that the app overwrites manual edits.
   */
  formField: boolean;
}

export type SchemaObjectType = 'companies' | 'contacts' | 'deals';

export interface PropertySchema {
  group: { name: string; label: string; displayOrder: number };
  companies: PropertySpec[];
  contacts: PropertySpec[];
  deals: PropertySpec[];
}

const OUTPUT_NOTE = 'Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.';
const LEAD_OUTPUT_NOTE = 'Set by the Partner enablement app when the partner submits the lead.';
const DEAL_OUTPUT_NOTE = 'Set by the Partner enablement app; a manual edit is overwritten at the next change to the registration.';

const PARTNER_TYPE_LABELS: Record<(typeof PARTNER_TYPES)[number], string> = {
  reseller: 'Reseller',
  var: 'Value-added reseller (VAR)',
  si: 'Systems integrator (SI)',
  msp: 'Managed service provider (MSP)',
  technology: 'Technology partner',
  referral: 'Referral partner',
};

const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  sales: 'Sales',
  se: 'Sales engineer',
  consultant: 'Consultant',
  manager: 'Manager',
  senior: 'Senior',
};

const PERMISSION_LABELS: Record<string, string> = {
  access_portal: 'Partner portal access',
  submit_leads: 'Submit leads',
  register_deals: 'Deal registration',
  access_mdf: 'Market development funds (MDF)',
  co_sell: 'Co-selling',
  priority_support: 'Priority support',
  direct_referrals: 'Direct referrals',
  joint_marketing: 'Joint marketing',
};

function humanize(identifier: string): string {
  const words = identifier.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function options(entries: Array<[value: string, label: string]>): PropertyOptionSpec[] {
  return entries.map(([value, label], displayOrder) => ({ value, label, displayOrder, hidden: false }));
}

const YES_NO = options([
  ['true', 'Yes'],
  ['false', 'No'],
]);

type Draft = Omit<PropertySpec, 'groupName' | 'displayOrder' | 'options' | 'formField' | 'description'> & {
  description: string;
  options?: PropertyOptionSpec[];
};

const boolean = (name: string, label: string, description: string): Draft => ({
  name,
  label,
  description,
  type: 'bool',
  fieldType: 'booleancheckbox',
  options: YES_NO,
});
const numeric = (name: string, label: string, description: string): Draft => ({ name, label, description, type: 'number', fieldType: 'number' });
const date = (name: string, label: string, description: string): Draft => ({ name, label, description, type: 'date', fieldType: 'date' });
const select = (name: string, label: string, description: string, choices: PropertyOptionSpec[]): Draft => ({
  name,
  label,
  description,
  type: 'enumeration',
  fieldType: 'select',
  options: choices,
});
const multiSelect = (name: string, label: string, description: string, choices: PropertyOptionSpec[]): Draft => ({
  name,
  label,
  description,
  type: 'enumeration',
  fieldType: 'checkbox',
  options: choices,
});

function finish(drafts: Draft[], outputs: ReadonlySet<string>, outputNote = OUTPUT_NOTE): PropertySpec[] {
  return drafts.map((draft, displayOrder) => {
    const output = outputs.has(draft.name);
    return {
      ...draft,
      description: output ? `${draft.description} ${outputNote}` : draft.description,
      groupName: PROPERTY_GROUP.name,
      options: draft.options ?? [],
      displayOrder,
      formField: !output,
    };
  });
}

/** Every permission the program grants, in tier order (the order of the table in docs/rules.md, "Tier table"). */
function programPermissions(program: Program): string[] {
  const seen = new Set<string>();
  for (const tier of TIER_IDS) for (const permission of program.tiers[tier].permissions) seen.add(permission);
  return [...seen];
}

/** The outputs of a quarter close (docs/governance.md, "Quarter close"), kept together after the others. */
function governanceCloseDrafts(tierChoices: Array<[string, string]>): Draft[] {
  const drafts: Draft[] = [
    select(
      'pe_tier_outlook',
      'Tier outlook',
      'Where the official tier is heading if the coming quarters qualify as the last one did.',
      options([
        ['advancing', 'Advancing'],
        ['holding', 'Holding'],
        ['demotion_risk', 'Demotion risk'],
        ['exit_risk', 'Exit risk'],
      ]),
    ),
    select('pe_tier_proposed', 'Proposed tier', 'The tier change a quarter close proposed for approval; empty when nothing is proposed.', options([['none', 'None'], ...tierChoices])),
    numeric('pe_quarters_above', 'Quarters above tier', 'Consecutive closed quarters, up to the last close, qualifying above the official tier.'),
    numeric('pe_quarters_below', 'Quarters below tier', 'Consecutive closed quarters, up to the last close, qualifying below the official tier.'),
    date('pe_next_tier_review', 'Next tier review', "The day of the partner's next review, by its tier's review cadence."),
    select(
      'pe_program_status',
      'Program status',
      'Onboarding, active, exit recommended or exited, as of the last quarter close.',
      options([
        ['onboarding', 'Onboarding'],
        ['active', 'Active'],
        ['exit_recommended', 'Exit recommended'],
        ['exited', 'Exited'],
      ]),
    ),
  ];
  return drafts;
}

function companyProperties(program: Program): PropertySpec[] {
  const tierChoices = TIER_IDS.map((tier): [string, string] => [tier, program.tiers[tier].name]);
  const trackName = (track: 'sales' | 'technical' | 'advanced') => program.trainingTracks[track].name;
  const moduleCount = (track: 'sales' | 'technical' | 'advanced') => program.trainingTracks[track].modules;
  const drafts: Draft[] = [
    boolean('pe_is_partner', 'Is a channel partner', 'Yes makes this company a partner of the enablement program; only partners are evaluated.'),
    select(
      'pe_partner_type',
      'Partner type',
      'The kind of channel partner.',
      options(PARTNER_TYPES.map((type) => [type, PARTNER_TYPE_LABELS[type]])),
    ),
    boolean('pe_foundation_complete', `${program.trainingTracks.foundation.name} track complete`, `Yes once the partner has completed the ${program.trainingTracks.foundation.name.toLowerCase()} training track.`),
    numeric('pe_sales_modules_completed', `${trackName('sales')} modules completed`, `Modules of the ${trackName('sales').toLowerCase()} track completed, out of ${moduleCount('sales')}.`),
    numeric('pe_technical_modules_completed', `${trackName('technical')} modules completed`, `Modules of the ${trackName('technical').toLowerCase()} track completed, out of ${moduleCount('technical')}.`),
    numeric('pe_advanced_modules_completed', `${trackName('advanced')} modules completed`, `Modules of the ${trackName('advanced').toLowerCase()} track completed, out of ${moduleCount('advanced')}.`),
    date('pe_last_enablement_activity', 'Last enablement activity', `Date of the partner's latest training or certification activity; activity in the last ${program.activityWindowDays} days adds to the readiness score.`),
    select('pe_target_tier', 'Target tier', 'The tier the partner is working toward; the enablement gaps are listed against it when it is above the current tier.', options(tierChoices)),
    { name: 'pe_timezone', label: 'Partner time zone', description: `IANA time zone of the partner, e.g. Europe/Berlin; dates and reminders follow it (default ${program.defaultTimeZone}).`, type: 'string', fieldType: 'text' },
    date('pe_agreement_signed_on', 'Partner agreement signed on', `The day the partner signed its agreement; a tier that asks for a signed agreement counts it from this day, and a partner still below the second tier ${program.governance.entryTierDays} days later is recommended for exit at a quarter close.`),
    boolean('pe_fast_track', 'Fast track', 'Yes advances the partner after one quarter qualifying above its tier instead of the usual run of quarters.'),
    date('pe_exit_confirmed_on', 'Exit confirmed on', 'The day a person confirmed the partner leaves the program; from then on it is exited and the app creates nothing for it.'),
    numeric('pe_readiness_score', 'Readiness score', 'Partner readiness from 0 to 100: training progress, valid certifications and recent activity.'),
    select('pe_tier', 'Partner tier', 'The highest tier whose requirements the partner meets.', options([['none', 'None'], ...tierChoices])),
    select('pe_next_tier', 'Next tier', 'The tier above the current one; empty at the top tier.', options(tierChoices)),
    numeric('pe_points_to_next_tier', 'Points to next tier', "Readiness points still missing to reach the next tier's target score."),
    numeric('pe_valid_certifications', 'Valid certifications', "Certifications held by the partner's contacts that are active, expiring or in their grace period; two people with the same certification count twice."),
    numeric(
      'pe_certifications_expiring_30d',
      `Certifications expiring within ${program.expiringWindowDays} days`,
      `Certifications of the partner's contacts that expire within the next ${program.expiringWindowDays} days.`,
    ),
    numeric('pe_gap_count', 'Enablement gaps', 'Number of open training, certification and renewal gaps toward the target tier.'),
    { name: 'pe_gaps_summary', label: 'Enablement gaps summary', description: 'One line per open gap, most urgent first.', type: 'string', fieldType: 'textarea' },
    multiSelect(
      'pe_permissions',
      'Partner permissions',
      "What the partner's tier allows, including the permissions of every tier below it.",
      options(programPermissions(program).map((permission) => [permission, PERMISSION_LABELS[permission] ?? humanize(permission)])),
    ),
    select(
      'pe_readiness_trend',
      'Readiness trend',
      `Declining, stable or improving, against the scores of the last ${program.trend.windowDays} days.`,
      options([
        ['improving', 'Improving'],
        ['stable', 'Stable'],
        ['declining', 'Declining'],
      ]),
    ),
    { name: 'pe_readiness_evaluated_at', label: 'Readiness last changed', description: 'When an enablement output of this partner last changed.', type: 'datetime', fieldType: 'date' },
    select('pe_qualified_tier', 'Qualified tier', 'The highest tier whose requirements, enablement and business, the partner meets today.', options([['none', 'None'], ...tierChoices])),
    numeric('pe_certified_staff', 'Certified people', "The partner's contacts holding at least one valid certification."),
    numeric('pe_revenue_12m', 'Partner-sourced revenue (12 months)', 'Closed-won revenue of the deals this partner sourced in the last 12 months, in the company currency (e.g. 1234.5).'),
    numeric('pe_new_logos_12m', 'New logos (12 months)', "Customers whose first win by anyone, in the last 12 months, was on this partner's deal."),
    numeric('pe_open_pipeline', 'Open partner pipeline', 'The amount of the open deals this partner sourced, in the company currency (e.g. 1234.5).'),
    numeric('pe_strategic_wins_12m', 'Strategic wins (12 months)', 'Deals this partner sourced and won in the last 12 months that are marked strategic.'),
    numeric('pe_health_score', 'Partner health score', 'Partner health from 0 to 100: revenue against the tier target, pipeline, win rate, enablement and engagement.'),
    select(
      'pe_health_status',
      'Partner health status',
      `On target from ${program.governance.health.onTargetFrom}, at risk from ${program.governance.health.atRiskFrom}, off target below.`,
      options([
        ['on_target', 'On target'],
        ['at_risk', 'At risk'],
        ['off_target', 'Off target'],
      ]),
    ),
    numeric('pe_registrations_open', 'Open deal registrations', 'Deal registrations of this partner that are submitted, or approved and still protected.'),
    numeric('pe_registrations_won_12m', 'Registrations won (12 months)', 'Deal registrations of this partner whose deal was won in the last 12 months.'),
    ...governanceCloseDrafts(tierChoices),
    ...incentiveCompanyProperties(),
  ];
  return finish(drafts, new Set([...COMPANY_OUTPUTS, ...COMPANY_GOVERNANCE_OUTPUTS, ...COMPANY_INCENTIVE_OUTPUTS]));
}

/** The company incentive outputs (docs/properties.md, "Incentive outputs"), last on the record. */
function incentiveCompanyProperties(): Draft[] {
  const amount = (name: string, label: string, description: string) => numeric(name, label, `${description} In the company currency.`);
  return [
    amount('pe_incentives_accrued_qtd', 'Incentives accrued this quarter', 'SPIFFs, volume rebate and strategic bonuses accrued in the current quarter, less clawbacks.'),
    amount('pe_incentives_paid_ytd', 'Incentives paid this year', 'SPIFFs, volume rebate and strategic bonuses paid in the current program year.'),
    numeric('pe_rebate_rate_qtd', 'Rebate rate this quarter', "The volume rebate percentage the partner's closed-won revenue of the current quarter reaches so far; 0 below the first bracket."),
    amount('pe_mdf_allocation', 'MDF allocation', "Market development funds for the program year by the partner's official tier."),
    amount('pe_mdf_approved', 'MDF approved', 'Market development funds approved this program year, less what claims released.'),
    amount('pe_mdf_paid', 'MDF paid', 'Market development funds reimbursed this program year.'),
    amount('pe_mdf_available', 'MDF available', 'The MDF allocation not yet committed to an approved request.'),
  ];
}

function contactProperties(program: Program): PropertySpec[] {
  const certifications = Object.entries(program.certifications);
  const trackChoices = options(TRACK_IDS.map((track) => [track, program.trainingTracks[track].name]));
  const drafts: Draft[] = [
    select(CONTACT_ROLE, 'Partner role', "The contact's role at the partner; it decides which training tracks fit.", options(ROLES.map((role) => [role, ROLE_LABELS[role]]))),
    ...certifications.map(([id, certification]) =>
      date(certificationEarnedOnProperty(id), `${certification.name} certification earned on`, `Date the contact earned the ${certification.name} certification (${certification.assessments}).`),
    ),
    ...certifications.map(([id, certification]) =>
      date(
        certificationExpiresOnProperty(id),
        `${certification.name} certification expires on`,
        `The date earned plus ${certification.validityYears} year${certification.validityYears === 1 ? '' : 's'}. Renewal: ${certification.renewal}.`,
      ),
    ),
    numeric('pe_valid_certifications', 'Valid certifications', "The contact's certifications that are active, expiring or in their grace period."),
    date('pe_next_certification_expiry', 'Next certification expiry', "The earliest expiry date among the contact's valid certifications."),
    multiSelect('pe_active_tracks', 'Active training tracks', 'Training tracks the contact accepted and is working on.', trackChoices),
    multiSelect('pe_pending_tracks', 'Training tracks awaiting consent', 'Training tracks assigned to the contact that wait for the contact to accept them.', trackChoices),
    date('pe_next_training_deadline', 'Next training deadline', 'The earliest date by which an active training track is due.'),
  ];
  const outputs = new Set<string>([...certifications.map(([id]) => certificationExpiresOnProperty(id)), ...CONTACT_FIXED_OUTPUTS]);
  const evaluated = finish(drafts, outputs);
  // Written once, when a partner's lead is created, so it carries its own note.
  const lead = finish([
    numeric('pe_referred_by_partner_id', 'Referred by partner id', 'The record id of the partner company that referred this contact as a lead.'),
  ], new Set(CONTACT_LEAD_OUTPUTS), LEAD_OUTPUT_NOTE);
  return [...evaluated, ...lead.map((spec, index) => ({ ...spec, displayOrder: evaluated.length + index }))];
}

/** The deal properties of docs/properties.md, "Deal inputs" and "Deal outputs". */
function dealProperties(program: Program): PropertySpec[] {
  const { decisionHours, businessHoursOnly, protectionDays, conflict } = program.registrations;
  const datetime = (name: string, label: string, description: string): Draft => ({ name, label, description, type: 'datetime', fieldType: 'date' });
  const textarea = (name: string, label: string, description: string): Draft => ({ name, label, description, type: 'string', fieldType: 'textarea' });
  const drafts: Draft[] = [
    numeric('pe_partner_company_id', 'Partner company id', "The record id of the partner company that sourced or registered this deal; the partner's revenue and registrations are counted by it."),
    boolean('pe_strategic', 'Strategic win', "Yes when this deal counts as a strategic win toward the partner's tier requirements."),
    { name: 'pe_product_line', label: 'Product line', description: 'The product line the deal sells; incentives may be limited to some product lines.', type: 'string', fieldType: 'text' },
    select(
      'pe_registration_status',
      'Registration status',
      "Where the partner's registration of this deal stands: submitted, approved, rejected, expired, won or lost.",
      options([
        ['submitted', 'Submitted'],
        ['approved', 'Approved'],
        ['rejected', 'Rejected'],
        ['expired', 'Expired'],
        ['won', 'Won'],
        ['lost', 'Lost'],
      ]),
    ),
    datetime('pe_registration_submitted_at', 'Registration submitted at', 'When the partner submitted the registration.'),
    datetime('pe_registration_due_at', 'Registration decision due at', `When the decision on the registration is due: ${decisionHours} ${businessHoursOnly ? 'business hours' : 'hours'} after submission.`),
    datetime('pe_registration_decided_at', 'Registration decided at', 'When the registration was approved or rejected.'),
    date('pe_registration_expires_on', 'Registration protection expires on', `The last day the approved registration protects the partner's claim (${protectionDays} days from approval, longer once extended).`),
    select(
      'pe_registration_conflict',
      'Registration conflict',
      `What the conflict check found at submission: another partner's claim or an open deal on the customer (conflict), a recent win within ${conflict.recentWinMonths} months or a company of the same name (possible), or nothing.`,
      options([
        ['none', 'None'],
        ['possible', 'Possible'],
        ['conflict', 'Conflict'],
      ]),
    ),
    textarea('pe_registration_conflict_summary', 'Registration conflict summary', 'One line per reason the conflict check found, naming the conflicting deals and registrations.'),
    textarea('pe_registration_rejection_reason', 'Registration rejection reason', 'Why the registration was rejected; the partner is told.'),
    boolean('pe_registration_sla_breached', 'Registration decision overdue', 'Yes when no decision was made by the time it was due.'),
    numeric('pe_protected_by_partner_id', 'Protected by partner id', "The record id of the partner whose approved registration protects this deal's customer."),
  ];
  return finish(drafts, new Set(DEAL_OUTPUTS), DEAL_OUTPUT_NOTE);
}

/**
 * The property group and every company, contact and deal property of docs/properties.md (from
 * "Company inputs" to "Deal outputs"), generated from the program: each certification id gives a
 * contact its `earned_on` input and `expires_on` output, and the tier, track and permission
 * option labels come from the program's names.
 */
export function buildPropertySchema(program: Program): PropertySchema {
  return {
    group: { name: PROPERTY_GROUP.name, label: PROPERTY_GROUP.label, displayOrder: -1 },
    companies: companyProperties(program),
    contacts: contactProperties(program),
    deals: dealProperties(program),
  };
}

/**
 * How each product property compares when diffing outputs (its HubSpot type, multi-select or
 * not), by object type: the repository diffs its writes with it, and the recalculation tells with
 * it whether an evaluation changed anything.
 */
export function propertyComparisons(program: Program): Record<'companies' | 'contacts', Map<string, PropertyComparison>> {
  const schema = buildPropertySchema(program);
  const comparisonsOf = (specs: typeof schema.companies) =>
    new Map(specs.map((spec) => [spec.name, { type: spec.type, multiple: spec.fieldType === 'checkbox' }]));
  return { companies: comparisonsOf(schema.companies), contacts: comparisonsOf(schema.contacts) };
}

