import { percentOf } from './percent-of.js';

/** Growth against the previous quarter in percent; null when the previous quarter had no revenue (docs/metrics.md "Revenue and pipeline"). */
export function measureRevenueGrowth(revenue: number, previousRevenue: number): number | null {
  return previousRevenue === 0 ? null : percentOf(revenue - previousRevenue, previousRevenue);
}
