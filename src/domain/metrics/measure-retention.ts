import { partnersInProgram } from './partners-in-program.js';
import { percentOf } from './percent-of.js';
import type { QuarterEndStatus } from './types.js';

/**
 * Of the partners in the program at the previous quarter's end, the percentage still in it at this
 * quarter's end; partners that joined inside the quarter count on neither side (docs/metrics.md
 * "Partners who join or leave"). null when nobody was in the program before.
 */
export function measureRetention(current: { states: readonly QuarterEndStatus[] }, previous: { states: readonly QuarterEndStatus[] }): number | null {
  const before = partnersInProgram(previous.states).map((state) => state.companyId);
  const stillIn = new Set(partnersInProgram(current.states).map((state) => state.companyId));
  return percentOf(before.filter((id) => stillIn.has(id)).length, before.length);
}
