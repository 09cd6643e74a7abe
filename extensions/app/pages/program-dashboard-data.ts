// The program dashboard as `GET /hubspot/pages/program` answers it (docs/metrics.md): only the
// parts the app page shows. The page folder is built alone by HubSpot, so the shape is declared
// here rather than imported from the backend.

/** The page's data route. */
export const PROGRAM_DASHBOARD_ROUTE = '/hubspot/pages/program';

export interface Money {
  amountMinor: number;
  currency: string;
}

export interface MetricTarget {
  threshold: number;
  better: 'higher' | 'lower';
}

export interface Metric {
  value: number | null;
  previous: number | null;
  target: MetricTarget | null;
  /** null without a target or without a value. */
  met: boolean | null;
}

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

export interface RevenueByTierRow {
  group: string;
  partners: number;
  revenue: Money;
  target: Money | null;
  met: boolean | null;
}

/** Registrations submitted in a quarter (docs/metrics.md "Registrations"). */
export interface RegistrationFigures {
  submitted: number;
  decided: number;
  /** Median hours from submission to decision, one decimal; null when none was decided. */
  medianDecisionHours: number | null;
  /** Decided after the deadline, or still undecided past it. */
  slaBreaches: number;
}

export interface ProgramDashboardResponse {
  quarter: { label: string; firstDay: string; lastDay: string };
  previousQuarter: string;
  currency: string;
  headline: Record<HeadlineMetric, Metric>;
  revenue: { byTier: RevenueByTierRow[] };
  registrations: RegistrationFigures & { previous: RegistrationFigures };
  series: { quarters: string[]; values: Record<HeadlineMetric, (number | null)[]> };
  /** ISO timestamp of the computation the figures come from (the backend keeps answers up to 15 minutes). */
  computedAt: string;
}

export interface PageErrorBody {
  error: { code: string; message: string };
}
