import { describe, expect, it } from 'vitest';
import { findDuplicateRegistration } from '../../../../src/domain/registrations/find-duplicate-registration.js';
import { TODAY, aCustomer, aRegistration } from './registration-factories.js';

describe('findDuplicateRegistration', () => {
  const own = (overrides: Parameters<typeof aRegistration>[0] = {}) => aRegistration({ partnerId: 'p1', ...overrides });

  it("returns the partner's pending registration on the same customer", () => {
    const pending = own({ registrationId: 'r5' });
    expect(findDuplicateRegistration('p1', aCustomer(), [pending], TODAY)).toBe(pending);
  });

  it('returns an approved registration while it is protected, not after', () => {
    const approved = own({ status: 'approved', expiresOn: TODAY });
    expect(findDuplicateRegistration('p1', aCustomer(), [approved], TODAY)).toBe(approved);
    expect(findDuplicateRegistration('p1', aCustomer(), [approved], '2026-12-07')).toBeNull();
  });

  it.each(['rejected', 'expired', 'won', 'lost'] as const)('lets the partner register again after a %s one', (status) => {
    expect(findDuplicateRegistration('p1', aCustomer(), [own({ status })], TODAY)).toBeNull();
  });

  it("ignores another partner's registration and another customer", () => {
    const registrations = [aRegistration({ partnerId: 'p2' }), own({ customerDomain: 'globex.com' })];
    expect(findDuplicateRegistration('p1', aCustomer(), registrations, TODAY)).toBeNull();
  });

  it('matches by name only when neither side has a domain', () => {
    const noDomain = aCustomer({ domain: null });
    expect(findDuplicateRegistration('p1', noDomain, [own({ customerDomain: null })], TODAY)?.registrationId).toBe('r1');
    expect(findDuplicateRegistration('p1', noDomain, [own()], TODAY)).toBeNull();
    expect(findDuplicateRegistration('p1', noDomain, [own({ customerDomain: null, customerName: 'globex' })], TODAY)).toBeNull();
  });

  it('returns the earliest when there are several', () => {
    const later = own({ registrationId: 'r2', submittedAt: Date.parse('2026-12-03T00:00:00Z') });
    const earlier = own({ registrationId: 'r3', submittedAt: Date.parse('2026-12-02T00:00:00Z') });
    expect(findDuplicateRegistration('p1', aCustomer(), [later, earlier], TODAY)).toBe(earlier);
  });
});
