import { sumPartnerRevenue } from './sum-partner-revenue.js';
import { sumQuarterEndStates } from './sum-quarter-end-states.js';
import type { QuarterData, QuarterSeriesData } from './types.js';

/** What the trend series reads of a quarter whose data the dashboard holds in full (docs/metrics.md "Trend series"). */
export function quarterSeriesData(data: QuarterData): QuarterSeriesData {
  return {
    quarter: data.quarter,
    totals: sumQuarterEndStates(data),
    renewals: data.renewals,
    partnerRevenue: sumPartnerRevenue(data).revenue,
    registrations: data.registrations,
  };
}
