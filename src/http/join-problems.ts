/** How many problems an error answer names; the rest are counted. */
export const MAX_PROBLEMS_NAMED = 20;

/**
 * `a; b; c` for an error answer, naming at most {@link MAX_PROBLEMS_NAMED} problems and counting
 * the rest ("; and 3 more"): a body of a hundred thousand wrong values gets an answer of a few
 * hundred bytes, not one line per value.
 */
export function joinProblems(problems: readonly string[], max = MAX_PROBLEMS_NAMED): string {
  if (problems.length <= max) return problems.join('; ');
  return `${problems.slice(0, max).join('; ')}; and ${problems.length - max} more`;
}
