import type { TierGovernanceView, TierHistoryEntryView, TierView } from '../../extensions/app/cards/card-data.js';
import { describeTierOutlook } from '../domain/governance/describe-tier-outlook.js';
import type { TierOutlook } from '../domain/governance/decide-tier-change.js';
import type { CalendarDate } from '../domain/types.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import { TIER_IDS, type Program, type TierOrNone } from '../program/program-schema.js';
import type { TierHistoryRow } from '../governance/tier-history-reader.js';

const TIERS: readonly TierOrNone[] = ['none', ...TIER_IDS];
const OUTLOOKS: readonly TierOutlook[] = ['advancing', 'holding', 'demotion_risk', 'exit_risk'];

function tierOf(value: string | null | undefined): TierOrNone | null {
  const trimmed = value?.trim() ?? '';
  return TIERS.find((tier) => tier === trimmed) ?? null;
}

function count(value: string | null | undefined): number {
  const parsed = Number(value ?? '');
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : 0;
}

/**
 * The card's tier governance (docs/governance.md, "Approval" and "Governance decisions"): the
 * proposal waiting for a decision, the outlook sentence from the partner's properties and the
 * program, and its closed quarters (newest first). Pure: the history is read by the caller.
 */
export function buildTierGovernance(company: HubSpotRecord, history: readonly TierHistoryRow[], program: Program, today: CalendarDate): TierGovernanceView {
  const view = (tier: TierOrNone): TierView => ({ id: tier, name: tier === 'none' ? 'None' : program.tiers[tier].name });
  const viewOf = (value: string | null): TierView => {
    const tier = tierOf(value);
    return tier === null ? { id: 'none', name: value ?? 'None' } : view(tier);
  };
  const properties = company.properties;
  const official = tierOf(properties.pe_tier) ?? 'none';
  const proposed = tierOf(properties.pe_tier_proposed);
  const outlookValue = properties.pe_tier_outlook?.trim();
  const outlook = OUTLOOKS.find((candidate) => candidate === outlookValue) ?? null;
  const sentence = describeTierOutlook(
    {
      officialTier: official,
      outlook,
      quartersAbove: count(properties.pe_quarters_above),
      quartersBelow: count(properties.pe_quarters_below),
      fastTrack: properties.pe_fast_track?.trim() === 'true',
      programStatus: properties.pe_program_status?.trim() || null,
      today,
    },
    program.governance,
    (tier) => view(tier).name,
  );
  return {
    proposal: proposed === null ? null : { from: view(official), to: view(proposed) },
    outlook: sentence,
    history: history.map((row): TierHistoryEntryView => ({
      quarter: row.quarter,
      qualified: viewOf(row.qualifiedTier),
      before: viewOf(row.tierBefore),
      after: viewOf(row.tierAfter),
      action: row.action,
      reason: row.reason,
      proposed: row.proposedTier === null ? null : viewOf(row.proposedTier),
    })),
  };
}
