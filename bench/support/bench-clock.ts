import { BENCH_TODAY } from './seed-partner-population.js';

/**
 * The recalculation's clock in a bench: it starts at noon UTC of the population's fixed "today"
 * and runs at real speed, so evaluations give the same results whatever the calendar says and
 * history points keep their order.
 */
export function benchClock(today: string = BENCH_TODAY): () => number {
  const origin = Date.parse(`${today}T12:00:00Z`);
  const started = Date.now();
  return () => origin + (Date.now() - started);
}
