import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aContact, aTrainedPartner } from '../../support/partner-factories.js';

const asOf = '2026-12-06';

describe('a certification earned after today', () => {
  it('counts for nothing: three future dates leave a fully trained partner at bronze, not platinum', () => {
    const contact = aContact({
      contactId: 'c1',
      certificationsEarnedOn: { sales_fundamentals: '2027-01-10', technical_associate: '2026-12-07', solution_architect: '2030-05-01' },
    });

    const evaluation = evaluatePartner(aTrainedPartner(asOf, { contacts: [contact] }), DEFAULT_PROGRAM, asOf);

    expect(evaluation.validCertifications).toBe(0);
    expect(evaluation.tier).toBe('bronze');
    expect(evaluation.certifications).toEqual([]);
    expect(evaluation.contacts).toEqual([{ contactId: 'c1', validCertifications: 0, nextCertificationExpiry: null, expiresOn: {} }]);
  });

  it('is reported as a warning naming the contact, the certification and the date', () => {
    const contact = aContact({ contactId: 'c1', certificationsEarnedOn: { technical_associate: '2026-12-07', sales_fundamentals: '2026-01-10' } });

    const evaluation = evaluatePartner(aTrainedPartner(asOf, { contacts: [contact] }), DEFAULT_PROGRAM, asOf);

    expect(evaluation.warnings).toEqual(['contact c1: certification technical_associate earned on 2026-12-07, after today (2026-12-06); not counted until then']);
    expect(evaluation.validCertifications).toBe(1);
  });

  it('counts from the day it was earned, that day included', () => {
    const contact = aContact({ contactId: 'c1', certificationsEarnedOn: { sales_fundamentals: asOf } });

    const evaluation = evaluatePartner(aTrainedPartner(asOf, { contacts: [contact] }), DEFAULT_PROGRAM, asOf);

    expect(evaluation.validCertifications).toBe(1);
    expect(evaluation.warnings).toEqual([]);
  });
});
