import type { Program } from '../program/program-schema.js';
import { PARTNER_TYPES, ROLES, TIER_IDS, TRACK_IDS } from '../program/program-schema.js';
import { certificationEarnedOnProperty, certificationExpiresOnProperty, PROPERTY_GROUP } from '../hubspot/property-names.js';
import { propertyDefinition, type PropertyDefinition, type PropertyGroupDefinition } from './property-catalog.js';

/**
 * The app's properties (CONTRACT §4), as `partner-enablement setup` would create them. The demo
 * seed pre-creates them so that sandbox mode works before setup has run; setup then finds them
 * and changes nothing.
 */
export function appPropertyGroup(): PropertyGroupDefinition {
  return { name: PROPERTY_GROUP.name, label: PROPERTY_GROUP.label, displayOrder: -1, archived: false };
}

const PERMISSIONS = [
  'access_portal',
  'submit_leads',
  'register_deals',
  'access_mdf',
  'co_sell',
  'priority_support',
  'direct_referrals',
  'joint_marketing',
];

type Seed = Parameters<typeof propertyDefinition>[0];
const group = PROPERTY_GROUP.name;
const bool = (name: string, label: string): Seed => ({ name, label, type: 'bool', fieldType: 'booleancheckbox', groupName: group, options: [{ label: 'Yes', value: 'true' }, { label: 'No', value: 'false' }] });
const num = (name: string, label: string): Seed => ({ name, label, type: 'number', fieldType: 'number', groupName: group });
const date = (name: string, label: string): Seed => ({ name, label, type: 'date', fieldType: 'date', groupName: group });
const select = (name: string, label: string, options: readonly string[]): Seed => ({ name, label, type: 'enumeration', fieldType: 'select', groupName: group, options: [...options] });
const checkbox = (name: string, label: string, options: readonly string[]): Seed => ({ name, label, type: 'enumeration', fieldType: 'checkbox', groupName: group, options: [...options] });

export function appCompanyProperties(at: string): PropertyDefinition[] {
  const seeds: Seed[] = [
    bool('pe_is_partner', 'Is partner'),
    select('pe_partner_type', 'Partner type', PARTNER_TYPES),
    bool('pe_foundation_complete', 'Foundation complete'),
    num('pe_sales_modules_completed', 'Sales modules completed'),
    num('pe_technical_modules_completed', 'Technical modules completed'),
    num('pe_advanced_modules_completed', 'Advanced modules completed'),
    date('pe_last_enablement_activity', 'Last enablement activity'),
    select('pe_target_tier', 'Target tier', TIER_IDS),
    { name: 'pe_timezone', label: 'Partner time zone', type: 'string', fieldType: 'text', groupName: group },
    num('pe_readiness_score', 'Readiness score'),
    select('pe_tier', 'Partner tier', ['none', ...TIER_IDS]),
    select('pe_next_tier', 'Next tier', TIER_IDS),
    num('pe_points_to_next_tier', 'Points to next tier'),
    num('pe_valid_certifications', 'Valid certifications'),
    num('pe_certifications_expiring_30d', 'Certifications expiring in 30 days'),
    num('pe_gap_count', 'Enablement gaps'),
    { name: 'pe_gaps_summary', label: 'Enablement gaps summary', type: 'string', fieldType: 'textarea', groupName: group },
    checkbox('pe_permissions', 'Partner permissions', PERMISSIONS),
    select('pe_readiness_trend', 'Readiness trend', ['improving', 'stable', 'declining']),
    { name: 'pe_readiness_evaluated_at', label: 'Readiness evaluated at', type: 'datetime', fieldType: 'date', groupName: group },
  ];
  return seeds.map((seed, index) => propertyDefinition({ ...seed, displayOrder: index }, at));
}

export function appContactProperties(program: Program, at: string): PropertyDefinition[] {
  const certificationIds = Object.keys(program.certifications);
  const seeds: Seed[] = [
    select('pe_partner_role', 'Partner role', ROLES),
    ...certificationIds.map((id) => date(certificationEarnedOnProperty(id), `${program.certifications[id]!.name} earned on`)),
    ...certificationIds.map((id) => date(certificationExpiresOnProperty(id), `${program.certifications[id]!.name} expires on`)),
    num('pe_valid_certifications', 'Valid certifications'),
    date('pe_next_certification_expiry', 'Next certification expiry'),
    checkbox('pe_active_tracks', 'Active training tracks', TRACK_IDS),
    checkbox('pe_pending_tracks', 'Training tracks awaiting consent', TRACK_IDS),
    date('pe_next_training_deadline', 'Next training deadline'),
  ];
  return seeds.map((seed, index) => propertyDefinition({ ...seed, displayOrder: index }, at));
}
