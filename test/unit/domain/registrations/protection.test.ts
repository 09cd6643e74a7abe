import { describe, expect, it } from 'vitest';
import { holdsActiveClaim } from '../../../../src/domain/registrations/holds-active-claim.js';
import { isRegistrationExpiryDue } from '../../../../src/domain/registrations/is-registration-expiry-due.js';
import { protectionExpiresOn } from '../../../../src/domain/registrations/protection-expires-on.js';
import { protectionNoticeOn } from '../../../../src/domain/registrations/protection-notice-on.js';
import { settings } from './registration-factories.js';

describe('protection dates', () => {
  it('protects for 90 days from the approval date', () => {
    expect(protectionExpiresOn('2026-12-06', 0, settings())).toBe('2027-03-06');
  });

  it('adds 30 days for each extension granted', () => {
    expect(protectionExpiresOn('2026-12-06', 1, settings())).toBe('2027-04-05');
    expect(protectionExpiresOn('2026-12-06', 2, settings())).toBe('2027-05-05');
  });

  it("follows the program's protection and extension lengths, across a leap day", () => {
    expect(protectionExpiresOn('2027-12-31', 1, settings({ protectionDays: 60, extensionDays: 15 }))).toBe('2028-03-15');
  });

  it('tells the partner 14 days before the protection lapses', () => {
    expect(protectionNoticeOn('2027-03-06', settings())).toBe('2027-02-20');
    expect(protectionNoticeOn('2027-03-06', settings({ expiryNoticeDays: 0 }))).toBe('2027-03-06');
  });
});

describe('isRegistrationExpiryDue', () => {
  it('is due the day after the last protected day, not on it', () => {
    const approved = { status: 'approved' as const, expiresOn: '2027-03-06' };
    expect(isRegistrationExpiryDue(approved, '2027-03-06')).toBe(false);
    expect(isRegistrationExpiryDue(approved, '2027-03-07')).toBe(true);
  });

  it('is never due for a registration that is not approved', () => {
    expect(isRegistrationExpiryDue({ status: 'won', expiresOn: '2027-03-06' }, '2027-04-01')).toBe(false);
    expect(isRegistrationExpiryDue({ status: 'submitted', expiresOn: null }, '2027-04-01')).toBe(false);
  });
});

describe('holdsActiveClaim', () => {
  it('holds while pending, and while approved up to the last protected day', () => {
    expect(holdsActiveClaim({ status: 'submitted', expiresOn: null }, '2030-01-01')).toBe(true);
    expect(holdsActiveClaim({ status: 'approved', expiresOn: '2027-03-06' }, '2027-03-06')).toBe(true);
    expect(holdsActiveClaim({ status: 'approved', expiresOn: '2027-03-06' }, '2027-03-07')).toBe(false);
  });

  it.each(['rejected', 'expired', 'won', 'lost'] as const)('does not hold once %s', (status) => {
    expect(holdsActiveClaim({ status, expiresOn: '2027-03-06' }, '2026-12-06')).toBe(false);
  });
});
