import { parseArgs } from 'node:util';
import { buildServices } from '../../app/build-services.js';
import { loadConfig } from '../../config.js';
import type { PartnerCloseLine, QuarterCloseOutcome } from '../../governance/close-quarter.js';
import { createLogger } from '../../logger.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement governance close --quarter YYYYQn [--dry-run]

Closes a quarter of quarterly tier governance (docs/governance.md, "Quarter close"): every partner's
qualified tier on the quarter's last day, the governance decision over its closed quarters, one
snapshot per partner, and in HubSpot the outputs that changed, a note per tier change and the
owner's tasks. A quarter closes once: closing it again says it was closed. The worker does this by
itself at each close instant; this command is for a close by hand and for looking ahead.

  --quarter YYYYQn  the quarter, named after the calendar year its fiscal year ends in (2026Q3)
  --dry-run         print what the close would do for each partner (from → to, reason, outlook)
                    and write nothing anywhere
  -h, --help        show this help

In instant mode (the default governance) it does nothing but say so. Without HUBSPOT_ACCESS_TOKEN it
works on the sandbox mode \`npm start\` is running.

Exit codes: 0 done (or nothing to do), 1 failure or the quarter is being closed by a worker now,
2 wrong usage, 3 the quarter is not a quarter or has not ended, 4 invalid environment or program file.
`;

interface Options {
  help: boolean;
  quarter: string;
  dryRun: boolean;
}

function parseOptions(args: string[]): Options {
  const [subcommand, ...rest] = args;
  if (subcommand === '-h' || subcommand === '--help') return { help: true, quarter: '', dryRun: false };
  if (subcommand !== 'close') throw new UsageError(subcommand === undefined ? 'name a subcommand: close' : `unknown subcommand "${subcommand}": the one there is is close`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: { quarter: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return { help: true, quarter: '', dryRun: false };
  const quarter = parsed.values.quarter?.trim().toUpperCase();
  if (!quarter) throw new UsageError('name the quarter to close: --quarter YYYYQn, e.g. --quarter 2026Q3');
  if (!/^\d{4}Q[1-4]$/.test(quarter)) throw new UsageError(`"${parsed.values.quarter}" is not a quarter: write it as YYYYQn, e.g. 2026Q3`);
  return { help: false, quarter, dryRun: parsed.values['dry-run'] ?? false };
}

function describeLine(line: PartnerCloseLine): string {
  const who = `company ${line.companyId}${line.name ? ` ${line.name}` : ''}`;
  const move = line.from === line.to ? `stays ${line.to}` : `${line.from} → ${line.to}`;
  const proposed = line.proposed ? `, proposes ${line.proposed}` : '';
  return `  ${who}: ${move} (${line.action}, ${line.reason}; qualified ${line.qualified})${proposed}, outlook ${line.outlook}, status ${line.programStatus}`;
}

function report(outcome: QuarterCloseOutcome): { text: string; code: number } {
  switch (outcome.status) {
    case 'instant-mode':
      return { text: `Governance is in instant mode: tiers follow each evaluation and no quarter closes. Nothing to do for ${outcome.quarter}.\n`, code: EXIT_CODES.OK };
    case 'not-over':
      return { text: `${outcome.quarter} has not ended: it closes at ${new Date(outcome.closesAt).toISOString()}.\n`, code: EXIT_CODES.INVALID_INPUT };
    case 'already-closed':
      return { text: `${outcome.quarter} was closed already: ${outcome.partners} partners, ${outcome.changed} changed. A close never runs twice.\n`, code: EXIT_CODES.OK };
    case 'claimed-elsewhere':
      return { text: `${outcome.quarter} is being closed by a worker since ${new Date(outcome.claimedAt).toISOString()}; try again later.\n`, code: EXIT_CODES.FAILURE };
    case 'dry-run': {
      const changing = outcome.lines.filter((line) => line.from !== line.to || line.proposed !== null).length;
      const lines = outcome.lines.map(describeLine);
      return {
        text: [`Dry run of the close of ${outcome.quarter}: ${outcome.lines.length} partners, ${changing} would change. Nothing was written.`, ...lines, ''].join('\n'),
        code: EXIT_CODES.OK,
      };
    }
    case 'closed':
      return {
        text: `Closed ${outcome.quarter}${outcome.resumed ? ' (resumed an interrupted close)' : ''}: ${outcome.partners} partners, ${outcome.changed} changed; ${outcome.notes} note(s) and ${outcome.tasks} task(s) left in HubSpot.\n`,
        code: EXIT_CODES.OK,
      };
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = attachToSandbox(loadConfig(io.env));
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, role: 'cli', destination: io.stderr });
  const services = await buildServices(config, { logger, role: 'cli', now: io.now });
  let outcome: QuarterCloseOutcome;
  try {
    outcome = await services.quarterClose.closeQuarter(services.portalId, options.quarter, { dryRun: options.dryRun });
  } finally {
    await services.close();
  }
  const { text, code } = report(outcome);
  io.stdout.write(text);
  return code;
}
