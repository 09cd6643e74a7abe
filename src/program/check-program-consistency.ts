import { IANAZone } from 'luxon';

/** One cross-field problem: where it is and what is wrong, for the person editing the file. */
export interface ProgramProblem {
  path: (string | number)[];
  message: string;
}

const TIER_ORDER = ['bronze', 'silver', 'gold', 'platinum'] as const;

// The checks read the program before (or without) its shape being valid, so that a file's shape
// problems and its cross-field problems are named together. Each check reads the values it needs
// and skips what is not of the right type: the schema names that problem already.

/** The value at `path` of a JSON-like value, or undefined. */
function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function numberAt(value: unknown, path: readonly (string | number)[]): number | undefined {
  const found = valueAt(value, path);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

function listAt(value: unknown, path: readonly (string | number)[]): unknown[] {
  const found = valueAt(value, path);
  return Array.isArray(found) ? found : [];
}

function checkPermissionsGrantedOnce(program: unknown): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  const grantedBy = new Map<string, string>();
  for (const tier of TIER_ORDER) {
    listAt(program, ['tiers', tier, 'permissions']).forEach((permission, index) => {
      if (typeof permission !== 'string') return;
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
function checkTiersAscend(program: unknown): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  for (let i = 1; i < TIER_ORDER.length; i += 1) {
    const lower = TIER_ORDER[i - 1]!;
    const tier = TIER_ORDER[i]!;
    for (const field of ['targetScore', 'minCertifications'] as const) {
      const value = numberAt(program, ['tiers', tier, field]);
      const below = numberAt(program, ['tiers', lower, field]);
      if (value !== undefined && below !== undefined && value < below) {
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
function checkScoreWeights(program: unknown): ProgramProblem[] {
  const weights = valueAt(program, ['scoreWeights']);
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) return [];
  const values = Object.values(weights);
  if (!values.every((weight) => typeof weight === 'number' && Number.isFinite(weight))) return [];
  const total = (values as number[]).reduce((sum, weight) => sum + weight, 0);
  if (Math.abs(total - 100) < 1e-9) return [];
  return [{ path: ['scoreWeights'], message: `the weights add up to ${total}; they must add up to 100` }];
}

function checkReminderOffsetsUnique(program: unknown): ProgramProblem[] {
  const seen = new Set<unknown>();
  const problems: ProgramProblem[] = [];
  listAt(program, ['reminderOffsetsDays']).forEach((offset, index) => {
    if (typeof offset !== 'number') return;
    if (seen.has(offset)) {
      problems.push({ path: ['reminderOffsetsDays', index], message: `${offset} is listed twice` });
    }
    seen.add(offset);
  });
  return problems;
}

function checkTimeZone(program: unknown): ProgramProblem[] {
  const zone = valueAt(program, ['defaultTimeZone']);
  if (typeof zone !== 'string' || zone === '' || IANAZone.isValidZone(zone)) return [];
  return [
    {
      path: ['defaultTimeZone'],
      message: `"${zone}" is not an IANA time zone (for example UTC or Europe/Berlin)`,
    },
  ];
}

/**
 * Rules that span several settings and that a shape check cannot see. Runs on a program whose
 * shape may still be wrong (the parts that are wrong are skipped), so that every problem of a
 * file is named at once; an empty list means the program is consistent.
 */
export function checkProgramConsistency(program: unknown): ProgramProblem[] {
  return [
    ...checkPermissionsGrantedOnce(program),
    ...checkTiersAscend(program),
    ...checkScoreWeights(program),
    ...checkReminderOffsetsUnique(program),
    ...checkTimeZone(program),
  ];
}
