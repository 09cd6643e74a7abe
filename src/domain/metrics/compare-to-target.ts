import type { Metric, MetricTarget } from './types.js';

/**
 * A metric from this quarter's and the previous quarter's values; met strictly on the better side
 * of the target (docs/metrics.md "Targets"), no verdict without a value or a target.
 */
export function compareToTarget(value: number | null, previous: number | null, target: MetricTarget | null = null): Metric {
  if (target === null || value === null) return { value, previous, target, met: null };
  const met = target.better === 'higher' ? value > target.threshold : value < target.threshold;
  return { value, previous, target, met };
}
