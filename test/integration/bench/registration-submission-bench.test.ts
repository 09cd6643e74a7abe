import { describe, expect, inject, it } from 'vitest';
import { planBound, planRegistrations, runRegistrationSubmissionBench, SUBMISSION_CALL_KINDS } from '../../../bench/registration-submission-bench.js';

const redisUrl = inject('redisUrl');

describe('the registration submission bench on a tiny population', () => {
  it('plans every customer kind, each partner submitting, and the two claims on a shared new customer from two partners', () => {
    const plan = planRegistrations(20, 't-');
    expect(new Set(plan.map((entry) => entry.kind))).toEqual(new Set(['existing', 'existing-direct-deal', 'existing-registered', 'new', 'new-shared']));
    expect(new Set(plan.map((entry) => entry.partner)).size).toBe(10);
    const shared = plan.filter((entry) => entry.kind === 'new-shared');
    for (const domain of new Set(shared.map((entry) => entry.domain))) {
      expect(new Set(shared.filter((entry) => entry.domain === domain).map((entry) => entry.partner)).size).toBe(2);
    }
    // A partner never registers one customer twice (that would be a repeat, not a registration).
    expect(new Set(plan.map((entry) => `${entry.partner} ${entry.domain}`)).size).toBe(20);
    // 20 deal creates, 20 contact upserts, and a company create for each of the 4 new and 2 shared new customers.
    expect(planBound(plan)).toBe(46);
  });

  it('makes exactly the permission read, the contact upsert and the deal create per registration, a company create per new customer, and an association only for a new contact of a known company', async () => {
    const result = await runRegistrationSubmissionBench({ count: 20, baselineCount: 10, redisUrl });
    const { product, baseline } = result;

    expect(product.submissions).toBe(20);
    expect(product.registered).toBe(20);
    expect(Object.keys(product.calls).sort()).toEqual([...SUBMISSION_CALL_KINDS].sort());
    // Per registration the partner read that gates on its permissions, the customer contact's upsert
    // by email and one deal create with every association inline; one company create per new
    // customer (the second partner on a shared one finds it in the index); and, for the 12 known
    // customers, whose contact is new here, the association of that contact with the company.
    // No search, nothing else.
    expect(product.calls.partnerRead).toBe(20);
    expect(product.calls.contactUpsert).toBe(20);
    expect(product.calls.dealCreate).toBe(20);
    expect(product.calls.companyCreate).toBe(6);
    expect(product.calls.associationWrite).toBe(12);
    expect(product.calls.setupRead).toBe(2);
    expect([product.calls.search, product.calls.other]).toEqual([0, 0]);
    expect(product.rateLimited).toBe(0);
    expect(result.kinds).toEqual({ existing: 8, 'existing-direct-deal': 2, 'existing-registered': 2, new: 4, 'new-shared': 4 });
    expect(product.bound).toBe(46);
    expect(result.permissionReads).toBe(20);
    expect(result.productPathBound).toBe(66);
    expect(product.registrationCalls).toBe(78);
    expect(product.callsPerRegistration).toBe(78 / 20);
    expect(product.ratioToBound).toBeCloseTo(78 / 46, 10);
    // The direct deals, other partners' registrations and the second claim on each shared new customer.
    expect(product.outcomes.conflict).toBe(6);
    expect(product.checkP99).toBeGreaterThanOrEqual(product.checkP50);
    expect(product.checkP50).toBeGreaterThan(0);

    expect(baseline.registered).toBe(10);
    expect(baseline.calls.search).toBeGreaterThanOrEqual(10);
    expect(baseline.callsPerRegistration).toBeGreaterThan(product.callsPerRegistration);
    expect(result.ratios.callsPerRegistration).toBeCloseTo(baseline.callsPerRegistration / product.callsPerRegistration, 10);
    expect(result.ratios.checkP99).toBeGreaterThan(0);
    expect(result.ratios.registrationsPerSecond).toBeGreaterThan(0);
  }, 120_000);
});
