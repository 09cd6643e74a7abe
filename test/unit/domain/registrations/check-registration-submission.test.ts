import { describe, expect, it } from 'vitest';
import { checkRegistrationSubmission, type RegistrationSubmission } from '../../../../src/domain/registrations/check-registration-submission.js';
import { TODAY, settings } from './registration-factories.js';

function aSubmission(overrides: RegistrationSubmission = {}): RegistrationSubmission {
  return {
    customerCompanyName: 'Acme Ltd',
    customerDomain: 'www.acme.co.uk',
    customerContactName: 'Jane Doe',
    customerContactEmail: 'jane@acme.co.uk',
    dealName: 'Acme — 200 seats',
    amount: 4_800_000,
    expectedCloseDate: '2027-02-15',
    description: null,
    ...overrides,
  };
}

describe('checkRegistrationSubmission', () => {
  it('accepts a complete submission', () => {
    expect(checkRegistrationSubmission(aSubmission(), settings(), TODAY)).toEqual({ problems: [], warnings: [] });
  });

  it('names every required field that is missing or blank', () => {
    const check = checkRegistrationSubmission(aSubmission({ customerContactName: '  ', amount: null, dealName: undefined }), settings(), TODAY);
    expect(check.problems).toEqual([
      { field: 'customerContactName', message: 'is required' },
      { field: 'dealName', message: 'is required' },
      { field: 'amount', message: 'is required' },
    ]);
  });

  it("requires only what the program's requiredFields name", () => {
    const lenient = settings({ requiredFields: ['customerCompanyName', 'customerContactEmail'] });
    const check = checkRegistrationSubmission({ customerCompanyName: 'Acme', customerContactEmail: 'jane@acme.com' }, lenient, TODAY);
    expect(check.problems).toEqual([]);
  });

  it('refuses a domain that is not a company domain', () => {
    expect(checkRegistrationSubmission(aSubmission({ customerDomain: 'co.uk' }), settings(), TODAY).problems)
      .toEqual([{ field: 'customerDomain', message: '"co.uk" is not a company domain (expected something like acme.com)' }]);
  });

  it('warns when the domain given is a free-mail one', () => {
    expect(checkRegistrationSubmission(aSubmission({ customerDomain: 'gmail.com' }), settings(), TODAY).warnings)
      .toEqual([{ field: 'customerDomain', message: "gmail.com is a free-mail domain, not the customer's; the customer will be matched by its contact's email or name" }]);
  });

  it('refuses an email address that is not one', () => {
    for (const email of ['jane', 'jane@', 'jane@localhost', 'jane doe@acme.com']) {
      expect(checkRegistrationSubmission(aSubmission({ customerContactEmail: email }), settings(), TODAY).problems)
        .toEqual([{ field: 'customerContactEmail', message: `"${email}" is not an email address` }]);
    }
  });

  it('refuses an amount that is not a whole, non-negative number of cents', () => {
    for (const amount of [-1, 12.5, Number.NaN]) {
      expect(checkRegistrationSubmission(aSubmission({ amount }), settings(), TODAY).problems.map((p) => p.field)).toEqual(['amount']);
    }
    expect(checkRegistrationSubmission(aSubmission({ amount: 0 }), settings(), TODAY).problems).toEqual([]);
  });

  it('refuses a close date that is not a date, and warns about one already past', () => {
    expect(checkRegistrationSubmission(aSubmission({ expectedCloseDate: '2027-02-30' }), settings(), TODAY).problems)
      .toEqual([{ field: 'expectedCloseDate', message: 'expected a YYYY-MM-DD date, got "2027-02-30"' }]);
    expect(checkRegistrationSubmission(aSubmission({ expectedCloseDate: '2026-12-05' }), settings(), TODAY))
      .toEqual({ problems: [], warnings: [{ field: 'expectedCloseDate', message: '2026-12-05 is already past' }] });
  });
});
