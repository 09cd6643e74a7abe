import type { QuarterEndStatus } from './types.js';

/** The quarter-end states of partners still in the program (docs/metrics.md "Partners who join or leave"). */
export function partnersInProgram<State extends QuarterEndStatus>(states: readonly State[]): State[] {
  return states.filter((state) => state.programStatus !== 'exited');
}
