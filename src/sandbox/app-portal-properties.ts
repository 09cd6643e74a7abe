import { propertyDefinition, type PropertyDefinition, type PropertyGroupDefinition } from './property-catalog.js';

/*
 * The app's property group and properties as the demo portal holds them after
 * `partner-enablement setup` ran with the default program: HubSpot's own copy, written down
 * here rather than derived from the product's schema, so that a change to the product that
 * setup would not carry over shows up as a difference. test/unit/sandbox/app-portal-drift.test.ts
 * compares the two.
 */

interface AppProperty {
  name: string;
  label: string;
  type: PropertyDefinition['type'];
  fieldType: PropertyDefinition['fieldType'];
  description: string;
  /** Written by the app: kept off forms. */
  output?: true;
  /** `[value, label]` in display order. */
  options?: Array<[string, string]>;
}

const GROUP = { name: 'partner_enablement', label: 'Partner enablement', displayOrder: -1 };

const COMPANY_PROPERTIES: AppProperty[] = [
  {
    name: 'pe_is_partner',
    label: 'Is a channel partner',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: 'Yes makes this company a partner of the enablement program; only partners are evaluated.',
    options: [['true', 'Yes'], ['false', 'No']],
  },
  {
    name: 'pe_partner_type',
    label: 'Partner type',
    type: 'enumeration',
    fieldType: 'select',
    description: 'The kind of channel partner.',
    options: [['reseller', 'Reseller'], ['var', 'Value-added reseller (VAR)'], ['si', 'Systems integrator (SI)'], ['msp', 'Managed service provider (MSP)'], ['technology', 'Technology partner'], ['referral', 'Referral partner']],
  },
  {
    name: 'pe_foundation_complete',
    label: 'Foundation track complete',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: 'Yes once the partner has completed the foundation training track.',
    options: [['true', 'Yes'], ['false', 'No']],
  },
  {
    name: 'pe_sales_modules_completed',
    label: 'Sales modules completed',
    type: 'number',
    fieldType: 'number',
    description: 'Modules of the sales track completed, out of 8.',
  },
  {
    name: 'pe_technical_modules_completed',
    label: 'Technical modules completed',
    type: 'number',
    fieldType: 'number',
    description: 'Modules of the technical track completed, out of 10.',
  },
  {
    name: 'pe_advanced_modules_completed',
    label: 'Advanced modules completed',
    type: 'number',
    fieldType: 'number',
    description: 'Modules of the advanced track completed, out of 6.',
  },
  {
    name: 'pe_last_enablement_activity',
    label: 'Last enablement activity',
    type: 'date',
    fieldType: 'date',
    description: 'Date of the partner\'s latest training or certification activity; activity in the last 90 days adds to the readiness score.',
  },
  {
    name: 'pe_target_tier',
    label: 'Target tier',
    type: 'enumeration',
    fieldType: 'select',
    description: 'The tier the partner is working toward; the enablement gaps are listed against it when it is above the current tier.',
    options: [['bronze', 'Bronze'], ['silver', 'Silver'], ['gold', 'Gold'], ['platinum', 'Platinum']],
  },
  {
    name: 'pe_timezone',
    label: 'Partner time zone',
    type: 'string',
    fieldType: 'text',
    description: 'IANA time zone of the partner, e.g. Europe/Berlin; dates and reminders follow it (default UTC).',
  },
  {
    name: 'pe_agreement_signed_on',
    label: 'Partner agreement signed on',
    type: 'date',
    fieldType: 'date',
    description: 'The day the partner signed its agreement; a tier that asks for a signed agreement counts it from this day, and a partner still below the second tier 90 days later is recommended for exit at a quarter close.',
  },
  {
    name: 'pe_fast_track',
    label: 'Fast track',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: 'Yes advances the partner after one quarter qualifying above its tier instead of the usual run of quarters.',
    options: [['true', 'Yes'], ['false', 'No']],
  },
  {
    name: 'pe_exit_confirmed_on',
    label: 'Exit confirmed on',
    type: 'date',
    fieldType: 'date',
    description: 'The day a person confirmed the partner leaves the program; from then on it is exited and the app creates nothing for it.',
  },
  {
    name: 'pe_readiness_score',
    label: 'Readiness score',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Partner readiness from 0 to 100: training progress, valid certifications and recent activity. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_tier',
    label: 'Partner tier',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'The highest tier whose requirements the partner meets. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['none', 'None'], ['bronze', 'Bronze'], ['silver', 'Silver'], ['gold', 'Gold'], ['platinum', 'Platinum']],
  },
  {
    name: 'pe_next_tier',
    label: 'Next tier',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'The tier above the current one; empty at the top tier. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['bronze', 'Bronze'], ['silver', 'Silver'], ['gold', 'Gold'], ['platinum', 'Platinum']],
  },
  {
    name: 'pe_points_to_next_tier',
    label: 'Points to next tier',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Readiness points still missing to reach the next tier\'s target score. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_valid_certifications',
    label: 'Valid certifications',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Certifications held by the partner\'s contacts that are active, expiring or in their grace period; two people with the same certification count twice. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_certifications_expiring_30d',
    label: 'Certifications expiring within 30 days',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Certifications of the partner\'s contacts that expire within the next 30 days. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_gap_count',
    label: 'Enablement gaps',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Number of open training, certification and renewal gaps toward the target tier. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_gaps_summary',
    label: 'Enablement gaps summary',
    type: 'string',
    fieldType: 'textarea',
    output: true,
    description: 'One line per open gap, most urgent first. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_permissions',
    label: 'Partner permissions',
    type: 'enumeration',
    fieldType: 'checkbox',
    output: true,
    description: 'What the partner\'s tier allows, including the permissions of every tier below it. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['access_portal', 'Partner portal access'], ['submit_leads', 'Submit leads'], ['register_deals', 'Deal registration'], ['access_mdf', 'Market development funds (MDF)'], ['co_sell', 'Co-selling'], ['priority_support', 'Priority support'], ['direct_referrals', 'Direct referrals'], ['joint_marketing', 'Joint marketing']],
  },
  {
    name: 'pe_readiness_trend',
    label: 'Readiness trend',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'Declining, stable or improving, against the scores of the last 30 days. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['improving', 'Improving'], ['stable', 'Stable'], ['declining', 'Declining']],
  },
  {
    name: 'pe_readiness_evaluated_at',
    label: 'Readiness last changed',
    type: 'datetime',
    fieldType: 'date',
    output: true,
    description: 'When an enablement output of this partner last changed. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_qualified_tier',
    label: 'Qualified tier',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'The highest tier whose requirements, enablement and business, the partner meets today. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['none', 'None'], ['bronze', 'Bronze'], ['silver', 'Silver'], ['gold', 'Gold'], ['platinum', 'Platinum']],
  },
  { name: 'pe_certified_staff', label: 'Certified people', type: 'number', fieldType: 'number', output: true, description: 'The partner\'s contacts holding at least one valid certification. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.' },
  {
    name: 'pe_revenue_12m',
    label: 'Partner-sourced revenue (12 months)',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Closed-won revenue of the deals this partner sourced in the last 12 months, in the company currency (e.g. 1234.5). Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  { name: 'pe_new_logos_12m', label: 'New logos (12 months)', type: 'number', fieldType: 'number', output: true, description: 'Customers whose first win by anyone, in the last 12 months, was on this partner\'s deal. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.' },
  { name: 'pe_open_pipeline', label: 'Open partner pipeline', type: 'number', fieldType: 'number', output: true, description: 'The amount of the open deals this partner sourced, in the company currency (e.g. 1234.5). Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.' },
  {
    name: 'pe_strategic_wins_12m',
    label: 'Strategic wins (12 months)',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Deals this partner sourced and won in the last 12 months that are marked strategic. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_health_score',
    label: 'Partner health score',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Partner health from 0 to 100: revenue against the tier target, pipeline, win rate, enablement and engagement. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_health_status',
    label: 'Partner health status',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'On target from 80, at risk from 50, off target below. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['on_target', 'On target'], ['at_risk', 'At risk'], ['off_target', 'Off target']],
  },
  { name: 'pe_registrations_open', label: 'Open deal registrations', type: 'number', fieldType: 'number', output: true, description: 'Deal registrations of this partner that are submitted, or approved and still protected. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.' },
  { name: 'pe_registrations_won_12m', label: 'Registrations won (12 months)', type: 'number', fieldType: 'number', output: true, description: 'Deal registrations of this partner whose deal was won in the last 12 months. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.' },
];

/** The outputs of a quarter close, after the other company properties. */
const GOVERNANCE_CLOSE_COMPANY_PROPERTIES: AppProperty[] = [
  {
    name: 'pe_tier_outlook',
    label: 'Tier outlook',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'Where the official tier is heading if the coming quarters qualify as the last one did. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['advancing', 'Advancing'], ['holding', 'Holding'], ['demotion_risk', 'Demotion risk'], ['exit_risk', 'Exit risk']],
  },
  {
    name: 'pe_tier_proposed',
    label: 'Proposed tier',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'The tier change a quarter close proposed for approval; empty when nothing is proposed. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['none', 'None'], ['bronze', 'Bronze'], ['silver', 'Silver'], ['gold', 'Gold'], ['platinum', 'Platinum']],
  },
  {
    name: 'pe_quarters_above',
    label: 'Quarters above tier',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Consecutive closed quarters, up to the last close, qualifying above the official tier. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_quarters_below',
    label: 'Quarters below tier',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Consecutive closed quarters, up to the last close, qualifying below the official tier. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_next_tier_review',
    label: 'Next tier review',
    type: 'date',
    fieldType: 'date',
    output: true,
    description: 'The day of the partner\'s next review, by its tier\'s review cadence. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_program_status',
    label: 'Program status',
    type: 'enumeration',
    fieldType: 'select',
    output: true,
    description: 'Onboarding, active, exit recommended or exited, as of the last quarter close. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['onboarding', 'Onboarding'], ['active', 'Active'], ['exit_recommended', 'Exit recommended'], ['exited', 'Exited']],
  },
];

/** Incentive outputs (docs/properties.md, "Incentive outputs"), last on the record. */
const INCENTIVE_COMPANY_PROPERTIES: AppProperty[] = [
  {
    name: 'pe_incentives_accrued_qtd',
    label: 'Incentives accrued this quarter',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'SPIFFs, volume rebate and strategic bonuses accrued in the current quarter, less clawbacks. In the company currency. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_incentives_paid_ytd',
    label: 'Incentives paid this year',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'SPIFFs, volume rebate and strategic bonuses paid in the current program year. In the company currency. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_rebate_rate_qtd',
    label: 'Rebate rate this quarter',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'The volume rebate percentage the partner\'s closed-won revenue of the current quarter reaches so far; 0 below the first bracket. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_mdf_allocation',
    label: 'MDF allocation',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Market development funds for the program year by the partner\'s official tier. In the company currency. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_mdf_approved',
    label: 'MDF approved',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Market development funds approved this program year, less what claims released. In the company currency. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_mdf_paid',
    label: 'MDF paid',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'Market development funds reimbursed this program year. In the company currency. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_mdf_available',
    label: 'MDF available',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'The MDF allocation not yet committed to an approved request. In the company currency. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
];

const CONTACT_PROPERTIES: AppProperty[] = [
  {
    name: 'pe_partner_role',
    label: 'Partner role',
    type: 'enumeration',
    fieldType: 'select',
    description: 'The contact\'s role at the partner; it decides which training tracks fit.',
    options: [['sales', 'Sales'], ['se', 'Sales engineer'], ['consultant', 'Consultant'], ['manager', 'Manager'], ['senior', 'Senior']],
  },
  {
    name: 'pe_cert_sales_fundamentals_earned_on',
    label: 'Sales Fundamentals certification earned on',
    type: 'date',
    fieldType: 'date',
    description: 'Date the contact earned the Sales Fundamentals certification (1 exam).',
  },
  {
    name: 'pe_cert_technical_associate_earned_on',
    label: 'Technical Associate certification earned on',
    type: 'date',
    fieldType: 'date',
    description: 'Date the contact earned the Technical Associate certification (2 exams + lab).',
  },
  {
    name: 'pe_cert_solution_architect_earned_on',
    label: 'Solution Architect certification earned on',
    type: 'date',
    fieldType: 'date',
    description: 'Date the contact earned the Solution Architect certification (3 exams + project).',
  },
  {
    name: 'pe_cert_master_partner_earned_on',
    label: 'Master Partner certification earned on',
    type: 'date',
    fieldType: 'date',
    description: 'Date the contact earned the Master Partner certification (All above + review).',
  },
  {
    name: 'pe_cert_sales_fundamentals_expires_on',
    label: 'Sales Fundamentals certification expires on',
    type: 'date',
    fieldType: 'date',
    output: true,
    description: 'The date earned plus 1 year. Renewal: Retake exam. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_cert_technical_associate_expires_on',
    label: 'Technical Associate certification expires on',
    type: 'date',
    fieldType: 'date',
    output: true,
    description: 'The date earned plus 2 years. Renewal: 1 exam. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_cert_solution_architect_expires_on',
    label: 'Solution Architect certification expires on',
    type: 'date',
    fieldType: 'date',
    output: true,
    description: 'The date earned plus 2 years. Renewal: 2 exams. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_cert_master_partner_expires_on',
    label: 'Master Partner certification expires on',
    type: 'date',
    fieldType: 'date',
    output: true,
    description: 'The date earned plus 3 years. Renewal: Annual review. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_valid_certifications',
    label: 'Valid certifications',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'The contact\'s certifications that are active, expiring or in their grace period. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_next_certification_expiry',
    label: 'Next certification expiry',
    type: 'date',
    fieldType: 'date',
    output: true,
    description: 'The earliest expiry date among the contact\'s valid certifications. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_active_tracks',
    label: 'Active training tracks',
    type: 'enumeration',
    fieldType: 'checkbox',
    output: true,
    description: 'Training tracks the contact accepted and is working on. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['foundation', 'Foundation'], ['sales', 'Sales'], ['technical', 'Technical'], ['advanced', 'Advanced']],
  },
  {
    name: 'pe_pending_tracks',
    label: 'Training tracks awaiting consent',
    type: 'enumeration',
    fieldType: 'checkbox',
    output: true,
    description: 'Training tracks assigned to the contact that wait for the contact to accept them. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
    options: [['foundation', 'Foundation'], ['sales', 'Sales'], ['technical', 'Technical'], ['advanced', 'Advanced']],
  },
  {
    name: 'pe_next_training_deadline',
    label: 'Next training deadline',
    type: 'date',
    fieldType: 'date',
    output: true,
    description: 'The earliest date by which an active training track is due. Set by the Partner enablement app; a manual edit is overwritten at the next evaluation.',
  },
  {
    name: 'pe_referred_by_partner_id',
    label: 'Referred by partner id',
    type: 'number',
    fieldType: 'number',
    output: true,
    description: 'The record id of the partner company that referred this contact as a lead. Set by the Partner enablement app when the partner submits the lead.',
  },
];

function toDefinition(property: AppProperty, displayOrder: number, at: string): PropertyDefinition {
  const { output, options, ...rest } = property;
  return propertyDefinition(
    {
      ...rest,
      groupName: GROUP.name,
      displayOrder,
      formField: !output,
      options: (options ?? []).map(([value, label]) => ({ value, label })),
    },
    at,
  );
}

/** The app's group and properties as the portal holds them, created at `at` (ISO). */
export function appPortalProperties(at: string): {
  group: PropertyGroupDefinition;
  companies: PropertyDefinition[];
  contacts: PropertyDefinition[];
} {
  return {
    group: { ...GROUP, archived: false },
    companies: [...COMPANY_PROPERTIES, ...GOVERNANCE_CLOSE_COMPANY_PROPERTIES, ...INCENTIVE_COMPANY_PROPERTIES].map((property, index) => toDefinition(property, index, at)),
    contacts: CONTACT_PROPERTIES.map((property, index) => toDefinition(property, index, at)),
  };
}
