import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import type { PartnerEvaluation } from '../../../src/domain/types.js';
import { formatCompanyOutputs, formatContactOutputs } from '../../../src/hubspot/property-mapping.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aContact, aPartner, aTrainedPartner } from '../../support/partner-factories.js';

const program = DEFAULT_PROGRAM;
const asOf = '2026-11-20';

/** A silver partner scoring 74 (20 + 25 + 12.5 + 6.7 + 10): technical half-way, one certification expiring in 10 days. */
function aSilverPartner() {
  const ada = aContact({ contactId: '701', certificationsEarnedOn: { sales_fundamentals: '2025-11-30' }, activeTracks: ['technical'] });
  const grace = aContact({ contactId: '702', firstName: 'Grace', lastName: 'Hopper', role: 'se' });
  return aPartner({
    companyId: '501',
    foundationComplete: true,
    modulesCompleted: { sales: 8, technical: 5, advanced: 0 },
    lastEnablementActivity: '2026-11-01',
    contacts: [ada, grace],
  });
}

describe('formatCompanyOutputs', () => {
  it('writes every company output as a HubSpot string', () => {
    const partner = aSilverPartner();
    const outputs = formatCompanyOutputs(evaluatePartner(partner, program, asOf), program, { contacts: partner.contacts });
    expect(outputs).toEqual({
      pe_readiness_score: '74',
      pe_tier: 'silver',
      pe_next_tier: 'gold',
      pe_points_to_next_tier: '11',
      pe_valid_certifications: '1',
      pe_certifications_expiring_30d: '1',
      pe_gap_count: '3',
      pe_gaps_summary: [
        'High: Renew Sales Fundamentals for Ada Lovelace (expires in 10 days)',
        'High: Finish the Technical track (5 modules left)',
        'High: Earn 1 more valid certification (recommended: Technical Associate)',
      ].join('\n'),
      pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf',
    });
  });

  it('leaves pe_next_tier empty and points at 0 at platinum', () => {
    const holders = ['701', '702', '703'].map((contactId) =>
      aContact({ contactId, certificationsEarnedOn: { technical_associate: '2026-01-01' } }),
    );
    const outputs = formatCompanyOutputs(evaluatePartner(aTrainedPartner(asOf, { contacts: holders }), program, asOf), program);
    expect(outputs).toMatchObject({ pe_tier: 'platinum', pe_next_tier: '', pe_points_to_next_tier: '0' });
  });

  it('writes tier none, empty permissions and an empty summary for a partner with nothing done and no gaps to show', () => {
    const evaluation: PartnerEvaluation = { ...evaluatePartner(aPartner(), program, asOf), gaps: [] };
    expect(formatCompanyOutputs(evaluation, program)).toMatchObject({
      pe_tier: 'none',
      pe_next_tier: 'bronze',
      pe_permissions: '',
      pe_gaps_summary: '',
      pe_gap_count: '0',
    });
  });

  it('names a renewal contact by id when no contacts are given', () => {
    const partner = aSilverPartner();
    const outputs = formatCompanyOutputs(evaluatePartner(partner, program, asOf), program);
    expect(outputs.pe_gaps_summary!.split('\n')[0]).toBe('High: Renew Sales Fundamentals for contact 701 (expires in 10 days)');
  });

  it('describes a renewal in its grace period', () => {
    const lapsed = aContact({ contactId: '701', certificationsEarnedOn: { sales_fundamentals: '2025-11-15' } });
    const outputs = formatCompanyOutputs(evaluatePartner(aPartner({ contacts: [lapsed] }), program, asOf), program, { contacts: [lapsed] });
    expect(outputs.pe_gaps_summary!.split('\n')[0]).toBe(
      'High: Renew Sales Fundamentals for Ada Lovelace (expired 5 days ago; grace period ends in 25 days)',
    );
  });

  it('leaves out trend and evaluated-at unless given', () => {
    const outputs = formatCompanyOutputs(evaluatePartner(aPartner(), program, asOf), program);
    expect(outputs).not.toHaveProperty('pe_readiness_trend');
    expect(outputs).not.toHaveProperty('pe_readiness_evaluated_at');
  });

  it('writes the trend and the evaluation time (ISO 8601, UTC) when given', () => {
    const outputs = formatCompanyOutputs(evaluatePartner(aPartner(), program, asOf), program, {
      trend: 'declining',
      evaluatedAt: Date.UTC(2026, 10, 20, 9, 30),
    });
    expect(outputs).toMatchObject({ pe_readiness_trend: 'declining', pe_readiness_evaluated_at: '2026-11-20T09:30:00.000Z' });
  });
});

describe('formatContactOutputs', () => {
  it('writes every contact output, clearing certifications the contact does not hold', () => {
    const partner = aSilverPartner();
    const outputs = formatContactOutputs(evaluatePartner(partner, program, asOf), partner.contacts, program);
    expect(outputs['701']).toEqual({
      pe_cert_sales_fundamentals_expires_on: '2026-11-30',
      pe_cert_technical_associate_expires_on: '',
      pe_cert_solution_architect_expires_on: '',
      pe_cert_master_partner_expires_on: '',
      pe_valid_certifications: '1',
      pe_next_certification_expiry: '2026-11-30',
      pe_active_tracks: 'technical',
      pe_pending_tracks: '',
    });
  });

  it('keys contacts by id, in contact order', () => {
    const partner = aSilverPartner();
    expect(Object.keys(formatContactOutputs(evaluatePartner(partner, program, asOf), partner.contacts, program))).toEqual(['701', '702']);
  });

  it('writes the expiry of an expired certification but not as the next expiry', () => {
    const expired = aContact({ contactId: '701', certificationsEarnedOn: { sales_fundamentals: '2024-01-01' } });
    const partner = aPartner({ contacts: [expired] });
    const outputs = formatContactOutputs(evaluatePartner(partner, program, asOf), partner.contacts, program)['701']!;
    expect(outputs).toMatchObject({
      pe_cert_sales_fundamentals_expires_on: '2025-01-01',
      pe_valid_certifications: '0',
      pe_next_certification_expiry: '',
    });
  });

  it('joins several tracks with semicolons', () => {
    const contact = aContact({ contactId: '701', activeTracks: ['sales', 'technical'], pendingTracks: ['advanced', 'foundation'] });
    const partner = aPartner({ contacts: [contact] });
    expect(formatContactOutputs(evaluatePartner(partner, program, asOf), partner.contacts, program)['701']).toMatchObject({
      pe_active_tracks: 'sales;technical',
      pe_pending_tracks: 'advanced;foundation',
    });
  });

  it('clears the training deadline of a contact with no active track', () => {
    const partner = aSilverPartner();
    const outputs = formatContactOutputs(evaluatePartner(partner, program, asOf), partner.contacts, program);
    expect(outputs['702']!.pe_next_training_deadline).toBe('');
  });

  it('leaves an unknown training deadline unwritten for a contact with active tracks', () => {
    const partner = aSilverPartner();
    const outputs = formatContactOutputs(evaluatePartner(partner, program, asOf), partner.contacts, program);
    expect(outputs['701']).not.toHaveProperty('pe_next_training_deadline');
  });

  it('writes the training deadline it is given', () => {
    const partner = aSilverPartner();
    const outputs = formatContactOutputs(evaluatePartner(partner, program, asOf), partner.contacts, program, {
      trainingDeadlines: { '701': '2026-12-11' },
    });
    expect(outputs['701']!.pe_next_training_deadline).toBe('2026-12-11');
  });

  it('writes an expiry property for every certification of the program in use', () => {
    const custom = {
      ...program,
      certifications: { cloud_ops: { name: 'Cloud Ops', assessments: '1 exam', validityYears: 2, renewal: 'Exam' } },
    };
    const partner = aPartner({ contacts: [aContact({ contactId: '701', certificationsEarnedOn: { cloud_ops: '2026-01-10' } })] });
    const outputs = formatContactOutputs(evaluatePartner(partner, custom, asOf), partner.contacts, custom)['701']!;
    expect(Object.keys(outputs).filter((key) => key.startsWith('pe_cert_'))).toEqual(['pe_cert_cloud_ops_expires_on']);
    expect(outputs.pe_cert_cloud_ops_expires_on).toBe('2028-01-10');
  });
});
