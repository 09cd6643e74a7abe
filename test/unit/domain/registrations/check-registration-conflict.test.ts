import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/errors.js';
import { checkRegistrationConflict } from '../../../../src/domain/registrations/check-registration-conflict.js';
import { aCheck, aCompany, aCustomer, aDeal, aRegistration, settings } from './registration-factories.js';

describe('checkRegistrationConflict', () => {
  it('finds none for a customer nobody else claims or sells to', () => {
    expect(checkRegistrationConflict(aCheck())).toEqual({ outcome: 'none', reasons: [] });
  });

  describe("other partners' claims", () => {
    it("is a conflict when another partner's registration on the customer awaits a decision", () => {
      const check = checkRegistrationConflict(aCheck({ registrations: [aRegistration({ registrationId: 'r9', partnerId: 'p2' })] }));
      expect(check).toEqual({
        outcome: 'conflict',
        reasons: [{ kind: 'partner_registration', severity: 'conflict', registrationId: 'r9', partnerId: 'p2', status: 'submitted', expiresOn: null }],
      });
    });

    it('is a conflict on its last protected day', () => {
      const approved = aRegistration({ status: 'approved', expiresOn: '2026-12-06' });
      expect(checkRegistrationConflict(aCheck({ registrations: [approved] })).outcome).toBe('conflict');
    });

    it('is no conflict once the protection has lapsed', () => {
      const lapsed = aRegistration({ status: 'approved', expiresOn: '2026-12-05' });
      expect(checkRegistrationConflict(aCheck({ registrations: [lapsed] })).outcome).toBe('none');
    });

    it.each(['rejected', 'expired', 'won', 'lost'] as const)('ignores a %s registration', (status) => {
      const closed = aRegistration({ status, expiresOn: '2027-01-01' });
      expect(checkRegistrationConflict(aCheck({ registrations: [closed] })).outcome).toBe('none');
    });

    it("never counts the partner's own registrations", () => {
      const own = aRegistration({ partnerId: 'p1', status: 'approved', expiresOn: '2027-03-01' });
      expect(checkRegistrationConflict(aCheck({ registrations: [own] })).outcome).toBe('none');
    });

    it('compares registrable domains, not names', () => {
      const elsewhere = aRegistration({ customerDomain: 'acme.de', customerName: 'acme' });
      expect(checkRegistrationConflict(aCheck({ registrations: [elsewhere] })).outcome).toBe('none');
    });
  });

  describe("the vendor's deals", () => {
    it('is a conflict when the customer has an open deal outside the registrations', () => {
      const check = checkRegistrationConflict(aCheck({ deals: [aDeal({ dealId: 'd7' })] }));
      expect(check).toEqual({ outcome: 'conflict', reasons: [{ kind: 'open_deal', severity: 'conflict', dealId: 'd7' }] });
    });

    it('leaves open registration deals to the registration rules', () => {
      expect(checkRegistrationConflict(aCheck({ deals: [aDeal({ isRegistration: true })] })).outcome).toBe('none');
    });

    it('is possible when the customer has a deal won within 12 months', () => {
      const check = checkRegistrationConflict(aCheck({ deals: [aDeal({ dealId: 'd3', state: 'won', closedOn: '2025-12-06' })] }));
      expect(check).toEqual({ outcome: 'possible', reasons: [{ kind: 'recent_win', severity: 'possible', dealId: 'd3', closedOn: '2025-12-06' }] });
    });

    it('forgets a win older than 12 months, and a lost deal', () => {
      const deals = [aDeal({ state: 'won', closedOn: '2025-12-05' }), aDeal({ dealId: 'd2', state: 'lost', closedOn: '2026-11-01' })];
      expect(checkRegistrationConflict(aCheck({ deals })).outcome).toBe('none');
    });

    it("follows the program's recent-win window, and 0 turns it off", () => {
      const deals = [aDeal({ state: 'won', closedOn: '2026-03-01' })];
      expect(checkRegistrationConflict(aCheck({ deals, rules: { ...settings().conflict, recentWinMonths: 6 } })).outcome).toBe('none');
      expect(checkRegistrationConflict(aCheck({ deals, rules: { ...settings().conflict, recentWinMonths: 0 } })).outcome).toBe('none');
    });

    it("ignores other customers' deals", () => {
      expect(checkRegistrationConflict(aCheck({ deals: [aDeal({ customerDomain: 'globex.com' })] })).outcome).toBe('none');
    });
  });

  describe('companies with the same name', () => {
    it('is possible when a company with the same normalised name has another domain', () => {
      const check = checkRegistrationConflict(aCheck({ companies: [aCompany({ companyId: 'c5', name: 'ACME GmbH', domain: 'acme.de' })] }));
      expect(check).toEqual({ outcome: 'possible', reasons: [{ kind: 'similar_name', severity: 'possible', companyId: 'c5', domain: 'acme.de' }] });
    });

    it('is nothing for the customer company itself or a company without a domain', () => {
      const companies = [aCompany(), aCompany({ companyId: 'c2', domain: null })];
      expect(checkRegistrationConflict(aCheck({ companies })).outcome).toBe('none');
    });

    it('can be turned off by the program', () => {
      const companies = [aCompany({ domain: 'acme.de' })];
      const rules = { ...settings().conflict, matchCompanyNames: false };
      expect(checkRegistrationConflict(aCheck({ companies, rules })).outcome).toBe('none');
    });
  });

  describe('a customer without a company domain', () => {
    const noDomain = aCustomer({ domain: null, domainSource: null, freeMailDomain: 'gmail.com' });

    it('matches no claim and no deal, even ones without a domain', () => {
      const check = checkRegistrationConflict(aCheck({
        customer: noDomain,
        registrations: [aRegistration({ customerDomain: null })],
        deals: [aDeal({ customerDomain: null })],
      }));
      expect(check.outcome).toBe('none');
    });

    it('is still compared by name', () => {
      const check = checkRegistrationConflict(aCheck({ customer: noDomain, companies: [aCompany({ domain: 'acme.com' })] }));
      expect(check.outcome).toBe('possible');
    });
  });

  it('lists every reason, conflicts first, and the worst decides the outcome', () => {
    const check = checkRegistrationConflict(aCheck({
      registrations: [aRegistration({ registrationId: 'r2' })],
      deals: [aDeal({ dealId: 'd2', state: 'won', closedOn: '2026-06-01' }), aDeal({ dealId: 'd1' })],
      companies: [aCompany({ companyId: 'c9', domain: 'acme.io' })],
    }));
    expect(check.outcome).toBe('conflict');
    expect(check.reasons.map((reason) => reason.kind)).toEqual(['partner_registration', 'open_deal', 'recent_win', 'similar_name']);
  });

  it('refuses a today that is not a date rather than forgetting every win', () => {
    let error: unknown;
    try {
      checkRegistrationConflict(aCheck({ today: '06/12/2026', deals: [aDeal()] }));
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
  });

  it('counts a record passed twice once', () => {
    const registration = aRegistration();
    expect(checkRegistrationConflict(aCheck({ registrations: [registration, registration] })).reasons).toHaveLength(1);
  });
});
