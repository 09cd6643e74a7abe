import type { ProgramProblem } from './check-program-consistency.js';
import type { GovernanceSettings } from './governance-settings.js';

const TIER_ORDER = ['bronze', 'silver', 'gold', 'platinum'] as const;
const ASCENDING_REQUIREMENTS = ['minCertifiedStaff', 'minRevenue12m', 'minNewLogos12m', 'minStrategicWins12m'] as const;

/** The parts of a program these checks read; the schema has already checked their shape. */
interface CheckedProgram {
  tiers: Record<(typeof TIER_ORDER)[number], Partial<Record<(typeof ASCENDING_REQUIREMENTS)[number], number>>>;
  governance: GovernanceSettings;
}

/** A higher tier includes the lower ones, so a business requirement it names cannot ask for less. */
function checkRequirementsAscend(program: CheckedProgram): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  for (const field of ASCENDING_REQUIREMENTS) {
    let highest: { tier: string; value: number } | null = null;
    for (const tier of TIER_ORDER) {
      const value = program.tiers[tier][field];
      if (value === undefined) continue;
      if (highest && value < highest.value) {
        problems.push({
          path: ['tiers', tier, field],
          message: `${value} is below ${highest.tier}'s ${highest.value}; a higher tier cannot ask for less`,
        });
        continue;
      }
      highest = { tier, value };
    }
  }
  return problems;
}

function checkHealth(governance: GovernanceSettings): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  const total = Object.values(governance.health.weights).reduce((sum, weight) => sum + weight, 0);
  if (Math.abs(total - 100) >= 1e-9) {
    problems.push({ path: ['governance', 'health', 'weights'], message: `the weights add up to ${total}; they must add up to 100` });
  }
  if (governance.health.atRiskFrom > governance.health.onTargetFrom) {
    problems.push({
      path: ['governance', 'health', 'atRiskFrom'],
      message: `${governance.health.atRiskFrom} is above onTargetFrom (${governance.health.onTargetFrom}); at risk must start lower`,
    });
  }
  return problems;
}

function checkFastTrack(governance: GovernanceSettings): ProgramProblem[] {
  if (governance.fastTrackAdvanceAfterQuarters <= governance.advanceAfterQuarters) return [];
  return [{
    path: ['governance', 'fastTrackAdvanceAfterQuarters'],
    message: `${governance.fastTrackAdvanceAfterQuarters} is more than advanceAfterQuarters (${governance.advanceAfterQuarters}); a fast track cannot be slower`,
  }];
}

/** Cross-field rules of the governance settings and the tiers' business requirements (docs/governance.md). */
export function checkGovernanceConsistency(program: CheckedProgram): ProgramProblem[] {
  return [...checkRequirementsAscend(program), ...checkHealth(program.governance), ...checkFastTrack(program.governance)];
}
