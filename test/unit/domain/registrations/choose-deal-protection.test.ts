import { describe, expect, it } from 'vitest';
import { chooseDealProtection, type GuardedDeal } from '../../../../src/domain/registrations/choose-deal-protection.js';
import { TODAY, aRegistration } from './registration-factories.js';

describe('chooseDealProtection', () => {
  const aDirectDeal = (overrides: Partial<GuardedDeal> = {}): GuardedDeal => ({ isRegistration: false, isClosed: false, partnerId: null, companyIds: ['10'], ...overrides });
  const domains = new Map([['10', 'acme.com'], ['11', 'globex.com'], ['20', 'reseller.example']]);
  const approved = (overrides: Parameters<typeof aRegistration>[0] = {}) => aRegistration({ status: 'approved', expiresOn: '2027-03-06', partnerId: 'p1', ...overrides });

  it('names the registration protecting the customer and which company it is', () => {
    const protecting = approved({ registrationId: 'r1' });
    expect(chooseDealProtection(aDirectDeal(), domains, [protecting], TODAY)).toEqual({ registration: protecting, companyId: '10' });
  });

  it("never guards a registration's own deal or a closed deal", () => {
    expect(chooseDealProtection(aDirectDeal({ isRegistration: true }), domains, [approved()], TODAY)).toBeNull();
    expect(chooseDealProtection(aDirectDeal({ isClosed: true }), domains, [approved()], TODAY)).toBeNull();
  });

  it('ignores pending and lapsed protection and customers without a domain', () => {
    expect(chooseDealProtection(aDirectDeal(), domains, [aRegistration({ status: 'submitted' })], TODAY)).toBeNull();
    expect(chooseDealProtection(aDirectDeal(), domains, [approved({ expiresOn: '2026-12-05' })], TODAY)).toBeNull();
    expect(chooseDealProtection(aDirectDeal({ companyIds: ['99'] }), domains, [approved()], TODAY)).toBeNull();
  });

  it("does not guard a deal the protecting partner sourced, and never takes the deal's partner for its customer", () => {
    expect(chooseDealProtection(aDirectDeal({ partnerId: 'p1' }), domains, [approved()], TODAY)).toBeNull();
    const onPartner = approved({ customerDomain: 'reseller.example', partnerId: 'p2' });
    expect(chooseDealProtection(aDirectDeal({ partnerId: '20', companyIds: ['20'] }), domains, [onPartner], TODAY)).toBeNull();
  });

  it('takes the earliest submitted protection across the customers of the deal', () => {
    const early = approved({ registrationId: 'r9', partnerId: 'p2', customerDomain: 'globex.com', submittedAt: 1_000 });
    const late = approved({ registrationId: 'r1', partnerId: 'p1', customerDomain: 'acme.com', submittedAt: 2_000 });
    expect(chooseDealProtection(aDirectDeal({ companyIds: ['10', '11'] }), domains, [late, early], TODAY)).toEqual({ registration: early, companyId: '11' });
  });
});
