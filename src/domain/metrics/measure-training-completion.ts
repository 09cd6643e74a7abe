import { partnersInProgram } from './partners-in-program.js';
import { percentOf } from './percent-of.js';
import type { PartnerDaySnapshot } from './types.js';

/** Modules completed / assigned over the partners in the program at quarter end, in percent (docs/metrics.md "Enablement"). */
export function measureTrainingCompletion(states: readonly PartnerDaySnapshot[]): number | null {
  let assigned = 0;
  let completed = 0;
  for (const state of partnersInProgram(states)) {
    assigned += state.modulesAssigned;
    completed += state.modulesCompleted;
  }
  return percentOf(completed, assigned);
}
