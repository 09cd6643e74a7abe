import { readFileSync } from 'node:fs';
import { isAppError } from '../errors.js';
import { processIo, type CliIo, type Command } from './cli-io.js';
import { EXIT_CODES, exitCodeFor } from './exit-codes.js';
import { UsageError } from './usage-error.js';

interface CommandEntry {
  /** One line for `partner-enablement --help`. */
  summary: string;
  /** Imported on use, so that a small command never pays for the server's imports. */
  load: () => Promise<Command>;
}

/**
 * The commands of `partner-enablement`, one line each. A command lives in
 * `src/cli/commands/<name>.ts` and exports `run(args, io): Promise<number>` (the exit code, see
 * exit-codes.ts). It handles its own `--help`, and may simply throw: a `UsageError` exits 2, an
 * `AppError` exits with the code of its kind, and the message is printed for the user.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  evaluate: {
    summary: 'evaluate one partner offline: HubSpot properties in (FILE or stdin), outputs or a status report out',
    load: () => import('./commands/evaluate.js'),
  },
  setup: {
    summary: 'create or update the property group and properties in the HubSpot portal, idempotently (--dry-run, --sandbox)',
    load: () => import('./commands/setup.js'),
  },
  start: { summary: 'run the web server and the worker in one process (npm start); sandbox mode without a token', load: () => import('./commands/start.js') },
  web: { summary: 'run the web server alone (webhooks, workflow actions, cards, health); workers run apart', load: () => import('./commands/web.js') },
  worker: { summary: 'run a worker alone: recalculations and the nightly reconciliation sweep', load: () => import('./commands/worker.js') },
  demo: { summary: 'a guided tour in the terminal: change partners in a sandbox HubSpot and watch the product work', load: () => import('./commands/demo.js') },
  recalc: { summary: 're-evaluate partners now: COMPANY_ID... or --all (with a progress bar)', load: () => import('./commands/recalc.js') },
  migrate: { summary: 'bring the PostgreSQL schema up to date and exit (the server does it at start too)', load: () => import('./commands/migrate.js') },
  'partner-link': { summary: "issue a contact's personal partner page link and print it (--send emails it, --revoke withdraws them)", load: () => import('./commands/partner-link.js') },
  report: { summary: 'print the program dashboard of a closed quarter: report program [--quarter YYYYQn] [--format markdown|json]', load: () => import('./commands/report.js') },
  audit: { summary: "print a partner company's audit trail: who changed what, when, before and after", load: () => import('./commands/audit.js') },
  governance: { summary: 'close a quarter of quarterly tier governance: governance close --quarter YYYYQn [--dry-run]', load: () => import('./commands/governance.js') },
  rebates: { summary: "accrue every partner's volume rebate for a quarter on the incentive ledger (--quarter YYYYQn), as the quarter close does", load: () => import('./commands/rebates.js') },
  statement: { summary: "print a partner's quarterly incentive statement: accrued, approved, paid and MDF (--quarter YYYYQn)", load: () => import('./commands/statement.js') },
};

const TOOL = 'partner-enablement';

function toolUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    `Usage: ${TOOL} <command> [options]`,
    '',
    'Partner enablement for HubSpot: readiness scores, tiers, gaps, certification renewals and training.',
    '',
    'Commands:',
    ...lines,
    '',
    `Run \`${TOOL} <command> --help\` for a command's options.`,
    '',
    'Exit codes: 0 done, 1 failure, 2 wrong usage, 3 invalid input, 4 invalid program file or environment.',
    '',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function oneLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
}

/** Prints what went wrong for the person at the terminal and picks the exit code. */
function reportFailure(command: string, error: unknown, io: CliIo): number {
  const prefix = `${TOOL} ${command}`;
  if (error instanceof UsageError) {
    io.stderr.write(`${prefix}: ${oneLine(error.message)} (see ${prefix} --help)\n`);
    return EXIT_CODES.USAGE;
  }
  if (isAppError(error, 'INVALID_PROGRAM')) {
    // Every problem of a program file on its own line: the admin fixes them all in one go.
    io.stderr.write(`${prefix}: ${error.message}\n`);
  } else {
    io.stderr.write(`${prefix}: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
  }
  return exitCodeFor(error);
}

/** The `partner-enablement` command line; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && args[0] !== undefined) return main([args[0], '--help'], io);
    io.stdout.write(toolUsage());
    return EXIT_CODES.OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT_CODES.OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr.write(`${TOOL}: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (see ${TOOL} --help)\n`);
    return EXIT_CODES.USAGE;
  }
  try {
    const command = await entry.load();
    return await command.run(args, io);
  } catch (error) {
    return reportFailure(name, error, io);
  }
}
