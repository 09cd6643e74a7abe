import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { listFutureEarnedDates } from '../../../src/domain/list-future-earned-dates.js';
import { nextReevaluationDate } from '../../../src/domain/next-reevaluation-date.js';
import { nextStatusChangeDate } from '../../../src/domain/next-status-change-date.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aContact, aPartner, aProgram } from '../../support/partner-factories.js';

const expiresOn = '2026-07-31';

describe('next certification status change', () => {
  it('is the first expiring day (29 days left) for an active certification', () => {
    expect(nextStatusChangeDate(expiresOn, '2026-06-01', DEFAULT_PROGRAM)).toBe('2026-07-02');
    expect(nextStatusChangeDate(expiresOn, '2026-07-01', DEFAULT_PROGRAM)).toBe('2026-07-02');
  });

  it('is the first grace day for an expiring certification', () => {
    expect(nextStatusChangeDate(expiresOn, '2026-07-02', DEFAULT_PROGRAM)).toBe('2026-08-01');
    expect(nextStatusChangeDate(expiresOn, '2026-07-31', DEFAULT_PROGRAM)).toBe('2026-08-01');
  });

  it('is the day after the last day of grace for a certification in grace', () => {
    expect(nextStatusChangeDate(expiresOn, '2026-08-01', DEFAULT_PROGRAM)).toBe('2026-08-31');
    expect(nextStatusChangeDate(expiresOn, '2026-08-30', DEFAULT_PROGRAM)).toBe('2026-08-31');
  });

  it('is none once the certification has expired', () => {
    expect(nextStatusChangeDate(expiresOn, '2026-08-31', DEFAULT_PROGRAM)).toBeNull();
  });

  it('passes over stages a program makes empty', () => {
    const program = aProgram({ expiringWindowDays: 0, gracePeriodDays: 0 });
    expect(nextStatusChangeDate(expiresOn, '2026-06-01', program)).toBe('2026-08-01');
  });

  it('is none for a date that is not a date', () => {
    expect(nextStatusChangeDate('', '2026-06-01', DEFAULT_PROGRAM)).toBeNull();
  });
});

describe('next re-evaluation date', () => {
  it('is the earliest certification change or the day activity stops being recent', () => {
    const asOf = '2026-06-01';
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: '2025-07-31', technical_associate: '2025-01-01' } })];
    const partner = aPartner({ contacts, lastEnablementActivity: '2026-04-01' });
    const { certifications } = evaluatePartner(partner, DEFAULT_PROGRAM, asOf);
    expect(nextReevaluationDate({ asOf, certifications, lastEnablementActivity: '2026-04-01' }, DEFAULT_PROGRAM)).toBe('2026-06-30');
    expect(nextReevaluationDate({ asOf, certifications, lastEnablementActivity: null }, DEFAULT_PROGRAM)).toBe('2026-07-02');
  });

  it('is none when time alone changes nothing', () => {
    expect(nextReevaluationDate({ asOf: '2026-06-01', certifications: [], lastEnablementActivity: '2026-01-01' }, DEFAULT_PROGRAM)).toBeNull();
  });

  it('is the day a certification earned on a later date starts to count, when that comes first', () => {
    const asOf = '2026-06-01';
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: '2025-07-31', technical_associate: '2026-06-10' } })];
    const earnedLater = listFutureEarnedDates(contacts, Object.keys(DEFAULT_PROGRAM.certifications), asOf);
    expect(earnedLater).toEqual(['2026-06-10']);
    const { certifications } = evaluatePartner(aPartner({ contacts }), DEFAULT_PROGRAM, asOf);
    expect(nextReevaluationDate({ asOf, certifications, lastEnablementActivity: null, earnedLater }, DEFAULT_PROGRAM)).toBe('2026-06-10');
    expect(nextReevaluationDate({ asOf: '2026-06-10', certifications, lastEnablementActivity: null, earnedLater }, DEFAULT_PROGRAM)).toBe('2026-07-02');
  });
});
