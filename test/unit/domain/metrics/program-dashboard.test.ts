import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseQuarterLabel } from '../../../../src/domain/governance/parse-quarter-label.js';
import { buildProgramDashboard, type ProgramDashboardInput } from '../../../../src/domain/metrics/build-program-dashboard.js';
import { compareToTarget } from '../../../../src/domain/metrics/compare-to-target.js';
import { lastClosedQuarter } from '../../../../src/domain/metrics/last-closed-quarter.js';
import { listDashboardQuarters } from '../../../../src/domain/metrics/list-dashboard-quarters.js';
import { SEED_METRIC_TARGETS } from '../../../../src/domain/metrics/metric-targets.js';
import { selectQuarterData, type ProgramHistory } from '../../../../src/domain/metrics/select-quarter-data.js';
import { DEFAULT_GOVERNANCE } from '../../../../src/program/default-governance.js';
import { aDeal, aLedgerSum, aRegistration, aSnapshot } from '../../../support/metric-factories.js';

const Q1 = parseQuarterLabel('2027Q1', 1);

function dashboardOf(history: Partial<ProgramHistory>, timeZone = 'UTC', overrides: Partial<ProgramDashboardInput> = {}) {
  const full: ProgramHistory = { snapshots: [], deals: [], registrations: [], ledger: [], ...history };
  return buildProgramDashboard({
    quarters: listDashboardQuarters(Q1, 1).map((quarter) => selectQuarterData(full, quarter, timeZone)),
    currency: 'USD',
    targets: SEED_METRIC_TARGETS,
    revenueTargets: DEFAULT_GOVERNANCE.health.revenueTargets,
    ...overrides,
  });
}

describe('buildProgramDashboard', () => {
  it('shows an empty program as zeros and missing values, with no verdict on any target', () => {
    const dashboard = dashboardOf({});
    expect(dashboard.quarter).toEqual({ label: '2027Q1', firstDay: '2027-01-01', lastDay: '2027-03-31' });
    expect(dashboard.previousQuarter).toBe('2026Q4');
    expect(dashboard.headline.partnersInProgram).toMatchObject({ value: 0, previous: 0, met: null });
    expect(dashboard.headline.averageReadiness).toEqual({ value: null, previous: null, target: { threshold: 85, better: 'higher' }, met: null });
    expect(dashboard.headline.certificationCompletionPercent.value).toBeNull();
    expect(dashboard.revenue.partnerSourced.value).toEqual({ amountMinor: 0, currency: 'USD' });
    expect(dashboard.revenue.growthPercent).toBeNull();
    expect(dashboard.revenue.averageDealSize.value).toBeNull();
    expect(dashboard.revenue.byTier).toEqual([]);
    expect(dashboard.partners.retentionPercent.value).toBeNull();
    expect(dashboard.registrations).toMatchObject({ submitted: 0, medianDecisionHours: null, slaBreaches: 0 });
    expect(dashboard.topPartners).toEqual([]);
    expect(dashboard.series.quarters).toEqual(['2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2', '2026Q3', '2026Q4', '2027Q1']);
    expect(dashboard.series.values.partnerRevenue).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('counts a partner that joined inside the quarter at quarter end and one that left only as exited', () => {
    const snapshots = [
      // A: in the program all along.
      aSnapshot({ companyId: 'A', day: '2026-12-31', readinessScore: 90 }),
      aSnapshot({ companyId: 'A', day: '2027-03-31', readinessScore: 90 }),
      // B: signs on 20 February, first snapshot 21 February.
      aSnapshot({ companyId: 'B', day: '2027-02-21', readinessScore: 60, programStatus: 'onboarding', tier: 'bronze', agreementSignedOn: '2027-02-20', certifiedStaff: 0, firstCertifiedOn: null }),
      aSnapshot({ companyId: 'B', day: '2027-03-31', readinessScore: 70, programStatus: 'onboarding', tier: 'bronze', agreementSignedOn: '2027-02-20', certifiedStaff: 0, firstCertifiedOn: null }),
      // C: in at the end of 2026Q4, exited on 10 March; no snapshot after that day.
      aSnapshot({ companyId: 'C', day: '2026-12-31', readinessScore: 10 }),
      aSnapshot({ companyId: 'C', day: '2027-03-10', readinessScore: 10, programStatus: 'exited' }),
    ];
    const dashboard = dashboardOf({ snapshots });
    expect(dashboard.headline.partnersInProgram).toMatchObject({ value: 2, previous: 2 });
    expect(dashboard.partners.onboarded.value).toBe(1);
    expect(dashboard.partners.exited).toMatchObject({ value: 1, previous: 0 });
    // A stayed, C left; B joined inside the quarter and counts on neither side.
    expect(dashboard.partners.retentionPercent.value).toBe(50);
    expect(dashboard.partners.byTier).toEqual({ none: 0, bronze: 1, silver: 1, gold: 0, platinum: 0 });
    expect(dashboard.partners.byStatus).toEqual({ onboarding: 1, active: 1, exit_recommended: 0 });
    // (90 + 70) / 2: B's last state counts, C is out.
    expect(dashboard.headline.averageReadiness).toMatchObject({ value: 80, previous: 50, met: false });
    expect(dashboard.headline.certificationCompletionPercent.value).toBe(50);
  });

  it('places a deal closing at 23:30 on 31 March in New York in Q1 there but in Q2 in UTC', () => {
    const closedAt = DateTime.fromISO('2027-03-31T23:30', { zone: 'America/New_York' }).toMillis();
    const deals = [aDeal({ closedAt, amountInHomeCurrency: 250_000 })];
    const snapshots = [aSnapshot()];
    expect(dashboardOf({ deals, snapshots }, 'America/New_York').revenue.partnerSourced.value.amountMinor).toBe(250_000);
    expect(dashboardOf({ deals, snapshots }, 'UTC').revenue.partnerSourced.value.amountMinor).toBe(0);
  });

  it('places a registration submitted at 00:30 on 1 January in Berlin in that quarter, not the one before', () => {
    const submittedAt = DateTime.fromISO('2027-01-01T00:30', { zone: 'Europe/Berlin' }).toMillis();
    expect(dashboardOf({ registrations: [aRegistration({ submittedAt })] }, 'Europe/Berlin').registrations).toMatchObject({ submitted: 1, previous: { submitted: 0 } });
    expect(dashboardOf({ registrations: [aRegistration({ submittedAt })] }, 'UTC').registrations).toMatchObject({ submitted: 0, previous: { submitted: 1 } });
  });

  it('sums revenue, deal size, growth and win rates from deals closed in the quarter', () => {
    const deals = [
      aDeal({ dealId: 'w1', amountInHomeCurrency: 300_000 }),
      aDeal({ dealId: 'w2', amountInHomeCurrency: null, amount: 100_001 }),
      aDeal({ dealId: 'l1', isWon: false }),
      aDeal({ dealId: 'open', isClosed: false, isWon: false, closedAt: null }),
      aDeal({ dealId: 'prev', amountInHomeCurrency: 200_000, closedAt: DateTime.fromISO('2026-12-01T12:00:00Z').toMillis() }),
      aDeal({ dealId: 'direct-won', partnerCompanyId: null }),
      aDeal({ dealId: 'direct-lost-1', partnerCompanyId: null, isWon: false }),
      aDeal({ dealId: 'direct-lost-2', partnerCompanyId: null, isWon: false }),
      aDeal({ dealId: 'direct-lost-3', partnerCompanyId: null, isWon: false }),
    ];
    const dashboard = dashboardOf({ deals, snapshots: [aSnapshot({ openPipeline: 700_000 })] });
    expect(dashboard.revenue.partnerSourced).toEqual({ value: { amountMinor: 400_001, currency: 'USD' }, previous: { amountMinor: 200_000, currency: 'USD' } });
    expect(dashboard.revenue.growthPercent).toBe(100);
    expect(dashboard.revenue.averageDealSize.value).toEqual({ amountMinor: 200_000, currency: 'USD' });
    expect(dashboard.revenue.pipeline.value.amountMinor).toBe(700_000);
    expect(dashboard.revenue.winRatePercent.partner.value).toBe(66.7);
    expect(dashboard.revenue.winRatePercent.direct.value).toBe(25);
  });

  it('measures revenue by tier against a quarter of the yearly target per partner', () => {
    const snapshots = [aSnapshot({ companyId: 'S1' }), aSnapshot({ companyId: 'S2' }), aSnapshot({ companyId: 'G1', tier: 'gold' })];
    const deals = [aDeal({ partnerCompanyId: 'S1', amountInHomeCurrency: 12_500_000 }), aDeal({ dealId: 'd2', partnerCompanyId: 'G1', amountInHomeCurrency: 30_000_000 })];
    // Silver: 2 × 250,000.00 / 4 = 125,000.00; Gold: 1,000,000.00 / 4 = 250,000.00.
    expect(dashboardOf({ snapshots, deals }).revenue.byTier).toEqual([
      { group: 'silver', partners: 2, revenue: { amountMinor: 12_500_000, currency: 'USD' }, target: { amountMinor: 12_500_000, currency: 'USD' }, met: true },
      { group: 'gold', partners: 1, revenue: { amountMinor: 30_000_000, currency: 'USD' }, target: { amountMinor: 25_000_000, currency: 'USD' }, met: true },
    ]);
    expect(dashboardOf({ snapshots, deals }).topPartners.map((partner) => [partner.companyId, partner.revenue.amountMinor])).toEqual([['G1', 30_000_000], ['S1', 12_500_000]]);
  });

  it('takes the median days from agreement to first certification over partners first certified in the quarter', () => {
    const snapshots = [
      aSnapshot({ companyId: 'A', agreementSignedOn: '2027-01-01', firstCertifiedOn: '2027-01-31' }), // 30
      aSnapshot({ companyId: 'B', agreementSignedOn: '2026-12-01', firstCertifiedOn: '2027-02-09' }), // 70
      aSnapshot({ companyId: 'C', agreementSignedOn: '2027-02-01', firstCertifiedOn: '2027-02-21' }), // 20
      aSnapshot({ companyId: 'D', agreementSignedOn: '2027-03-01', firstCertifiedOn: '2027-03-11' }), // 10
      aSnapshot({ companyId: 'E', agreementSignedOn: '2026-01-01', firstCertifiedOn: '2026-06-01' }), // before the quarter
    ];
    const dashboard = dashboardOf({ snapshots });
    expect(dashboard.headline.daysToFirstCertification).toMatchObject({ value: 25, met: true, target: { threshold: 45, better: 'lower' } });
    expect(dashboard.enablement.newlyCertifiedPartners.value).toBe(4);
  });

  it('sums renewals and training modules and judges them against their targets', () => {
    const snapshots = [
      aSnapshot({ companyId: 'A', day: '2027-01-15', renewalsDue: 5, renewalsRenewed: 5 }),
      aSnapshot({ companyId: 'A', day: '2027-02-15', renewalsDue: 5, renewalsRenewed: 4, modulesAssigned: 10, modulesCompleted: 7 }),
      aSnapshot({ companyId: 'B', day: '2027-02-15', modulesAssigned: 10, modulesCompleted: 7 }),
    ];
    const dashboard = dashboardOf({ snapshots });
    expect(dashboard.headline.renewalRatePercent).toMatchObject({ value: 90, met: false });
    expect(dashboard.headline.trainingCompletionPercent).toMatchObject({ value: 70, met: false });
  });

  it('takes the median decision hours and counts SLA breaches of registrations submitted in the quarter', () => {
    const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
    const registrations = [
      aRegistration({ dealId: 'r1', submittedAt: at('2027-02-01T09:00'), decidedAt: at('2027-02-01T19:00') }),
      aRegistration({ dealId: 'r2', submittedAt: at('2027-02-01T09:00'), decidedAt: at('2027-02-03T09:30'), slaBreached: true }),
      aRegistration({ dealId: 'r3', submittedAt: at('2027-02-01T09:00'), decidedAt: null }),
    ];
    // (10 + 48.5) / 2
    expect(dashboardOf({ registrations }).registrations).toMatchObject({ submitted: 3, decided: 2, medianDecisionHours: 29.3, slaBreaches: 1 });
    expect(dashboardOf({ registrations }).headline.registrationDecisionHours.met).toBe(true);
  });

  it('sums incentives accrued (clawbacks subtracted), paid, and MDF paid', () => {
    const ledger = [
      aLedgerSum({ amountMinor: 50_000 }),
      aLedgerSum({ kind: 'clawback', amountMinor: -20_000 }),
      aLedgerSum({ kind: 'payment', amountMinor: 10_000 }),
      aLedgerSum({ kind: 'payment', bucket: 'mdf', amountMinor: 7_000 }),
      aLedgerSum({ kind: 'approval', bucket: 'mdf', amountMinor: 9_000 }),
      aLedgerSum({ occurredOn: '2027-04-01', amountMinor: 999 }),
    ];
    const { incentives } = dashboardOf({ ledger });
    expect([incentives.accrued.value.amountMinor, incentives.paid.value.amountMinor, incentives.mdfUsed.value.amountMinor]).toEqual([30_000, 10_000, 7_000]);
  });

  it('counts health statuses and lists partners at risk, lowest score first', () => {
    const snapshots = [
      aSnapshot({ companyId: 'A', healthScore: 70, healthStatus: 'at_risk' }),
      aSnapshot({ companyId: 'B', healthScore: 30, healthStatus: 'off_target' }),
      aSnapshot({ companyId: 'C' }),
      aSnapshot({ companyId: 'D', healthScore: null, healthStatus: null }),
    ];
    const { health } = dashboardOf({ snapshots });
    expect(health.distribution).toEqual({ on_target: 1, at_risk: 1, off_target: 1, unknown: 1 });
    expect(health.atRisk.value).toBe(2);
    expect(health.partnersAtRisk.map((partner) => partner.companyId)).toEqual(['B', 'A']);
  });

  it('refuses a single quarter: the trend needs the previous one', () => {
    const data = selectQuarterData({ snapshots: [], deals: [], registrations: [], ledger: [] }, Q1, 'UTC');
    expect(() => buildProgramDashboard({ quarters: [data], currency: 'USD', targets: SEED_METRIC_TARGETS, revenueTargets: {} })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('compareToTarget', () => {
  it('meets a target only strictly on its better side', () => {
    expect(compareToTarget(85, null, { threshold: 85, better: 'higher' }).met).toBe(false);
    expect(compareToTarget(85.1, null, { threshold: 85, better: 'higher' }).met).toBe(true);
    expect(compareToTarget(45, null, { threshold: 45, better: 'lower' }).met).toBe(false);
    expect(compareToTarget(44, null, { threshold: 45, better: 'lower' }).met).toBe(true);
  });
});

describe('lastClosedQuarter', () => {
  it('is the quarter before the one today falls in, in the portal zone', () => {
    // 1 April 2027 02:00 UTC is still 31 March in New York: 2027Q1 is not closed there yet.
    const instant = DateTime.fromISO('2027-04-01T02:00:00Z').toMillis();
    expect(lastClosedQuarter(instant, 'America/New_York', 1).label).toBe('2026Q4');
    expect(lastClosedQuarter(instant, 'UTC', 1).label).toBe('2027Q1');
  });
});
