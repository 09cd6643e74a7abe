import type { QuarterEndStatus } from './types.js';

/**
 * Partners that became `exited` inside the quarter: exited at its end and not already exited at
 * the end of the quarter before (docs/metrics.md "Partners who join or leave").
 */
export function countExitedPartners(current: { states: readonly QuarterEndStatus[] }, previous: { states: readonly QuarterEndStatus[] }): number {
  const exitedBefore = new Set(previous.states.filter((state) => state.programStatus === 'exited').map((state) => state.companyId));
  return current.states.filter((state) => state.programStatus === 'exited' && !exitedBefore.has(state.companyId)).length;
}
