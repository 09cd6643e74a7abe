import type { TierOrNone } from '../../program/program-schema.js';
import { AppError } from '../../errors.js';
import { money, type Money } from '../money/money.js';
import { averageDealSize } from './average-deal-size.js';
import { averageReadiness } from './average-readiness.js';
import { compareToTarget } from './compare-to-target.js';
import { countExitedPartners } from './count-exited-partners.js';
import { countNewlyCertifiedPartners } from './count-newly-certified-partners.js';
import { countOnboardedPartners } from './count-onboarded-partners.js';
import { countPartnersByStatus } from './count-partners-by-status.js';
import { countPartnersByTier } from './count-partners-by-tier.js';
import { listPartnersAtRisk, type PartnerAtRisk } from './list-partners-at-risk.js';
import { measureCertification } from './measure-certification.js';
import { measureHealthDistribution, type HealthDistribution } from './measure-health-distribution.js';
import { measureRegistrations, type RegistrationFigures } from './measure-registrations.js';
import { measureRenewalRate } from './measure-renewal-rate.js';
import { measureRetention } from './measure-retention.js';
import { measureRevenueByTier, type RevenueGroup } from './measure-revenue-by-tier.js';
import { measureRevenueGrowth } from './measure-revenue-growth.js';
import { measureTrainingCompletion } from './measure-training-completion.js';
import { measureWinRates } from './measure-win-rates.js';
import { medianDaysToFirstCertification } from './median-days-to-first-certification.js';
import type { MetricTargets } from './metric-targets.js';
import { quarterSeriesData } from './quarter-series-data.js';
import { rankTopPartners } from './rank-top-partners.js';
import { sumIncentives } from './sum-incentives.js';
import { sumOpenPipeline } from './sum-open-pipeline.js';
import { sumPartnerRevenue } from './sum-partner-revenue.js';
import type { Metric, QuarterData, QuarterEndStatus, QuarterSeriesData } from './types.js';

export interface ProgramDashboardInput {
  /** Consecutive quarters, oldest first, the reported one last; at least two (the reported one and its previous). */
  quarters: readonly QuarterData[];
  /**
   * The series' quarters right before `quarters`, oldest first, as totals (docs/metrics.md "Cost (measured)"):
   * the series reads nothing else of them. Default none.
   */
  earlier?: readonly QuarterSeriesData[];
  /**
   * When `quarters` holds only the reported quarter and the previous one: each partner's status at
   * the end of the quarter before those, all the previous quarter's exits and retention read of
   * it. Default none (nobody was in the program then).
   */
  statusesBeforePrevious?: readonly QuarterEndStatus[];
  /** The portal's company currency: every amount is in its minor units. */
  currency: string;
  targets: MetricTargets;
  /** The program's yearly revenue target per tier (health `revenueTargets`), minor units. */
  revenueTargets: Readonly<Record<string, number | null>>;
  /** How many partners the at-risk list names. Default 25. */
  atRiskLimit?: number;
  /** How many top partners are listed. Default 10. */
  topPartnersLimit?: number;
}

/** The eight headline metrics that carry a series (docs/metrics.md "Trend series"). */
export const HEADLINE_METRICS = [
  'partnersInProgram',
  'partnerRevenue',
  'averageReadiness',
  'certificationCompletionPercent',
  'trainingCompletionPercent',
  'daysToFirstCertification',
  'renewalRatePercent',
  'registrationDecisionHours',
] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

export interface ProgramDashboard {
  quarter: { label: string; firstDay: string; lastDay: string };
  previousQuarter: string;
  currency: string;
  headline: Record<HeadlineMetric, Metric>;
  partners: {
    byTier: Record<TierOrNone, number>;
    byStatus: ReturnType<typeof countPartnersByStatus>;
    onboarded: Metric;
    exited: Metric;
    retentionPercent: Metric;
  };
  revenue: {
    partnerSourced: { value: Money; previous: Money };
    growthPercent: number | null;
    pipeline: { value: Money; previous: Money };
    averageDealSize: { value: Money | null; previous: Money | null };
    winRatePercent: { partner: Metric; direct: Metric };
    byTier: { group: RevenueGroup; partners: number; revenue: Money; target: Money | null; met: boolean | null }[];
  };
  health: { distribution: HealthDistribution; previous: HealthDistribution; atRisk: Metric; partnersAtRisk: PartnerAtRisk[] };
  enablement: { certifiedPartners: Metric; newlyCertifiedPartners: Metric };
  registrations: RegistrationFigures & { previous: RegistrationFigures };
  incentives: { accrued: { value: Money; previous: Money }; paid: { value: Money; previous: Money }; mdfUsed: { value: Money; previous: Money } };
  topPartners: { companyId: string; name: string | null; tier: TierOrNone | null; revenue: Money; wonDeals: number }[];
  /** Per headline metric, the values of up to eight quarters ending with the reported one, oldest first. */
  series: { quarters: string[]; values: Record<HeadlineMetric, (number | null)[]> };
}

function headlineValues(data: QuarterSeriesData): Record<HeadlineMetric, number | null> {
  return {
    partnersInProgram: data.totals.partnersInProgram,
    partnerRevenue: data.partnerRevenue,
    averageReadiness: averageReadiness(data.totals),
    certificationCompletionPercent: measureCertification(data.totals).completionPercent,
    trainingCompletionPercent: measureTrainingCompletion(data.totals),
    daysToFirstCertification: medianDaysToFirstCertification(data.totals),
    renewalRatePercent: measureRenewalRate(data),
    registrationDecisionHours: measureRegistrations(data).medianDecisionHours,
  };
}

function targetOf(metric: HeadlineMetric, targets: MetricTargets) {
  return metric in targets ? targets[metric as keyof MetricTargets] : null;
}

/**
 * The program dashboard of the last quarter in `quarters` (docs/metrics.md): every metric beside
 * the previous quarter's value and its target, and a series of the headline metrics.
 */
export function buildProgramDashboard(input: ProgramDashboardInput): ProgramDashboard {
  const { quarters, currency, targets } = input;
  if (quarters.length < 2) throw new AppError('INVALID_INPUT', 'the dashboard needs the reported quarter and the one before it');
  const current = quarters[quarters.length - 1]!;
  const previous = quarters[quarters.length - 2]!;
  const beforePrevious = { states: quarters.length > 2 ? quarters[quarters.length - 3]!.states : (input.statusesBeforePrevious ?? []) };
  const cash = (amount: number): Money => money(amount, currency);
  const pair = (value: number, before: number) => ({ value: cash(value), previous: cash(before) });

  const detailedSeries = quarters.map(quarterSeriesData);
  const seriesQuarters = [...(input.earlier ?? []), ...detailedSeries].slice(-8);
  const seriesValues = seriesQuarters.map(headlineValues);
  const now = seriesValues[seriesValues.length - 1]!;
  const then = seriesValues[seriesValues.length - 2]!;
  const headline = Object.fromEntries(HEADLINE_METRICS.map((metric) => [metric, compareToTarget(now[metric], then[metric], targetOf(metric, targets))])) as Record<HeadlineMetric, Metric>;

  const revenueNow = sumPartnerRevenue(current).revenue;
  const revenueThen = sumPartnerRevenue(previous).revenue;
  const dealSize = averageDealSize(current);
  const dealSizeBefore = averageDealSize(previous);
  const winNow = measureWinRates(current);
  const winThen = measureWinRates(previous);
  const incentivesNow = sumIncentives(current);
  const incentivesThen = sumIncentives(previous);
  const healthNow = measureHealthDistribution(current.states);
  const healthThen = measureHealthDistribution(previous.states);
  const atRisk = (distribution: HealthDistribution) => distribution.at_risk + distribution.off_target;
  const registrations = measureRegistrations(current);

  return {
    quarter: { label: current.quarter.label, firstDay: current.quarter.firstDay, lastDay: current.quarter.lastDay },
    previousQuarter: previous.quarter.label,
    currency,
    headline,
    partners: {
      byTier: countPartnersByTier(current.states),
      byStatus: countPartnersByStatus(current.states),
      onboarded: compareToTarget(countOnboardedPartners(current), countOnboardedPartners(previous)),
      exited: compareToTarget(countExitedPartners(current, previous), countExitedPartners(previous, beforePrevious)),
      retentionPercent: compareToTarget(measureRetention(current, previous), measureRetention(previous, beforePrevious)),
    },
    revenue: {
      partnerSourced: pair(revenueNow, revenueThen),
      growthPercent: measureRevenueGrowth(revenueNow, revenueThen),
      pipeline: pair(sumOpenPipeline(current), sumOpenPipeline(previous)),
      averageDealSize: { value: dealSize === null ? null : cash(dealSize), previous: dealSizeBefore === null ? null : cash(dealSizeBefore) },
      winRatePercent: { partner: compareToTarget(winNow.partner, winThen.partner), direct: compareToTarget(winNow.direct, winThen.direct) },
      byTier: measureRevenueByTier(current, input.revenueTargets).map((row) => ({
        group: row.group,
        partners: row.partners,
        revenue: cash(row.revenue),
        target: row.target === null ? null : cash(row.target),
        met: row.met,
      })),
    },
    health: {
      distribution: healthNow,
      previous: healthThen,
      atRisk: compareToTarget(atRisk(healthNow), atRisk(healthThen)),
      partnersAtRisk: listPartnersAtRisk(current.states, input.atRiskLimit ?? 25),
    },
    enablement: {
      certifiedPartners: compareToTarget(detailedSeries.at(-1)!.totals.certifiedPartners, detailedSeries.at(-2)!.totals.certifiedPartners),
      newlyCertifiedPartners: compareToTarget(countNewlyCertifiedPartners(current), countNewlyCertifiedPartners(previous)),
    },
    registrations: { ...registrations, previous: measureRegistrations(previous) },
    incentives: {
      accrued: pair(incentivesNow.accrued, incentivesThen.accrued),
      paid: pair(incentivesNow.paid, incentivesThen.paid),
      mdfUsed: pair(incentivesNow.mdfUsed, incentivesThen.mdfUsed),
    },
    topPartners: rankTopPartners(current, input.topPartnersLimit ?? 10).map((partner) => ({ ...partner, revenue: cash(partner.revenue) })),
    series: {
      quarters: seriesQuarters.map((data) => data.quarter.label),
      values: Object.fromEntries(HEADLINE_METRICS.map((metric) => [metric, seriesValues.map((values) => values[metric])])) as Record<HeadlineMetric, (number | null)[]>,
    },
  };
}
