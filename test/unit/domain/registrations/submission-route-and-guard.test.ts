import { describe, expect, it } from 'vitest';
import { chooseSubmissionRoute } from '../../../../src/domain/registrations/choose-submission-route.js';
import { findProtectingRegistration } from '../../../../src/domain/registrations/find-protecting-registration.js';
import { TODAY, aRegistration } from './registration-factories.js';

describe('chooseSubmissionRoute', () => {
  it('lets a partner with register_deals register', () => {
    expect(chooseSubmissionRoute(['access_portal', 'submit_leads', 'register_deals'])).toBe('registration');
  });

  it('turns the submission of a partner with only submit_leads into a lead', () => {
    expect(chooseSubmissionRoute(['access_portal', 'submit_leads'])).toBe('lead');
  });

  it('refuses a partner with neither', () => {
    expect(chooseSubmissionRoute(['access_portal'])).toBe('refused');
    expect(chooseSubmissionRoute([])).toBe('refused');
  });
});

describe('findProtectingRegistration', () => {
  const approved = (overrides: Parameters<typeof aRegistration>[0] = {}) => aRegistration({ status: 'approved', expiresOn: '2027-03-06', ...overrides });

  it('finds the approved registration protecting the customer', () => {
    const protecting = approved({ registrationId: 'r4', partnerId: 'p3' });
    expect(findProtectingRegistration('acme.com', [protecting], TODAY)).toBe(protecting);
  });

  it('protects through the last protected day and not after', () => {
    expect(findProtectingRegistration('acme.com', [approved({ expiresOn: TODAY })], TODAY)).not.toBeNull();
    expect(findProtectingRegistration('acme.com', [approved({ expiresOn: '2026-12-05' })], TODAY)).toBeNull();
  });

  it('ignores pending and closed registrations and other customers', () => {
    const registrations = [
      aRegistration({ status: 'submitted' }),
      approved({ status: 'won' }),
      approved({ status: 'expired' }),
      approved({ customerDomain: 'globex.com' }),
    ];
    expect(findProtectingRegistration('acme.com', registrations, TODAY)).toBeNull();
  });

  it('protects nothing for a customer without a domain', () => {
    expect(findProtectingRegistration(null, [approved({ customerDomain: null })], TODAY)).toBeNull();
  });

  it('names the earliest registration when several protect the customer', () => {
    const first = approved({ registrationId: 'r8', submittedAt: Date.parse('2026-11-01T00:00:00Z') });
    const second = approved({ registrationId: 'r2', submittedAt: Date.parse('2026-11-20T00:00:00Z') });
    expect(findProtectingRegistration('acme.com', [second, first], TODAY)).toBe(first);
  });
});
