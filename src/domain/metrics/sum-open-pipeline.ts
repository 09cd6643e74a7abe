import { partnersInProgram } from './partners-in-program.js';
import type { QuarterData } from './types.js';

/** The open pipeline of the partners in the program at quarter end, in minor units (docs/metrics.md "Revenue and pipeline"). */
export function sumOpenPipeline(data: QuarterData): number {
  return partnersInProgram(data.states).reduce((sum, state) => sum + state.openPipeline, 0);
}
