import { DateTime } from 'luxon';
import type { ProgramHistory } from '../../../../src/domain/metrics/select-quarter-data.js';
import { aDeal, aLedgerSum, aRegistration, aSnapshot } from '../../../support/metric-factories.js';

const closed = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();

/**
 * A small program over 2026Q4 and 2027Q1 in New York: Northwind (Gold) and Acme (Silver) all along,
 * Bluebird joining in February, Crestline leaving in March.
 */
export const FIXTURE_HISTORY: ProgramHistory = {
  snapshots: [
    aSnapshot({ companyId: '101', name: 'Northwind', tier: 'gold', day: '2026-12-31', readinessScore: 88, healthScore: 90, certifiedStaff: 3, modulesCompleted: 9 }),
    aSnapshot({ companyId: '101', name: 'Northwind', tier: 'gold', day: '2027-03-31', readinessScore: 92, healthScore: 91, certifiedStaff: 4, modulesCompleted: 10, renewalsDue: 2, renewalsRenewed: 2 }),
    aSnapshot({ companyId: '102', name: 'Acme', day: '2026-12-31', readinessScore: 70, healthScore: 65, healthStatus: 'at_risk', modulesCompleted: 5 }),
    aSnapshot({ companyId: '102', name: 'Acme', day: '2027-03-31', readinessScore: 74, healthScore: 62, healthStatus: 'at_risk', modulesCompleted: 6, renewalsDue: 1, renewalsRenewed: 0 }),
    aSnapshot({ companyId: '103', name: 'Bluebird', tier: 'bronze', programStatus: 'onboarding', day: '2027-03-31', readinessScore: 40, healthScore: 45, healthStatus: 'off_target', certifiedStaff: 1, agreementSignedOn: '2027-02-01', firstCertifiedOn: '2027-03-03', modulesCompleted: 2 }),
    aSnapshot({ companyId: '104', name: 'Crestline', day: '2026-12-31', readinessScore: 30, healthScore: 40, healthStatus: 'off_target', certifiedStaff: 0, modulesCompleted: 0 }),
    aSnapshot({ companyId: '104', name: 'Crestline', day: '2027-03-15', programStatus: 'exited', readinessScore: 30, certifiedStaff: 0, modulesCompleted: 0 }),
  ],
  deals: [
    aDeal({ dealId: 'n1', partnerCompanyId: '101', amountInHomeCurrency: 30_000_000, closedAt: closed('2027-02-10T10:00') }),
    // 23:30 on 31 March in New York: still the first quarter there.
    aDeal({ dealId: 'n2', partnerCompanyId: '101', amountInHomeCurrency: 5_000_000, closedAt: closed('2027-03-31T23:30') }),
    aDeal({ dealId: 'a1', partnerCompanyId: '102', amountInHomeCurrency: 4_000_000, closedAt: closed('2027-01-20T12:00') }),
    aDeal({ dealId: 'a2', partnerCompanyId: '102', isWon: false, closedAt: closed('2027-03-01T12:00') }),
    aDeal({ dealId: 'c1', partnerCompanyId: '104', amountInHomeCurrency: 1_000_000, closedAt: closed('2027-01-05T12:00') }),
    aDeal({ dealId: 'q4', partnerCompanyId: '101', amountInHomeCurrency: 20_000_000, closedAt: closed('2026-11-15T12:00') }),
    aDeal({ dealId: 'd1', partnerCompanyId: null, amountInHomeCurrency: 9_000_000, closedAt: closed('2027-02-01T12:00') }),
    aDeal({ dealId: 'd2', partnerCompanyId: null, isWon: false, closedAt: closed('2027-02-02T12:00') }),
  ],
  registrations: [
    aRegistration({ dealId: 'r1', partnerId: '102', submittedAt: closed('2027-02-01T09:00'), decidedAt: closed('2027-02-01T21:00') }),
    aRegistration({ dealId: 'r2', partnerId: '103', submittedAt: closed('2027-03-01T09:00'), decidedAt: closed('2027-03-04T09:00'), slaBreached: true }),
  ],
  ledger: [
    aLedgerSum({ partnerId: '101', amountMinor: 100_000, occurredOn: '2027-02-10' }),
    aLedgerSum({ partnerId: '101', kind: 'payment', amountMinor: 50_000, occurredOn: '2027-03-10' }),
    aLedgerSum({ partnerId: '102', kind: 'payment', bucket: 'mdf', amountMinor: 250_000, occurredOn: '2027-03-20' }),
  ],
};
