import type { HealthSettings } from '../../program/governance-settings.js';
import { TIER_IDS, type TierOrNone } from '../../program/program-schema.js';
import { daysBetween } from '../calendar-date.js';
import { tierRank } from '../tier-requirements.js';
import type { CalendarDate } from '../types.js';

/** What partner health reads; money in minor units, `null` where the figure is unknown. */
export interface PartnerHealthInput {
  /** `pe_tier`: the revenue target is this tier's (or the next tier up that has one). */
  officialTier: TierOrNone;
  revenue12m: number | null;
  openPipeline: number | null;
  /** Partner-sourced deals closed in the trailing 12 months. */
  wonDeals12m: number;
  lostDeals12m: number;
  /** The enablement readiness score (0–100). */
  readinessScore: number | null;
  lastEnablementActivity: CalendarDate | null;
  asOf: CalendarDate;
}

const HEALTH_COMPONENTS = ['revenue', 'pipeline', 'winRate', 'enablement', 'engagement'] as const;
export type HealthComponentName = (typeof HEALTH_COMPONENTS)[number];
export type HealthStatus = 'on_target' | 'at_risk' | 'off_target';

export interface HealthComponent {
  name: HealthComponentName;
  /** The component's share, 0–1; null when it has no data and is left out. */
  value: number | null;
  /** Its weight in the program, and the weight it carries once components without data are left out. */
  weight: number;
  effectiveWeight: number;
}

export interface PartnerHealth {
  /** 0–100, rounded; null when no component has data. */
  score: number | null;
  status: HealthStatus | null;
  components: HealthComponent[];
}

function revenueTarget(tier: TierOrNone, settings: HealthSettings): number | null {
  for (const id of TIER_IDS.slice(Math.max(0, tierRank(tier)))) {
    const target = settings.revenueTargets[id];
    if (target !== null && target > 0) return target;
  }
  return null;
}

function componentValues(input: PartnerHealthInput, settings: HealthSettings): Record<HealthComponentName, number | null> {
  const target = revenueTarget(input.officialTier, settings);
  const revenue = target === null || input.revenue12m === null ? null : Math.min(1, input.revenue12m / target);
  let pipeline: number | null = null;
  if (target !== null && input.revenue12m !== null && input.openPipeline !== null) {
    const stillToReach = Math.max(0, target - input.revenue12m);
    pipeline = stillToReach === 0 ? 1 : Math.min(1, input.openPipeline / (settings.pipelineCoverage * stillToReach));
  }
  const closed = input.wonDeals12m + input.lostDeals12m;
  const winRate = closed > 0 ? input.wonDeals12m / closed : null;
  const enablement = input.readinessScore === null ? null : Math.min(1, Math.max(0, input.readinessScore / 100));
  const sinceActivity = input.lastEnablementActivity === null ? Number.NaN : daysBetween(input.lastEnablementActivity, input.asOf);
  const engagement = sinceActivity >= 0 && sinceActivity < settings.engagementWindowDays ? 1 : 0;
  return { revenue, pipeline, winRate, enablement, engagement };
}

/**
 * Partner health (docs/governance.md, "Partner health"): each component's share times its
 * weight, over the weights of the components that have data, as a 0–100 integer; and its
 * status against the program's thresholds. Revenue and pipeline have no data without a revenue
 * target or figures, win rate without a deal closed in 12 months, enablement without a score;
 * engagement always has data (no activity is 0).
 */
export function calculatePartnerHealth(input: PartnerHealthInput, settings: HealthSettings): PartnerHealth {
  const values = componentValues(input, settings);
  const counted = HEALTH_COMPONENTS.filter((name) => values[name] !== null && settings.weights[name] > 0);
  const totalWeight = counted.reduce((sum, name) => sum + settings.weights[name], 0);
  const components = HEALTH_COMPONENTS.map((name): HealthComponent => ({
    name,
    value: values[name],
    weight: settings.weights[name],
    effectiveWeight: counted.includes(name) ? (settings.weights[name] / totalWeight) * 100 : 0,
  }));
  if (totalWeight === 0) return { score: null, status: null, components };
  const score = Math.round(counted.reduce((sum, name) => sum + values[name]! * settings.weights[name], 0) / totalWeight * 100);
  const status: HealthStatus = score >= settings.onTargetFrom ? 'on_target' : score >= settings.atRiskFrom ? 'at_risk' : 'off_target';
  return { score, status, components };
}
