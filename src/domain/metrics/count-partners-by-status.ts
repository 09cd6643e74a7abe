import { partnersInProgram } from './partners-in-program.js';
import type { QuarterEndState, ProgramStatus } from './types.js';

/** Partners in the program at quarter end by program status (docs/metrics.md "Partners"). */
export function countPartnersByStatus(states: readonly QuarterEndState[]): Record<Exclude<ProgramStatus, 'exited'>, number> {
  const counts = { onboarding: 0, active: 0, exit_recommended: 0 };
  for (const state of partnersInProgram(states)) counts[state.programStatus as keyof typeof counts] += 1;
  return counts;
}
