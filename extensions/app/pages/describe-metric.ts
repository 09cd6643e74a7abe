import { HEADLINE_METRICS, type HeadlineMetric, type Metric, type Money } from './program-dashboard-data.js';

export const METRIC_LABELS: Record<HeadlineMetric, string> = {
  partnersInProgram: 'Partners in program',
  partnerRevenue: 'Partner-sourced revenue',
  averageReadiness: 'Average readiness',
  certificationCompletionPercent: 'Certification completion',
  trainingCompletionPercent: 'Training completion',
  daysToFirstCertification: 'Days to first certification (median)',
  renewalRatePercent: 'Renewal rate',
  registrationDecisionHours: 'Registration decision hours (median)',
};

const PERCENT = new Set<HeadlineMetric>(['certificationCompletionPercent', 'trainingCompletionPercent', 'renewalRatePercent']);

/** An amount in minor units as a currency figure, with the currency's own number of minor digits. */
export function formatMoney(money: Money): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amountMinor / 10 ** digits);
}

/** A headline value for display; `currency` formats partner revenue. */
export function formatMetricValue(metric: HeadlineMetric, value: number | null, currency: string): string {
  if (value === null) return '—';
  if (metric === 'partnerRevenue') return formatMoney({ amountMinor: value, currency });
  const rounded = Math.round(value * 10) / 10;
  return PERCENT.has(metric) ? `${rounded}%` : String(rounded);
}

/** The target as a sentence fragment: "target > 85", "target < 45". */
export function describeTarget(metric: HeadlineMetric, target: Metric['target'], currency: string): string | null {
  if (!target) return null;
  return `target ${target.better === 'higher' ? '>' : '<'} ${formatMetricValue(metric, target.threshold, currency)}`;
}

/** The headline metrics the trend chart draws: the percentages and readiness share one 0–100 axis. */
export const CHARTED_METRICS: readonly HeadlineMetric[] = HEADLINE_METRICS.filter(
  (metric) => metric === 'averageReadiness' || PERCENT.has(metric),
);
