import type { GovernanceSettings } from './governance-settings.js';

/**
 * Governance defaults (docs/governance.md): instant tiers, and for quarterly mode advance after 2
 * quarters (1 on fast track), demote after 2, recommend exit after 4 or 90 days below the second
 * tier. Health revenue targets are in minor units: Silver 250,000, Gold 1,000,000, Platinum 5,000,000.
 */
export const DEFAULT_GOVERNANCE: GovernanceSettings = {
  mode: 'instant',
  fiscalYearStartMonth: 1,
  advanceAfterQuarters: 2,
  fastTrackAdvanceAfterQuarters: 1,
  demoteAfterQuarters: 2,
  exitAfterQuarters: 4,
  entryTierDays: 90,
  approval: false,
  reviewCadence: { bronze: 'none', silver: 'quarterly', gold: 'monthly', platinum: 'weekly' },
  health: {
    weights: { revenue: 35, pipeline: 20, winRate: 15, enablement: 20, engagement: 10 },
    revenueTargets: { bronze: null, silver: 25_000_000, gold: 100_000_000, platinum: 500_000_000 },
    pipelineCoverage: 3,
    engagementWindowDays: 90,
    onTargetFrom: 80,
    atRiskFrom: 50,
  },
};
