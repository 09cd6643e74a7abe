import type { ProgramDashboard } from '../domain/metrics/build-program-dashboard.js';
import { lastClosedQuarter } from '../domain/metrics/last-closed-quarter.js';
import { parseQuarterLabel } from '../domain/governance/parse-quarter-label.js';
import { computeAndStoreProgramDashboard, type ComputeAndStoreProgramDashboardOptions } from './compute-and-store-program-dashboard.js';
import type { StoredProgramDashboard } from './program-dashboard-store.js';

/**
 * How old a stored dashboard may be and still be served (docs/metrics.md "Precomputed answers"):
 * 15 minutes, the period of the refresh job, so the last closed quarter is normally never computed
 * while a leader waits.
 */
export const PROGRAM_DASHBOARD_FRESHNESS_MS = 15 * 60_000;

/** The dashboard as the route answers it: with the instant its figures were computed for. */
export type ServedProgramDashboard = ProgramDashboard & {
  /** ISO timestamp (UTC) of the computation the figures come from. */
  computedAt: string;
};

export interface ServeProgramDashboardOptions extends ComputeAndStoreProgramDashboardOptions {
  /** Default {@link PROGRAM_DASHBOARD_FRESHNESS_MS}. */
  freshnessMs?: number;
}

/** The stored answer with its computation time, as the route sends it. */
export function servedProgramDashboard(stored: StoredProgramDashboard): ServedProgramDashboard {
  return { ...stored.dashboard, computedAt: new Date(stored.computedAt).toISOString() };
}

/**
 * The dashboard of a closed quarter (default the last closed one) as the app page gets it
 * (docs/metrics.md "Precomputed answers"): the stored answer when it was computed less than the
 * freshness window ago, else computed live now, stored, and served.
 *
 * @throws AppError `INVALID_INPUT` for a quarter that has not closed yet (from the live computation).
 */
export async function serveProgramDashboard(options: ServeProgramDashboardOptions): Promise<ServedProgramDashboard> {
  const now = options.now ?? Date.now();
  const fiscal = options.program.governance.fiscalYearStartMonth;
  const quarter = options.quarter === undefined ? lastClosedQuarter(now, options.timeZone, fiscal).label : parseQuarterLabel(options.quarter, fiscal).label;
  const stored = await options.store.read(options.portalId, quarter);
  const age = stored === null ? Infinity : now - stored.computedAt;
  if (stored !== null && age >= 0 && age < (options.freshnessMs ?? PROGRAM_DASHBOARD_FRESHNESS_MS)) return servedProgramDashboard(stored);
  return servedProgramDashboard(await computeAndStoreProgramDashboard({ ...options, quarter, now }));
}
