import { TIER_IDS, type TierOrNone } from '../../program/program-schema.js';
import { partnersInProgram } from './partners-in-program.js';
import type { QuarterData } from './types.js';

export type RevenueGroup = TierOrNone | 'exited';

export interface TierRevenue {
  group: RevenueGroup;
  /** Partners of the group at quarter end. */
  partners: number;
  /** Partner-sourced revenue won in the quarter, minor units. */
  revenue: number;
  /** A quarter of the tier's yearly revenue target times its partners; null for a tier without one. */
  target: number | null;
  met: boolean | null;
}

/**
 * Partner-sourced revenue of the quarter grouped by each partner's official tier at quarter end,
 * against a quarter of the tier's yearly target per partner (docs/metrics.md "Revenue and
 * pipeline"). `revenueTargets` are the program's health targets in minor units.
 */
export function measureRevenueByTier(data: QuarterData, revenueTargets: Readonly<Record<string, number | null>>): TierRevenue[] {
  const groupOf = new Map<string, RevenueGroup>();
  for (const state of data.states) groupOf.set(state.companyId, state.programStatus === 'exited' ? 'exited' : state.tier);
  const partners = new Map<RevenueGroup, number>();
  for (const state of partnersInProgram(data.states)) partners.set(state.tier, (partners.get(state.tier) ?? 0) + 1);
  const revenue = new Map<RevenueGroup, number>();
  for (const tally of data.dealTallies) {
    if (tally.partnerId === null || tally.wonDeals === 0) continue;
    const group = groupOf.get(tally.partnerId) ?? 'none';
    revenue.set(group, (revenue.get(group) ?? 0) + tally.wonRevenue);
  }
  const groups: RevenueGroup[] = ['none', ...TIER_IDS, 'exited'];
  return groups
    .filter((group) => (partners.get(group) ?? 0) > 0 || (revenue.get(group) ?? 0) !== 0)
    .map((group) => {
      const count = partners.get(group) ?? 0;
      const yearly = group === 'none' || group === 'exited' ? null : (revenueTargets[group] ?? null);
      const target = yearly === null ? null : Math.floor((yearly * count) / 4);
      const amount = revenue.get(group) ?? 0;
      return { group, partners: count, revenue: amount, target, met: target === null ? null : amount >= target };
    });
}
