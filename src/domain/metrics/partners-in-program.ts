import type { PartnerDaySnapshot } from './types.js';

/** The quarter-end states of partners still in the program (docs/metrics.md "Partners who join or leave"). */
export function partnersInProgram(states: readonly PartnerDaySnapshot[]): PartnerDaySnapshot[] {
  return states.filter((state) => state.programStatus !== 'exited');
}
