import { loadProgramDashboard, type LoadProgramDashboardOptions } from './load-program-dashboard.js';
import type { ProgramDashboardStore, StoredProgramDashboard } from './program-dashboard-store.js';

export interface ComputeAndStoreProgramDashboardOptions extends LoadProgramDashboardOptions {
  store: ProgramDashboardStore;
}

/**
 * Computes a closed quarter's dashboard live at `now` and stores it as the quarter's precomputed
 * answer (docs/metrics.md "Precomputed answers"). The stored answer is exactly the live one of
 * that instant, so serving it later only ages it, never changes it.
 */
export async function computeAndStoreProgramDashboard(options: ComputeAndStoreProgramDashboardOptions): Promise<StoredProgramDashboard> {
  const computedAt = options.now ?? Date.now();
  const dashboard = await loadProgramDashboard({ ...options, now: computedAt });
  const stored = { dashboard, computedAt };
  await options.store.write(options.portalId, stored);
  return stored;
}
