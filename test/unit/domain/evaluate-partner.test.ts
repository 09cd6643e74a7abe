import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { isAppError } from '../../../src/errors.js';
import { aContact, aPartner, aProgram, aTrainedPartner } from '../../support/partner-factories.js';

const asOf = '2026-06-01';
const everyCertification = {
  sales_fundamentals: '2025-06-20', // expires 2026-06-20: expiring
  technical_associate: '2025-01-10', // 2027-01-10
  solution_architect: '2024-07-01', // 2026-07-01: active, 30 days left
  master_partner: '2023-05-20', // 2026-05-20: grace
};

describe('evaluatePartner', () => {
  it('evaluates a partner with no contacts from its training alone', () => {
    const evaluation = evaluatePartner(aTrainedPartner(asOf, { companyId: '42' }), DEFAULT_PROGRAM, asOf);
    expect(evaluation).toMatchObject({
      companyId: '42',
      asOf,
      score: 80,
      tier: 'bronze',
      nextTier: 'silver',
      pointsToNextTier: 0,
      permissions: ['access_portal', 'submit_leads'],
      targetTier: 'silver',
      validCertifications: 0,
      certificationsExpiring30d: 0,
      certifications: [],
      contacts: [],
    });
    expect(evaluation.gaps).toEqual([{ type: 'certification', priority: 'high', needed: 1, recommended: ['sales_fundamentals'] }]);
  });

  it('counts every certification of a contact that holds them all', () => {
    const contact = aContact({ contactId: 'c1', certificationsEarnedOn: everyCertification });
    const evaluation = evaluatePartner(aTrainedPartner(asOf, { contacts: [contact] }), DEFAULT_PROGRAM, asOf);
    expect(evaluation.validCertifications).toBe(4);
    expect(evaluation.certificationsExpiring30d).toBe(1);
    expect(evaluation.tier).toBe('platinum');
    expect(evaluation.score).toBe(100);
    expect(evaluation.certifications.map((c) => [c.certificationId, c.status])).toEqual([
      ['sales_fundamentals', 'expiring'],
      ['technical_associate', 'active'],
      ['solution_architect', 'active'],
      ['master_partner', 'grace'],
    ]);
    expect(evaluation.contacts).toEqual([
      {
        contactId: 'c1',
        validCertifications: 4,
        nextCertificationExpiry: '2026-05-20',
        expiresOn: {
          sales_fundamentals: '2026-06-20',
          technical_associate: '2027-01-10',
          solution_architect: '2026-07-01',
          master_partner: '2026-05-20',
        },
      },
    ]);
  });

  it('gives each contact its own evaluation, expired certifications listed but not counted', () => {
    const contacts = [
      aContact({ contactId: 'c1', certificationsEarnedOn: { sales_fundamentals: '2025-01-01', technical_associate: '2025-03-01' } }),
      aContact({ contactId: 'c2' }),
    ];
    const evaluation = evaluatePartner(aPartner({ contacts }), DEFAULT_PROGRAM, asOf);
    expect(evaluation.contacts).toEqual([
      { contactId: 'c1', validCertifications: 1, nextCertificationExpiry: '2027-03-01', expiresOn: { sales_fundamentals: '2026-01-01', technical_associate: '2027-03-01' } },
      { contactId: 'c2', validCertifications: 0, nextCertificationExpiry: null, expiresOn: {} },
    ]);
  });

  it('tolerates missing dates: no activity date and empty earned dates', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: '' } })];
    const evaluation = evaluatePartner(aPartner({ foundationComplete: true, lastEnablementActivity: null, contacts }), DEFAULT_PROGRAM, asOf);
    expect(evaluation.score).toBe(20);
    expect(evaluation.validCertifications).toBe(0);
    expect(evaluation.contacts[0]?.expiresOn).toEqual({});
  });

  it('applies a program with other numbers', () => {
    const program = aProgram({
      certificationsForFullScore: 2,
      expiringWindowDays: 60,
      scoreWeights: { foundation: 10, sales: 30, technical: 30, certifications: 20, recentActivity: 10 },
      tiers: { ...DEFAULT_PROGRAM.tiers, silver: { ...DEFAULT_PROGRAM.tiers.silver, targetScore: 90 } },
    });
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: '2025-07-15', technical_associate: '2026-01-01' } })];
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 4, technical: 0, advanced: 0 }, contacts });
    const evaluation = evaluatePartner(partner, program, asOf);
    expect(evaluation.score).toBe(45); // 10 + 15 + 0 + 20 + 0
    expect(evaluation.pointsToNextTier).toBe(45);
    expect(evaluation.certificationsExpiring30d).toBe(1); // 44 days left is expiring in a 60-day window
  });

  it('does not change the snapshot it is given', () => {
    const partner = aTrainedPartner(asOf, { contacts: [aContact({ certificationsEarnedOn: everyCertification })] });
    const before = structuredClone(partner);
    evaluatePartner(partner, DEFAULT_PROGRAM, asOf);
    expect(partner).toEqual(before);
  });

  it('rejects an asOf that is not a date with INVALID_INPUT', () => {
    let caught: unknown;
    try {
      evaluatePartner(aPartner(), DEFAULT_PROGRAM, '01/06/2026');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
  });
});
