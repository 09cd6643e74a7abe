import { describe, expect, it } from 'vitest';
import { buildPropertySchema, type PropertySpec } from '../../../src/hubspot/property-schema.js';
import { COMPANY_GOVERNANCE_OUTPUTS, COMPANY_INCENTIVE_OUTPUTS, COMPANY_INPUTS, COMPANY_OUTPUTS, contactInputs, contactOutputs, DEAL_INPUTS, DEAL_OUTPUTS } from '../../../src/hubspot/property-names.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';

const schema = buildPropertySchema(DEFAULT_PROGRAM);
const byName = (specs: PropertySpec[]) => new Map(specs.map((spec) => [spec.name, spec]));
const companies = byName(schema.companies);
const contacts = byName(schema.contacts);
const deals = byName(schema.deals);
const typeOf = (spec: PropertySpec | undefined) => `${spec?.type} / ${spec?.fieldType}`;
const values = (spec: PropertySpec | undefined) => spec?.options.map((option) => option.value);

function aProgram(overrides: Partial<Program> = {}): Program {
  return { ...structuredClone(DEFAULT_PROGRAM), ...overrides };
}

describe('buildPropertySchema', () => {
  it('names the group as docs/properties.md does', () => {
    expect(schema.group).toMatchObject({ name: 'partner_enablement', label: 'Partner enablement' });
  });

  it('defines exactly the company inputs and outputs', () => {
    expect(schema.companies.map((spec) => spec.name)).toEqual([...COMPANY_INPUTS, ...COMPANY_OUTPUTS, ...COMPANY_GOVERNANCE_OUTPUTS, ...COMPANY_INCENTIVE_OUTPUTS]);
  });

  it('defines exactly the contact inputs and outputs of the program', () => {
    expect(schema.contacts.map((spec) => spec.name).sort()).toEqual([...contactInputs(DEFAULT_PROGRAM), ...contactOutputs(DEFAULT_PROGRAM)].sort());
  });

  it('types every company property as docs/properties.md does', () => {
    const expected: Record<string, string> = {
      pe_is_partner: 'bool / booleancheckbox',
      pe_partner_type: 'enumeration / select',
      pe_foundation_complete: 'bool / booleancheckbox',
      pe_sales_modules_completed: 'number / number',
      pe_technical_modules_completed: 'number / number',
      pe_advanced_modules_completed: 'number / number',
      pe_last_enablement_activity: 'date / date',
      pe_target_tier: 'enumeration / select',
      pe_timezone: 'string / text',
      pe_agreement_signed_on: 'date / date',
      pe_fast_track: 'bool / booleancheckbox',
      pe_exit_confirmed_on: 'date / date',
      pe_readiness_score: 'number / number',
      pe_tier: 'enumeration / select',
      pe_next_tier: 'enumeration / select',
      pe_points_to_next_tier: 'number / number',
      pe_valid_certifications: 'number / number',
      pe_certifications_expiring_30d: 'number / number',
      pe_gap_count: 'number / number',
      pe_gaps_summary: 'string / textarea',
      pe_permissions: 'enumeration / checkbox',
      pe_readiness_trend: 'enumeration / select',
      pe_readiness_evaluated_at: 'datetime / date',
      pe_qualified_tier: 'enumeration / select',
      pe_certified_staff: 'number / number',
      pe_revenue_12m: 'number / number',
      pe_new_logos_12m: 'number / number',
      pe_open_pipeline: 'number / number',
      pe_strategic_wins_12m: 'number / number',
      pe_health_score: 'number / number',
      pe_health_status: 'enumeration / select',
      pe_registrations_open: 'number / number',
      pe_registrations_won_12m: 'number / number',
      pe_tier_outlook: 'enumeration / select',
      pe_tier_proposed: 'enumeration / select',
      pe_quarters_above: 'number / number',
      pe_quarters_below: 'number / number',
      pe_next_tier_review: 'date / date',
      pe_program_status: 'enumeration / select',
      pe_incentives_accrued_qtd: 'number / number',
      pe_incentives_paid_ytd: 'number / number',
      pe_rebate_rate_qtd: 'number / number',
      pe_mdf_allocation: 'number / number',
      pe_mdf_approved: 'number / number',
      pe_mdf_paid: 'number / number',
      pe_mdf_available: 'number / number',
    };
    expect(Object.fromEntries(schema.companies.map((spec) => [spec.name, typeOf(spec)]))).toEqual(expected);
  });

  it('types every contact property as docs/properties.md does', () => {
    expect(typeOf(contacts.get('pe_partner_role'))).toBe('enumeration / select');
    expect(typeOf(contacts.get('pe_cert_sales_fundamentals_earned_on'))).toBe('date / date');
    expect(typeOf(contacts.get('pe_cert_master_partner_expires_on'))).toBe('date / date');
    expect(typeOf(contacts.get('pe_valid_certifications'))).toBe('number / number');
    expect(typeOf(contacts.get('pe_next_certification_expiry'))).toBe('date / date');
    expect(typeOf(contacts.get('pe_active_tracks'))).toBe('enumeration / checkbox');
    expect(typeOf(contacts.get('pe_pending_tracks'))).toBe('enumeration / checkbox');
    expect(typeOf(contacts.get('pe_next_training_deadline'))).toBe('date / date');
  });

  it('offers the documented values of every enumeration', () => {
    expect(values(companies.get('pe_partner_type'))).toEqual(['reseller', 'var', 'si', 'msp', 'technology', 'referral']);
    expect(values(companies.get('pe_target_tier'))).toEqual(['bronze', 'silver', 'gold', 'platinum']);
    expect(values(companies.get('pe_tier'))).toEqual(['none', 'bronze', 'silver', 'gold', 'platinum']);
    expect(values(companies.get('pe_next_tier'))).toEqual(['bronze', 'silver', 'gold', 'platinum']);
    expect(values(companies.get('pe_permissions'))).toEqual([
      'access_portal', 'submit_leads', 'register_deals', 'access_mdf', 'co_sell', 'priority_support', 'direct_referrals', 'joint_marketing',
    ]);
    expect(values(companies.get('pe_readiness_trend'))).toEqual(['improving', 'stable', 'declining']);
    expect(values(contacts.get('pe_partner_role'))).toEqual(['sales', 'se', 'consultant', 'manager', 'senior']);
    expect(values(contacts.get('pe_active_tracks'))).toEqual(['foundation', 'sales', 'technical', 'advanced']);
    expect(values(contacts.get('pe_pending_tracks'))).toEqual(['foundation', 'sales', 'technical', 'advanced']);
    expect(values(companies.get('pe_is_partner'))).toEqual(['true', 'false']);
  });

  it('numbers the options in the order shown', () => {
    expect(companies.get('pe_tier')?.options.map((option) => option.displayOrder)).toEqual([0, 1, 2, 3, 4]);
  });

  it('labels options with the names the program gives', () => {
    const program = aProgram();
    program.tiers.gold.name = 'Gold Elite';
    program.trainingTracks.technical.name = 'Implementation';
    const custom = buildPropertySchema(program);
    expect(custom.companies.find((spec) => spec.name === 'pe_tier')?.options.find((option) => option.value === 'gold')?.label).toBe('Gold Elite');
    expect(custom.contacts.find((spec) => spec.name === 'pe_active_tracks')?.options.find((option) => option.value === 'technical')?.label).toBe('Implementation');
  });

  it('gives a new certification its earned-on input and expires-on output', () => {
    const program = aProgram();
    program.certifications.cloud_ops = { name: 'Cloud Operations', assessments: '1 exam', validityYears: 2, renewal: '1 exam' };
    const names = buildPropertySchema(program).contacts.map((spec) => spec.name);
    expect(names).toContain('pe_cert_cloud_ops_earned_on');
    expect(names).toContain('pe_cert_cloud_ops_expires_on');
  });

  it('adds a permission the program introduces to the permission options', () => {
    const program = aProgram();
    program.tiers.platinum.permissions = [...program.tiers.platinum.permissions, 'beta_access'];
    const permissions = buildPropertySchema(program).companies.find((spec) => spec.name === 'pe_permissions');
    expect(permissions?.options.at(-1)).toMatchObject({ value: 'beta_access', label: 'Beta access' });
  });

  it('puts every property in the group, with a label and a description', () => {
    for (const spec of [...schema.companies, ...schema.contacts, ...schema.deals]) {
      expect(spec.groupName).toBe('partner_enablement');
      expect(spec.label.length).toBeGreaterThan(0);
      expect(spec.description.length).toBeGreaterThan(0);
    }
  });

  it('keeps outputs off forms and warns that the app overwrites them', () => {
    for (const name of [...COMPANY_OUTPUTS, ...COMPANY_GOVERNANCE_OUTPUTS, ...COMPANY_INCENTIVE_OUTPUTS]) {
      expect(companies.get(name)?.formField).toBe(false);
      expect(companies.get(name)?.description).toContain('overwritten');
    }
    expect(companies.get('pe_is_partner')?.formField).toBe(true);
    for (const name of ['pe_agreement_signed_on', 'pe_fast_track', 'pe_exit_confirmed_on']) expect(companies.get(name)?.formField).toBe(true);
    expect(contacts.get('pe_cert_sales_fundamentals_expires_on')?.formField).toBe(false);
    expect(contacts.get('pe_cert_sales_fundamentals_earned_on')?.formField).toBe(true);
  });

  it('defines exactly the deal inputs and the registration outputs', () => {
    expect(schema.deals.map((spec) => spec.name)).toEqual([...DEAL_INPUTS, ...DEAL_OUTPUTS]);
  });

  it('types every deal property as docs/properties.md does', () => {
    expect(Object.fromEntries(schema.deals.map((spec) => [spec.name, typeOf(spec)]))).toEqual({
      pe_partner_company_id: 'number / number',
      pe_strategic: 'bool / booleancheckbox',
      pe_product_line: 'string / text',
      pe_registration_status: 'enumeration / select',
      pe_registration_submitted_at: 'datetime / date',
      pe_registration_due_at: 'datetime / date',
      pe_registration_decided_at: 'datetime / date',
      pe_registration_expires_on: 'date / date',
      pe_registration_conflict: 'enumeration / select',
      pe_registration_conflict_summary: 'string / textarea',
      pe_registration_rejection_reason: 'string / textarea',
      pe_registration_sla_breached: 'bool / booleancheckbox',
      pe_protected_by_partner_id: 'number / number',
    });
    expect(values(deals.get('pe_registration_status'))).toEqual(['submitted', 'approved', 'rejected', 'expired', 'won', 'lost']);
    expect(values(deals.get('pe_registration_conflict'))).toEqual(['none', 'possible', 'conflict']);
  });

  it('keeps the registration outputs off forms and leaves the deal inputs on them', () => {
    for (const name of DEAL_OUTPUTS) {
      expect(deals.get(name)?.formField).toBe(false);
      expect(deals.get(name)?.description).toContain('overwritten');
    }
    for (const name of DEAL_INPUTS) expect(deals.get(name)?.formField).toBe(true);
  });

  it("describes the decision deadline and protection with the program's numbers", () => {
    const program = aProgram();
    program.registrations = { ...program.registrations, decisionHours: 72, businessHoursOnly: true, protectionDays: 120 };
    const custom = byName(buildPropertySchema(program).deals);
    expect(custom.get('pe_registration_due_at')?.description).toContain('72 business hours after submission');
    expect(custom.get('pe_registration_expires_on')?.description).toContain('120 days from approval');
  });
});
