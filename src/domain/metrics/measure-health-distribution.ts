import { partnersInProgram } from './partners-in-program.js';
import type { QuarterEndState } from './types.js';

export interface HealthDistribution {
  on_target: number;
  at_risk: number;
  off_target: number;
  unknown: number;
}

/** Partners in the program at quarter end by health status (docs/metrics.md "Health"). */
export function measureHealthDistribution(states: readonly QuarterEndState[]): HealthDistribution {
  const counts: HealthDistribution = { on_target: 0, at_risk: 0, off_target: 0, unknown: 0 };
  for (const state of partnersInProgram(states)) counts[state.healthStatus ?? 'unknown'] += 1;
  return counts;
}
