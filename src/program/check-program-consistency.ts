import { IANAZone } from 'luxon';

/** One cross-field problem: where it is and what is wrong, for the person editing the file. */
export interface ProgramProblem {
  path: (string | number)[];
  message: string;
}

const TIER_ORDER = ['bronze', 'silver', 'gold', 'platinum'] as const;

/** The parts of a program these checks read; the schema has already checked their shape. */
interface CheckedProgram {
  tiers: Record<(typeof TIER_ORDER)[number], { permissions: string[]; targetScore: number; minCertifications: number }>;
  scoreWeights: Record<string, number>;
  reminderOffsetsDays: number[];
  defaultTimeZone: string;
}

function checkPermissionsGrantedOnce(program: CheckedProgram): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  const grantedBy = new Map<string, string>();
  for (const tier of TIER_ORDER) {
    program.tiers[tier].permissions.forEach((permission, index) => {
      const earlier = grantedBy.get(permission);
      if (earlier !== undefined) {
        const where = earlier === tier ? 'earlier in this list' : `by ${earlier} (tiers are cumulative)`;
        problems.push({ path: ['tiers', tier, 'permissions', index], message: `"${permission}" is already granted ${where}` });
        return;
      }
      grantedBy.set(permission, tier);
    });
  }
  return problems;
}

/** A higher tier includes the lower ones, so its numbers cannot ask for less. */
function checkTiersAscend(program: CheckedProgram): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  for (let i = 1; i < TIER_ORDER.length; i += 1) {
    const lower = TIER_ORDER[i - 1]!;
    const tier = TIER_ORDER[i]!;
    for (const field of ['targetScore', 'minCertifications'] as const) {
      const value = program.tiers[tier][field];
      const below = program.tiers[lower][field];
      if (value < below) {
        problems.push({
          path: ['tiers', tier, field],
          message: `${value} is below ${lower}'s ${below}; a higher tier cannot ask for less`,
        });
      }
    }
  }
  return problems;
}

/** The score is 0–100 (docs/rules.md, "Readiness score"), so the weights must share out exactly 100 points. */
function checkScoreWeights(program: CheckedProgram): ProgramProblem[] {
  const total = Object.values(program.scoreWeights).reduce((sum, weight) => sum + weight, 0);
  if (Math.abs(total - 100) < 1e-9) return [];
  return [{ path: ['scoreWeights'], message: `the weights add up to ${total}; they must add up to 100` }];
}

function checkReminderOffsetsUnique(program: CheckedProgram): ProgramProblem[] {
  const seen = new Set<number>();
  const problems: ProgramProblem[] = [];
  program.reminderOffsetsDays.forEach((offset, index) => {
    if (seen.has(offset)) {
      problems.push({ path: ['reminderOffsetsDays', index], message: `${offset} is listed twice` });
    }
    seen.add(offset);
  });
  return problems;
}

function checkTimeZone(program: CheckedProgram): ProgramProblem[] {
  if (IANAZone.isValidZone(program.defaultTimeZone)) return [];
  return [
    {
      path: ['defaultTimeZone'],
      message: `"${program.defaultTimeZone}" is not an IANA time zone (for example UTC or Europe/Berlin)`,
    },
  ];
}

/**
 * Rules that span several settings and that a shape check cannot see. Runs once the shape is
 * right; an empty list means the program is consistent.
 */
export function checkProgramConsistency(program: CheckedProgram): ProgramProblem[] {
  return [
    ...checkPermissionsGrantedOnce(program),
    ...checkTiersAscend(program),
    ...checkScoreWeights(program),
    ...checkReminderOffsetsUnique(program),
    ...checkTimeZone(program),
  ];
}
