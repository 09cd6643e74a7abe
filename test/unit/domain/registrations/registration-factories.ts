import { DEFAULT_REGISTRATION_SETTINGS, type RegistrationSettings } from '../../../../src/program/registration-settings.js';
import type { ConflictCheckInput } from '../../../../src/domain/registrations/check-registration-conflict.js';
import type {
  CustomerCompany,
  CustomerDeal,
  CustomerIdentity,
  ExistingRegistration,
  RegistrationState,
} from '../../../../src/domain/registrations/types.js';

export const TODAY = '2026-12-06';

export function settings(overrides: Partial<RegistrationSettings> = {}): RegistrationSettings {
  return { ...structuredClone(DEFAULT_REGISTRATION_SETTINGS), ...overrides };
}

export function aCustomer(overrides: Partial<CustomerIdentity> = {}): CustomerIdentity {
  return { domain: 'acme.com', domainSource: 'website', name: 'acme', freeMailDomain: null, ...overrides };
}

export function aRegistration(overrides: Partial<ExistingRegistration> = {}): ExistingRegistration {
  return {
    registrationId: 'r1',
    partnerId: 'p2',
    status: 'submitted',
    customerDomain: 'acme.com',
    customerName: 'acme',
    submittedAt: Date.parse('2026-12-01T10:00:00Z'),
    expiresOn: null,
    ...overrides,
  };
}

export function aDeal(overrides: Partial<CustomerDeal> = {}): CustomerDeal {
  return { dealId: 'd1', isRegistration: false, state: 'open', closedOn: null, customerDomain: 'acme.com', ...overrides };
}

export function aCompany(overrides: Partial<CustomerCompany> = {}): CustomerCompany {
  return { companyId: 'c1', name: 'Acme', domain: 'acme.com', ...overrides };
}

export function aCheck(overrides: Partial<ConflictCheckInput> = {}): ConflictCheckInput {
  return {
    partnerId: 'p1',
    customer: aCustomer(),
    today: TODAY,
    registrations: [],
    deals: [],
    companies: [],
    rules: settings().conflict,
    ...overrides,
  };
}

export function aRegistrationState(overrides: Partial<RegistrationState> = {}): RegistrationState {
  return {
    status: 'submitted',
    submittedAt: Date.parse('2026-12-04T10:00:00Z'),
    decidedAt: null,
    approvedOn: null,
    expiresOn: null,
    extensionsUsed: 0,
    rejectionReason: null,
    closedAt: null,
    ...overrides,
  };
}
