import { describe, expect, inject, it } from 'vitest';
import { boundOf, planRegistrations, runRegistrationSubmissionBench, SUBMISSION_CALL_KINDS } from '../../../bench/registration-submission-bench.js';

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
    expect(plan.map((entry) => boundOf(entry.kind)).reduce((a, b) => a + b, 0)).toBe(28);
  });

  it('makes exactly the deal create and the permission read per registration, and reports both designs against the bound', async () => {
    const result = await runRegistrationSubmissionBench({ count: 20, baselineCount: 10, redisUrl });
    const { product, baseline } = result;

    expect(product.submissions).toBe(20);
    expect(product.registered).toBe(20);
    expect(Object.keys(product.calls).sort()).toEqual([...SUBMISSION_CALL_KINDS].sort());
    // The optimal path: one deal create with every association inline, and the partner read that
    // gates on its permissions; no company create, no association call, no search, nothing else.
    expect(product.calls.dealCreate).toBe(20);
    expect(product.calls.partnerRead).toBe(20);
    expect(product.calls.setupRead).toBe(2);
    expect([product.calls.companyCreate, product.calls.associationWrite, product.calls.search, product.calls.other]).toEqual([0, 0, 0, 0]);
    expect(product.rateLimited).toBe(0);
    expect(product.registrationCalls).toBe(result.productPathBound);
    expect(product.callsPerRegistration).toBe(2);
    // The bound from the seed: 12 registrations of known customers (1 call), 8 of new ones (2).
    expect(result.kinds).toEqual({ existing: 8, 'existing-direct-deal': 2, 'existing-registered': 2, new: 4, 'new-shared': 4 });
    expect(product.bound).toBe(28);
    expect(product.ratioToBound).toBeCloseTo(40 / 28, 10);
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
