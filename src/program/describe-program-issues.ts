import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

/** `tiers.gold.minCertifications`, `reminderOffsetsDays[1]`, `certifications["Bad id"]`. */
export function formatProgramPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text || '(top level)';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key a typo was probably meant to be, if one is close enough to suggest. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; score: number } | undefined;
  for (const candidate of known) {
    const [typed, known] = [key.toLowerCase(), candidate.toLowerCase()];
    // A key cut short (`gracePeriod` for `gracePeriodDays`) is as likely a slip as a typo.
    const cutShort = typed.length >= 4 && (known.startsWith(typed) || typed.startsWith(known));
    const score = cutShort ? 1 : distance(typed, known);
    if (score <= Math.max(2, Math.floor(candidate.length / 4)) && (!best || score < best.score)) {
      best = { key: candidate, score };
    }
  }
  return best?.key;
}

function describeTooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const got = issue.input === undefined ? '' : `, got ${describeValue(issue.input)}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${String(issue.minimum)} item(s)`;
  if (issue.origin === 'string') return 'must not be empty';
  if (issue.origin === 'record' || issue.origin === 'object') return issue.message;
  const bound = issue.inclusive === false ? 'more than' : 'at least';
  return `expected ${bound} ${String(issue.minimum)}${got}`;
}

function describeTooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const got = issue.input === undefined ? '' : `, got ${describeValue(issue.input)}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `takes at most ${String(issue.maximum)} item(s)`;
  if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
  const bound = issue.inclusive === false ? 'less than' : 'at most';
  return `expected ${bound} ${String(issue.maximum)}${got}`;
}

/**
 * Turns zod's issues into one `path: message` line per problem, written for the admin who edits
 * the program file. Unknown keys get one line each, with the key they probably meant.
 *
 * @param shapeOf lists the keys a program accepts at a path, for "did you mean" suggestions.
 */
export function describeProgramIssues(
  issues: readonly Issue[],
  shapeOf: (path: readonly PathSegment[]) => readonly string[] = () => [],
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    switch (issue.code) {
      case 'invalid_type': {
        const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
        const got = issue.input === undefined ? 'but it is missing' : `got ${describeValue(issue.input)}`;
        lines.push(`${formatProgramPath(issue.path)}: expected ${expected}, ${got}`);
        break;
      }
      case 'invalid_value': {
        const options = issue.values.map((value) => String(value)).join(', ');
        lines.push(`${formatProgramPath(issue.path)}: expected one of ${options}, got ${describeValue(issue.input)}`);
        break;
      }
      case 'unrecognized_keys': {
        const known = shapeOf(issue.path);
        for (const key of issue.keys) {
          const suggestion = closestKey(key, known);
          const hint = suggestion ? ` (did you mean ${suggestion}?)` : known.length ? ` (known: ${known.join(', ')})` : '';
          lines.push(`${formatProgramPath([...issue.path, key])}: unknown setting${hint}`);
        }
        break;
      }
      case 'invalid_key': {
        const reason = issue.issues[0]?.message ?? issue.message;
        lines.push(`${formatProgramPath(issue.path)}: not a valid id: ${reason}`);
        break;
      }
      case 'too_small':
        lines.push(`${formatProgramPath(issue.path)}: ${describeTooSmall(issue)}`);
        break;
      case 'too_big':
        lines.push(`${formatProgramPath(issue.path)}: ${describeTooBig(issue)}`);
        break;
      default: {
        const input: unknown = issue.input;
        const got = input !== null && typeof input !== 'object' && input !== undefined ? `, got ${describeValue(input)}` : '';
        lines.push(`${formatProgramPath(issue.path)}: ${issue.message}${got}`);
      }
    }
  }
  return lines;
}
