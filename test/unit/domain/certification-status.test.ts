import { describe, expect, it } from 'vitest';
import { certificationExpiry } from '../../../src/domain/certification-expiry.js';
import { certificationStatus, isValidStatus } from '../../../src/domain/certification-status.js';
import { listHeldCertifications } from '../../../src/domain/list-held-certifications.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aContact, aProgram } from '../../support/partner-factories.js';

const program = DEFAULT_PROGRAM;

describe('certification expiry', () => {
  it('adds the certification validity in calendar years to the earned date', () => {
    expect(certificationExpiry('sales_fundamentals', '2025-06-15', program)).toBe('2026-06-15');
    expect(certificationExpiry('technical_associate', '2025-06-15', program)).toBe('2027-06-15');
    expect(certificationExpiry('master_partner', '2025-06-15', program)).toBe('2028-06-15');
  });

  it('moves an expiry from 29 February to 28 February in a common year', () => {
    expect(certificationExpiry('sales_fundamentals', '2024-02-29', program)).toBe('2025-02-28');
    expect(certificationExpiry('technical_associate', '2024-02-29', program)).toBe('2026-02-28');
    expect(certificationExpiry('master_partner', '2024-02-29', program)).toBe('2027-02-28');
  });

  it('keeps 29 February when the validity lands on a leap year', () => {
    const fourYears = aProgram({
      certifications: { ...program.certifications, sales_fundamentals: { ...program.certifications.sales_fundamentals!, validityYears: 4 } },
    });
    expect(certificationExpiry('sales_fundamentals', '2024-02-29', fourYears)).toBe('2028-02-29');
  });

  it('has no expiry for a certification outside the program or a date that is not a date', () => {
    expect(certificationExpiry('unknown_cert', '2025-01-01', program)).toBeNull();
    expect(certificationExpiry('sales_fundamentals', '', program)).toBeNull();
    expect(certificationExpiry('sales_fundamentals', '2025-13-01', program)).toBeNull();
  });
});

describe('certification status', () => {
  it.each([
    [365, 'active'],
    [30, 'active'],
    [29, 'expiring'],
    [0, 'expiring'],
    [-1, 'grace'],
    [-30, 'grace'],
    [-31, 'expired'],
  ] as const)('is %s days to expiry → %s', (days, status) => {
    expect(certificationStatus(days, program)).toBe(status);
  });

  it('follows the program expiring window and grace period', () => {
    const strict = aProgram({ expiringWindowDays: 45, gracePeriodDays: 0 });
    expect(certificationStatus(44, strict)).toBe('expiring');
    expect(certificationStatus(0, strict)).toBe('expiring');
    expect(certificationStatus(-1, strict)).toBe('expired');
  });

  it('counts active, expiring and grace as valid, expired as not', () => {
    expect(['active', 'expiring', 'grace', 'expired'].map((s) => isValidStatus(s as never))).toEqual([true, true, true, false]);
  });
});

describe('held certifications', () => {
  it('lists each (contact, certification) pair, the same certification twice for two people', () => {
    const contacts = [
      aContact({ contactId: 'a', certificationsEarnedOn: { sales_fundamentals: '2026-01-01' } }),
      aContact({ contactId: 'b', certificationsEarnedOn: { sales_fundamentals: '2026-02-01' } }),
    ];
    const held = listHeldCertifications(contacts, program, '2026-03-01');
    expect(held.map((h) => [h.contactId, h.certificationId])).toEqual([
      ['a', 'sales_fundamentals'],
      ['b', 'sales_fundamentals'],
    ]);
  });

  it('is expiring with 29 days left and active with 30', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: '2025-07-31' } })]; // expires 2026-07-31
    expect(listHeldCertifications(contacts, program, '2026-07-02')[0]).toMatchObject({ daysToExpiry: 29, status: 'expiring' });
    expect(listHeldCertifications(contacts, program, '2026-07-01')[0]).toMatchObject({ daysToExpiry: 30, status: 'active' });
  });

  it('is in grace on the last day of grace and expired the day after', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: '2025-03-01' } })]; // expires 2026-03-01
    expect(listHeldCertifications(contacts, program, '2026-03-31')[0]).toMatchObject({ daysToExpiry: -30, status: 'grace' });
    expect(listHeldCertifications(contacts, program, '2026-04-01')[0]).toMatchObject({ daysToExpiry: -31, status: 'expired' });
  });

  it('leaves out certifications with a missing or unreadable earned date and ones outside the program', () => {
    const contacts = [
      aContact({
        certificationsEarnedOn: { sales_fundamentals: '', technical_associate: 'yesterday', retired_cert: '2026-01-01' },
      }),
    ];
    expect(listHeldCertifications(contacts, program, '2026-03-01')).toEqual([]);
  });
});
