import type { Logger } from '../logger.js';
import { computeAndStoreProgramDashboard, type ComputeAndStoreProgramDashboardOptions } from './compute-and-store-program-dashboard.js';

export interface RefreshProgramDashboardOptions extends Omit<ComputeAndStoreProgramDashboardOptions, 'quarter'> {
  logger: Logger;
}

export type RefreshProgramDashboardOutcome = { refreshed: true; quarter: string; computedAt: string } | { refreshed: false; error: string };

/**
 * Computes the last closed quarter's dashboard and stores it (docs/metrics.md "Precomputed
 * answers"), so a leader opening the app page is served it without waiting for the computation.
 * A failure is logged and leaves the stored answer as it was: the route computes live once it is
 * older than the freshness window.
 */
export async function refreshProgramDashboard(options: RefreshProgramDashboardOptions): Promise<RefreshProgramDashboardOutcome> {
  const { logger, ...compute } = options;
  try {
    const stored = await computeAndStoreProgramDashboard(compute);
    const outcome = { refreshed: true as const, quarter: stored.dashboard.quarter.label, computedAt: new Date(stored.computedAt).toISOString() };
    logger.info({ portalId: options.portalId, ...outcome }, 'program dashboard refreshed');
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ portalId: options.portalId, err: { message } }, 'program dashboard refresh failed; the stored answer stays');
    return { refreshed: false, error: message };
  }
}
