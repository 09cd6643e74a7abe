import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors.js';
import { checkProgramConsistency } from './check-program-consistency.js';
import { DEFAULT_PROGRAM } from './default-program.js';
import { describeProgramIssues, formatProgramPath } from './describe-program-issues.js';
import { mergeProgramOverride } from './merge-program-override.js';
import { programSchema, type Program } from './program-schema.js';

/** Details of an `INVALID_PROGRAM` error: the file and every problem found in it. */
export interface InvalidProgramDetails {
  source: string;
  problems: string[];
}

function invalidProgram(source: string, problems: string[]): AppError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const list = problems.map((problem) => `  - ${problem}`).join('\n');
  const details: InvalidProgramDetails = { source, problems };
  return new AppError('INVALID_PROGRAM', `The program in ${source} is not valid (${count}):\n${list}`, { details });
}

/** The keys the schema accepts at a path of the program, for "did you mean" hints. */
function schemaKeysAt(target: readonly PropertyKey[]): string[] {
  let schema: unknown = programSchema;
  for (const segment of target) {
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, unknown>)[String(segment)];
    else if (schema instanceof z.ZodRecord) schema = schema.valueType;
    else if (schema instanceof z.ZodArray) schema = schema.element;
    else return [];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * Validates a vendor's program (already parsed from JSON or YAML) laid over DEFAULT_PROGRAM.
 *
 * Merge rules: objects merge key by key, so a file names only what it changes; lists replace the
 * default list whole; in `certifications`, a new id adds a certification and `null` removes a
 * default one. A top-level `$schema` key is ignored (editors use it).
 *
 * @param source names the file in error messages.
 * @throws AppError `INVALID_PROGRAM` listing every problem as `path: message`.
 */
export function parseProgram(data: unknown, source: string): Program {
  const override = data ?? {};
  if (typeof override !== 'object' || Array.isArray(override)) {
    throw invalidProgram(source, ['(top level): expected an object of program settings']);
  }
  const { $schema: _schema, ...settings } = override as Record<string, unknown>;
  const merged = mergeProgramOverride(structuredClone(DEFAULT_PROGRAM), settings);
  const result = programSchema.safeParse(merged, { reportInput: true });
  if (result.success) return result.data;
  // The schema checks the cross-field rules only once the shape holds: name them anyway.
  const problems = new Set(describeProgramIssues(result.error.issues, schemaKeysAt));
  for (const problem of checkProgramConsistency(merged)) problems.add(`${formatProgramPath(problem.path)}: ${problem.message}`);
  throw invalidProgram(source, [...problems]);
}

function parseFileText(text: string, file: string): unknown {
  const extension = path.extname(file).toLowerCase();
  try {
    if (extension === '.yaml' || extension === '.yml') return parseYaml(text);
    return JSON.parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const format = extension === '.yaml' || extension === '.yml' ? 'YAML' : 'JSON';
    throw invalidProgram(file, [`(file): not valid ${format}: ${reason}`]);
  }
}

/**
 * The enablement program: the defaults of docs/rules.md, "The program is data", or a program file
 * laid over them.
 * `.yaml`/`.yml` files are read as YAML, anything else as JSON.
 *
 * @throws AppError `INVALID_PROGRAM` when the file cannot be read or parsed, or breaks a rule.
 */
export function loadProgram(file?: string): Program {
  if (file === undefined || file === '') return structuredClone(DEFAULT_PROGRAM);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw invalidProgram(file, [`(file): cannot read it: ${reason}`]);
  }
  return parseProgram(parseFileText(text, file), file);
}
