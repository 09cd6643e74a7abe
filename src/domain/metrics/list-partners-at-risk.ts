import { partnersInProgram } from './partners-in-program.js';
import type { QuarterEndState } from './types.js';

export interface PartnerAtRisk {
  companyId: string;
  name: string | null;
  tier: QuarterEndState['tier'];
  healthScore: number | null;
  healthStatus: 'at_risk' | 'off_target';
}

/** Partners `at_risk` or `off_target` at quarter end, lowest health first, ties by id (docs/metrics.md "Health"). */
export function listPartnersAtRisk(states: readonly QuarterEndState[], limit = Number.POSITIVE_INFINITY): PartnerAtRisk[] {
  return partnersInProgram(states)
    .filter((state) => state.healthStatus === 'at_risk' || state.healthStatus === 'off_target')
    .sort((a, b) => (a.healthScore ?? 0) - (b.healthScore ?? 0) || a.companyId.localeCompare(b.companyId))
    .slice(0, limit)
    .map((state) => ({ companyId: state.companyId, name: state.name, tier: state.tier, healthScore: state.healthScore, healthStatus: state.healthStatus as PartnerAtRisk['healthStatus'] }));
}
