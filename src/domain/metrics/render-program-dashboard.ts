import { formatMoney } from '../money/format-money.js';
import type { Money } from '../money/money.js';
import type { HeadlineMetric, ProgramDashboard } from './build-program-dashboard.js';
import type { Metric } from './types.js';

const HEADLINE_LABELS: Record<HeadlineMetric, { label: string; unit: '' | '%' | ' days' | ' h' | 'money' }> = {
  partnersInProgram: { label: 'Partners in the program', unit: '' },
  partnerRevenue: { label: 'Partner-sourced revenue', unit: 'money' },
  averageReadiness: { label: 'Average readiness', unit: '' },
  certificationCompletionPercent: { label: 'Certification completion', unit: '%' },
  trainingCompletionPercent: { label: 'Training module completion', unit: '%' },
  daysToFirstCertification: { label: 'Agreement to first certification (median)', unit: ' days' },
  renewalRatePercent: { label: 'Renewal rate', unit: '%' },
  registrationDecisionHours: { label: 'Registration decision time (median)', unit: ' h' },
};

function figure(value: number | null, unit: string, currency: string): string {
  if (value === null) return '—';
  if (unit === 'money') return formatMoney({ amountMinor: value, currency });
  return `${value}${unit}`;
}

function targetText(metric: Metric, unit: string, currency: string): string {
  if (metric.target === null) return '—';
  return `${metric.target.better === 'higher' ? '>' : '<'} ${figure(metric.target.threshold, unit, currency)}`;
}

function verdict(metric: Metric): string {
  if (metric.met === null) return '—';
  return metric.met ? 'met' : 'not met';
}

function trend(value: number | null, previous: number | null): string {
  if (value === null || previous === null) return '—';
  if (value === previous) return '→ unchanged';
  return value > previous ? '↑ up' : '↓ down';
}

function cash(amount: Money | null): string {
  return amount === null ? '—' : formatMoney(amount);
}

function count(metric: Metric): string {
  return `${metric.value ?? '—'} (previous ${metric.previous ?? '—'})`;
}

/**
 * The dashboard as a performance report in markdown (docs/metrics.md): headline metrics with
 * target and trend, the performance view by tier, health, registrations, incentives, top partners.
 */
export function renderProgramDashboard(dashboard: ProgramDashboard): string {
  const { currency } = dashboard;
  const lines: string[] = [];
  lines.push(`# Program performance — ${dashboard.quarter.label}`, '');
  lines.push(`${dashboard.quarter.firstDay} to ${dashboard.quarter.lastDay}, compared with ${dashboard.previousQuarter}. Amounts in ${currency}.`, '');

  lines.push('## Headline metrics', '');
  lines.push('| metric | value | target | status | previous | trend |', '|---|---|---|---|---|---|');
  for (const [key, { label, unit }] of Object.entries(HEADLINE_LABELS) as [HeadlineMetric, (typeof HEADLINE_LABELS)[HeadlineMetric]][]) {
    const metric = dashboard.headline[key];
    lines.push(`| ${label} | ${figure(metric.value, unit, currency)} | ${targetText(metric, unit, currency)} | ${verdict(metric)} | ${figure(metric.previous, unit, currency)} | ${trend(metric.value, metric.previous)} |`);
  }
  lines.push('');

  const { partners } = dashboard;
  lines.push('## Partners', '');
  lines.push(`- By tier: ${Object.entries(partners.byTier).map(([tier, n]) => `${tier} ${n}`).join(', ')}`);
  lines.push(`- By status: ${Object.entries(partners.byStatus).map(([status, n]) => `${status} ${n}`).join(', ')}`);
  lines.push(`- Onboarded: ${count(partners.onboarded)}; exited: ${count(partners.exited)}; retention: ${figure(partners.retentionPercent.value, '%', currency)}`, '');

  const { revenue } = dashboard;
  lines.push('## Performance by tier', '');
  lines.push(`Partner-sourced revenue ${cash(revenue.partnerSourced.value)} (previous ${cash(revenue.partnerSourced.previous)}, growth ${figure(revenue.growthPercent, '%', currency)}); open pipeline ${cash(revenue.pipeline.value)}; average deal size ${cash(revenue.averageDealSize.value)}; win rate partner ${figure(revenue.winRatePercent.partner.value, '%', currency)}, direct ${figure(revenue.winRatePercent.direct.value, '%', currency)}.`, '');
  lines.push('| tier | partners | revenue | target | status |', '|---|---|---|---|---|');
  for (const row of revenue.byTier) {
    lines.push(`| ${row.group} | ${row.partners} | ${cash(row.revenue)} | ${cash(row.target)} | ${row.met === null ? '—' : row.met ? 'met' : 'not met'} |`);
  }
  if (revenue.byTier.length === 0) lines.push('| — | 0 | — | — | — |');
  lines.push('');

  const { health } = dashboard;
  lines.push('## Health', '');
  lines.push(`on_target ${health.distribution.on_target}, at_risk ${health.distribution.at_risk}, off_target ${health.distribution.off_target}, unknown ${health.distribution.unknown}; partners at risk: ${count(health.atRisk)}`);
  for (const partner of health.partnersAtRisk) lines.push(`- ${partner.name ?? partner.companyId} (${partner.companyId}, ${partner.tier}): ${partner.healthScore ?? '—'} ${partner.healthStatus}`);
  lines.push('', `Certified partners: ${count(dashboard.enablement.certifiedPartners)}; newly certified: ${count(dashboard.enablement.newlyCertifiedPartners)}`, '');

  const { registrations } = dashboard;
  lines.push('## Registrations', '');
  lines.push(`Submitted ${registrations.submitted} (previous ${registrations.previous.submitted}), decided ${registrations.decided}, median decision time ${figure(registrations.medianDecisionHours, ' h', currency)}, SLA breaches ${registrations.slaBreaches} (previous ${registrations.previous.slaBreaches}).`, '');

  const { incentives } = dashboard;
  lines.push('## Incentives', '');
  lines.push(`Accrued ${cash(incentives.accrued.value)} (previous ${cash(incentives.accrued.previous)}), paid ${cash(incentives.paid.value)} (previous ${cash(incentives.paid.previous)}), MDF used ${cash(incentives.mdfUsed.value)} (previous ${cash(incentives.mdfUsed.previous)}).`, '');

  lines.push('## Top partners', '');
  lines.push('| # | partner | tier | revenue | won deals |', '|---|---|---|---|---|');
  dashboard.topPartners.forEach((partner, index) => {
    lines.push(`| ${index + 1} | ${partner.name ?? partner.companyId} | ${partner.tier ?? '—'} | ${cash(partner.revenue)} | ${partner.wonDeals} |`);
  });
  if (dashboard.topPartners.length === 0) lines.push('| — | — | — | — | 0 |');
  lines.push('');

  lines.push('## Trend (eight quarters)', '');
  lines.push(`| metric | ${dashboard.series.quarters.join(' | ')} |`, `|---|${dashboard.series.quarters.map(() => '---').join('|')}|`);
  for (const [key, { label, unit }] of Object.entries(HEADLINE_LABELS) as [HeadlineMetric, (typeof HEADLINE_LABELS)[HeadlineMetric]][]) {
    lines.push(`| ${label} | ${dashboard.series.values[key].map((value) => figure(value, unit, currency)).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
