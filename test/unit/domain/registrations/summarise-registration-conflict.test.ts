import { describe, expect, it } from 'vitest';
import { checkRegistrationConflict } from '../../../../src/domain/registrations/check-registration-conflict.js';
import { pendingRegistrationId } from '../../../../src/domain/registrations/pending-registration-id.js';
import { summariseRegistrationConflict } from '../../../../src/domain/registrations/summarise-registration-conflict.js';
import { aCheck, aCompany, aCustomer, aDeal, aRegistration } from './registration-factories.js';

describe('summariseRegistrationConflict', () => {
  it('says so when nothing was found', () => {
    expect(summariseRegistrationConflict({ outcome: 'none', reasons: [] }, aCustomer())).toBe('No conflict found.');
  });

  it('names every conflicting record, one line each, conflicts first', () => {
    const check = checkRegistrationConflict(aCheck({
      registrations: [aRegistration({ registrationId: 'r2', partnerId: 'p7', status: 'approved', expiresOn: '2027-02-01' })],
      deals: [aDeal({ dealId: 'd4' }), aDeal({ dealId: 'd5', state: 'won', closedOn: '2026-10-01' })],
      companies: [aCompany({ companyId: 'c8', domain: 'acme.de' })],
    }));
    expect(summariseRegistrationConflict(check, aCustomer()).split('\n')).toEqual([
      'Conflict: partner p7 holds approved registration r2 on this customer, protected until 2027-02-01.',
      'Conflict: deal d4 is open on this customer.',
      'Possible: deal d5 on this customer was won on 2026-10-01.',
      'Possible: company c8 (acme.de) has the same name under another domain.',
    ]);
  });

  it("words another partner's claim whose deal was still being made without naming an id HubSpot does not have", () => {
    const check = checkRegistrationConflict(aCheck({
      registrations: [aRegistration({ registrationId: pendingRegistrationId('0b5e'), partnerId: 'p7', status: 'submitted' })],
    }));
    expect(summariseRegistrationConflict(check, aCustomer())).toBe(
      'Conflict: partner p7 registered this customer moments before; its registration, awaiting a decision, was still being created.',
    );
  });

  it('tells the approver when only a free-mail domain was given', () => {
    const customer = aCustomer({ domain: null, domainSource: null, freeMailDomain: 'gmail.com' });
    expect(summariseRegistrationConflict({ outcome: 'none', reasons: [] }, customer)).toBe(
      'No conflict found.\nOnly a free-mail domain (gmail.com) was given, so the customer was matched by name only.',
    );
  });
});
