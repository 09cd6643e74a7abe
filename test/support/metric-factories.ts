import { DateTime } from 'luxon';
import type { DealFact } from '../../src/domain/governance/deal-fact.js';
import type { LedgerSum, PartnerDaySnapshot, RegistrationRecord } from '../../src/domain/metrics/types.js';

/** A Silver partner in the program on 31 March 2027, with nothing remarkable about it. */
export function aSnapshot(overrides: Partial<PartnerDaySnapshot> = {}): PartnerDaySnapshot {
  return {
    companyId: '1001',
    day: '2027-03-31',
    name: null,
    tier: 'silver',
    programStatus: 'active',
    readinessScore: 80,
    healthScore: 85,
    healthStatus: 'on_target',
    certifiedStaff: 1,
    validCertifications: 1,
    agreementSignedOn: '2026-01-10',
    firstCertifiedOn: '2026-02-01',
    modulesAssigned: 10,
    modulesCompleted: 7,
    renewalsDue: 0,
    renewalsRenewed: 0,
    revenue12m: 0,
    openPipeline: 0,
    caughtUp: false,
    ...overrides,
  };
}

/** A partner-sourced deal won at noon UTC on 15 February 2027 for 1,000.00. */
export function aDeal(overrides: Partial<DealFact> = {}): DealFact {
  return {
    dealId: 'd1',
    partnerCompanyId: '1001',
    customerCompanyId: 'c1',
    amountInHomeCurrency: 100_000,
    amount: 100_000,
    isClosed: true,
    isWon: true,
    closedAt: DateTime.fromISO('2027-02-15T12:00:00Z').toMillis(),
    strategic: false,
    ...overrides,
  };
}

/** A registration submitted at 09:00 UTC on 1 February 2027, not yet decided. */
export function aRegistration(overrides: Partial<RegistrationRecord> = {}): RegistrationRecord {
  return {
    dealId: 'r1',
    partnerId: '1001',
    submittedAt: DateTime.fromISO('2027-02-01T09:00:00Z').toMillis(),
    decidedAt: null,
    slaBreached: false,
    ...overrides,
  };
}

/** A SPIFF accrual of 500.00 on 1 March 2027. */
export function aLedgerSum(overrides: Partial<LedgerSum> = {}): LedgerSum {
  return { partnerId: '1001', kind: 'accrual', bucket: 'spiff', amountMinor: 50_000, occurredOn: '2027-03-01', ...overrides };
}
