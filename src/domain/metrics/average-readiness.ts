import { partnersInProgram } from './partners-in-program.js';
import { roundToTenth } from './round-to-tenth.js';
import type { PartnerDaySnapshot } from './types.js';

/** Mean readiness score of the partners in the program at quarter end that have one (docs/metrics.md "Enablement"). */
export function averageReadiness(states: readonly PartnerDaySnapshot[]): number | null {
  const scores = partnersInProgram(states).flatMap((state) => (state.readinessScore === null ? [] : [state.readinessScore]));
  return scores.length === 0 ? null : roundToTenth(scores.reduce((sum, score) => sum + score, 0) / scores.length);
}
