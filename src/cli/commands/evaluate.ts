import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadProgramFileSetting } from '../../config.js';
import { isCalendarDate, todayIn } from '../../domain/calendar-date.js';
import { evaluatePartner } from '../../domain/evaluate-partner.js';
import { renderStatusReport } from '../../domain/render-status-report.js';
import type { Gap, PartnerEvaluation, PartnerSnapshot } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { formatCompanyOutputs, formatContactOutputs, readPartnerSnapshot } from '../../hubspot/property-mapping.js';
import { loadProgram } from '../../program/load-program.js';
import type { Program } from '../../program/program-schema.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { parseEvaluateInput } from '../parse-evaluate-input.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement evaluate [FILE] [options]

Evaluates one partner offline (no HubSpot, no Redis) and prints its output properties.

Reads JSON from FILE, or from standard input when FILE is omitted or "-":
  {"asOf": "YYYY-MM-DD" (optional, default today in the partner's time zone),
   "company": {"id": "…", "properties": {…}},
   "contacts": [{"id": "…", "properties": {…}}]}
with properties exactly as HubSpot returns them (strings).

Prints {"company": {…}, "contacts": {"<id>": {…}}, "gaps": […], "warnings": […]}: the output
properties as HubSpot strings, the gaps toward the target tier, and a warning for every odd value
that was tolerated (text in a number, an unknown time zone, …).

Options:
  --program FILE     the enablement program (JSON or YAML); default: $PROGRAM_FILE, else the built-in program
  --format FORMAT    json (default) or markdown: the partner enablement status report
  --as-of DATE       evaluate as of this YYYY-MM-DD date (overrides "asOf" in the input)
  -h, --help         show this help

Exit codes: 0 done (warnings included), 2 wrong usage, 3 invalid input (unreadable, not JSON,
wrong shape), 4 invalid program file.
`;

interface EvaluateOptions {
  file: string | undefined;
  programFile: string | undefined;
  format: 'json' | 'markdown';
  asOf: string | undefined;
  help: boolean;
}

function parseOptions(args: string[]): EvaluateOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        program: { type: 'string' },
        format: { type: 'string', default: 'json' },
        'as-of': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // Node's own text for an unknown option runs to three sentences; the option is what matters.
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown option ${unknown[1]}` : message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.format !== 'json' && values.format !== 'markdown') {
    throw new UsageError(`--format must be json or markdown, got "${values.format}"`);
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !isCalendarDate(asOf)) throw new UsageError(`--as-of must be a YYYY-MM-DD date, got "${asOf}"`);
  return {
    file: positionals[0] === '-' ? undefined : positionals[0],
    programFile: values.program,
    format: values.format,
    asOf,
    help: values.help,
  };
}

async function readInputText(file: string | undefined, io: CliIo): Promise<string> {
  if (file !== undefined) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      throw new AppError('INVALID_INPUT', `cannot read ${file}: ${reason}`);
    }
  }
  if (io.stdin.isTTY) throw new UsageError('no input: give a FILE or pipe JSON into standard input');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The gap fields of docs/interfaces.md, "partner-enablement evaluate", in that order, and nothing else. */
function gapOutput(gap: Gap): Record<string, unknown> {
  switch (gap.type) {
    case 'training':
      return { type: gap.type, priority: gap.priority, track: gap.track, remainingModules: gap.remainingModules };
    case 'certification':
      return { type: gap.type, priority: gap.priority, needed: gap.needed, recommended: gap.recommended };
    case 'renewal':
      return {
        type: gap.type,
        priority: gap.priority,
        certification: gap.certification,
        contactId: gap.contactId,
        expiresInDays: gap.expiresInDays,
      };
    case 'requirement':
      return { type: gap.type, priority: gap.priority, requirement: gap.shortfall.requirement, missing: 'missing' in gap.shortfall ? gap.shortfall.missing : null };
  }
}

function jsonOutput(evaluation: PartnerEvaluation, snapshot: PartnerSnapshot, program: Program, warnings: string[]): string {
  const result = {
    company: formatCompanyOutputs(evaluation, program, { contacts: snapshot.contacts }),
    contacts: formatContactOutputs(evaluation, snapshot.contacts, program),
    gaps: evaluation.gaps.map(gapOutput),
    warnings,
  };
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** `partner-enablement evaluate` (docs/interfaces.md, "partner-enablement evaluate"). */
export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const program = loadProgram(options.programFile ?? loadProgramFileSetting(io.env));
  const input = parseEvaluateInput(await readInputText(options.file, io));
  const { snapshot, warnings: valueWarnings } = readPartnerSnapshot(input.company, input.contacts, program);
  const warnings = [...input.warnings, ...valueWarnings];
  if (!snapshot.isPartner) {
    warnings.push(`company ${snapshot.companyId}: pe_is_partner is not true; evaluated anyway (the server evaluates partners only)`);
  }
  const asOf = options.asOf ?? input.asOf ?? todayIn(snapshot.timeZone, io.now());
  const evaluation = evaluatePartner(snapshot, program, asOf);
  warnings.push(...evaluation.warnings);
  if (options.format === 'json') {
    io.stdout.write(jsonOutput(evaluation, snapshot, program, warnings));
    return EXIT_CODES.OK;
  }
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
  io.stdout.write(renderStatusReport({ evaluation, snapshot, program }));
  return EXIT_CODES.OK;
}
