import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRegistrationConflict, type ConflictCheckInput } from '../../../../src/domain/registrations/check-registration-conflict.js';
import { holdsActiveClaim } from '../../../../src/domain/registrations/holds-active-claim.js';
import type { ConflictOutcome, CustomerIdentity, ExistingRegistration } from '../../../../src/domain/registrations/types.js';
import { TODAY, aCheck } from './registration-factories.js';

const SEVERITY: Record<ConflictOutcome, number> = { none: 0, possible: 1, conflict: 2 };

const domain = fc.constantFrom('acme.com', 'acme.co.uk', 'globex.com', null);
const name = fc.constantFrom('Acme', 'ACME Inc.', 'Globex', null);
const partnerId = fc.constantFrom('p1', 'p2', 'p3');
const date = fc.integer({ min: -400, max: 400 }).map((offset) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10));

const registration = fc.record({
  registrationId: fc.constantFrom('r1', 'r2', 'r3'),
  partnerId,
  status: fc.constantFrom('submitted', 'approved', 'rejected', 'expired', 'won', 'lost'),
  customerDomain: domain,
  customerName: fc.constantFrom('acme', 'globex', null),
  submittedAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
  expiresOn: fc.option(date, { nil: null }),
}) satisfies fc.Arbitrary<ExistingRegistration>;

const deal = fc.record({
  dealId: fc.constantFrom('d1', 'd2', 'd3'),
  isRegistration: fc.boolean(),
  state: fc.constantFrom('open', 'won', 'lost'),
  closedOn: fc.option(date, { nil: null }),
  customerDomain: domain,
});

const company = fc.record({ companyId: fc.constantFrom('c1', 'c2'), name, domain });

const customer = fc.record({ domain, name: fc.constantFrom('acme', 'globex', null) }).map(
  (c): CustomerIdentity => ({ ...c, domainSource: c.domain === null ? null : 'website', freeMailDomain: null }),
);

const checkInput = fc.record({
  partnerId,
  customer,
  registrations: fc.array(registration, { maxLength: 6 }),
  deals: fc.array(deal, { maxLength: 6 }),
  companies: fc.array(company, { maxLength: 4 }),
}).map((parts): ConflictCheckInput => aCheck(parts));

describe('checkRegistrationConflict, for any records', () => {
  it('does not depend on the order of the records', () => {
    fc.assert(fc.property(checkInput, fc.integer(), (input, seed) => {
      const rotate = <T>(items: readonly T[]) => items.map((_, i) => items[(i + Math.abs(seed)) % items.length]!);
      const shuffled = { ...input, registrations: rotate(input.registrations).reverse(), deals: rotate(input.deals).reverse(), companies: rotate(input.companies).reverse() };
      expect(checkRegistrationConflict(shuffled)).toEqual(checkRegistrationConflict(input));
    }));
  });

  it('never lowers the outcome when more records are known', () => {
    fc.assert(fc.property(checkInput, checkInput, (input, more) => {
      const wider = {
        ...input,
        registrations: [...input.registrations, ...more.registrations],
        deals: [...input.deals, ...more.deals],
        companies: [...input.companies, ...more.companies],
      };
      expect(SEVERITY[checkRegistrationConflict(wider).outcome]).toBeGreaterThanOrEqual(SEVERITY[checkRegistrationConflict(input).outcome]);
    }));
  });

  it("never finds a reason in the partner's own registrations", () => {
    fc.assert(fc.property(checkInput, (input) => {
      const own = input.registrations.map((r) => ({ ...r, partnerId: input.partnerId }));
      expect(checkRegistrationConflict({ ...input, registrations: own, deals: [], companies: [] }).outcome).toBe('none');
    }));
  });

  it('is unmoved by claims and deals on other domains', () => {
    fc.assert(fc.property(checkInput, fc.array(registration, { maxLength: 4 }), fc.array(deal, { maxLength: 4 }), (input, registrations, deals) => {
      const elsewhere = {
        ...input,
        registrations: [...input.registrations, ...registrations.map((r) => ({ ...r, customerDomain: 'elsewhere.org' }))],
        deals: [...input.deals, ...deals.map((d) => ({ ...d, customerDomain: 'elsewhere.org' }))],
      };
      fc.pre(input.customer.domain !== 'elsewhere.org');
      expect(checkRegistrationConflict(elsewhere)).toEqual(checkRegistrationConflict(input));
    }));
  });

  it('is symmetric between two live claims: A conflicts with B exactly when B conflicts with A', () => {
    fc.assert(fc.property(registration, registration, (a, b) => {
      fc.pre(holdsActiveClaim(a, TODAY) && holdsActiveClaim(b, TODAY));
      const asNew = (r: ExistingRegistration): CustomerIdentity => ({ domain: r.customerDomain, domainSource: 'website', name: r.customerName, freeMailDomain: null });
      const aAgainstB = checkRegistrationConflict(aCheck({ partnerId: a.partnerId, customer: asNew(a), registrations: [b] }));
      const bAgainstA = checkRegistrationConflict(aCheck({ partnerId: b.partnerId, customer: asNew(b), registrations: [a] }));
      expect(aAgainstB.outcome).toBe(bAgainstA.outcome);
      const expected = a.partnerId !== b.partnerId && a.customerDomain !== null && a.customerDomain === b.customerDomain;
      expect(aAgainstB.outcome === 'conflict').toBe(expected);
    }));
  });

  it('gives the outcome of its worst reason, and none without reasons', () => {
    fc.assert(fc.property(checkInput, (input) => {
      const { outcome, reasons } = checkRegistrationConflict(input);
      const worst = reasons.reduce((max, reason) => Math.max(max, SEVERITY[reason.severity]), 0);
      expect(SEVERITY[outcome]).toBe(worst);
    }));
  });
});
