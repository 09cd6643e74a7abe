import { parseArgs } from 'node:util';
import { accrueClosedQuarter } from '../../app/accrue-closed-quarter.js';
import { buildServices } from '../../app/build-services.js';
import { loadConfig } from '../../config.js';
import type { PartnerCloseLine, QuarterCloseOutcome } from '../../governance/close-quarter.js';
import { createLogger } from '../../logger.js';
import { TIER_IDS, type Program, type TierId, type TierOrNone } from '../../program/program-schema.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement governance close [--quarter YYYYQn] [--dry-run]

Closes a quarter of quarterly tier governance (docs/governance.md, "Quarter close"): every partner's
qualified tier on the quarter's last day, the governance decision over its closed quarters, one
snapshot per partner, and in HubSpot the outputs that changed, a note per tier change and the
owner's tasks. A quarter closes once: closing it again says it was closed. The worker does this by
itself at each close instant; this command is for a close by hand and for looking ahead.

  --quarter YYYYQn  the quarter, named after the calendar year its fiscal year ends in (2026Q3);
                    default: the last ended quarter in the portal's time zone
  --dry-run         print what the close would do for each partner (from → to, reason, outlook)
                    and write nothing anywhere

It names the partners whose official tier moves (from → to, and the quarters that justify it),
those a change is proposed for, and those first recommended for exit.
  -h, --help        show this help

In instant mode (the default governance) it does nothing but say so. Without HUBSPOT_ACCESS_TOKEN it
works on the sandbox mode \`npm start\` is running.

Exit codes: 0 done (or nothing to do), 1 failure or the quarter is being closed by a worker now,
2 wrong usage, 3 the quarter is not a quarter or has not ended, 4 invalid environment or program file.
`;

interface Options {
  help: boolean;
  /** Null: the last ended quarter. */
  quarter: string | null;
  dryRun: boolean;
}

function parseOptions(args: string[]): Options {
  const [subcommand, ...rest] = args;
  if (subcommand === '-h' || subcommand === '--help') return { help: true, quarter: null, dryRun: false };
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
  if (parsed.values.help) return { help: true, quarter: null, dryRun: false };
  if (parsed.values.quarter === undefined) return { help: false, quarter: null, dryRun: parsed.values['dry-run'] ?? false };
  const quarter = parsed.values.quarter.trim().toUpperCase();
  if (!/^\d{4}Q[1-4]$/.test(quarter)) throw new UsageError(`"${parsed.values.quarter}" is not a quarter: write it as YYYYQn, e.g. 2026Q3`);
  return { help: false, quarter, dryRun: parsed.values['dry-run'] ?? false };
}

const TIER_ORDER: readonly TierOrNone[] = ['none', ...TIER_IDS];

function describeLine(line: PartnerCloseLine): string {
  const who = `company ${line.companyId}${line.name ? ` ${line.name}` : ''}`;
  const move = line.from === line.to ? `stays ${line.to}` : `${line.from} → ${line.to}`;
  const proposed = line.proposed ? `, proposes ${line.proposed}` : '';
  return `  ${who}: ${move} (${line.action}, ${line.reason}; qualified ${line.qualified})${proposed}, outlook ${line.outlook}, status ${line.programStatus}`;
}

function tierName(tier: string, program: Program): string {
  return tier === 'none' ? 'no tier' : (program.tiers[tier as TierId]?.name ?? tier);
}

function listed(quarters: readonly string[]): string {
  return quarters.length <= 1 ? (quarters[0] ?? '') : `${quarters.slice(0, -1).join(', ')} and ${quarters.at(-1)}`;
}

/** One partner whose official tier moves or is proposed to move, in plain words: who, from → to, why. */
function describeMove(line: PartnerCloseLine, quarter: string, program: Program): string {
  const who = `${line.name ?? 'unnamed partner'} (company ${line.companyId})`;
  const to = line.proposed ?? line.to;
  const up = TIER_ORDER.indexOf(to as TierOrNone) > TIER_ORDER.indexOf(line.from as TierOrNone);
  const side = up ? 'above' : 'below';
  const why = `qualified ${side} ${tierName(line.from, program)} in ${listed(line.justifiedBy)} (${tierName(line.qualified, program)} in ${quarter})`;
  const verb = line.proposed ? `proposed ${up ? 'advance' : 'demotion'}, awaiting approval` : up ? 'advanced' : 'demoted';
  return `  ${who}: ${tierName(line.from, program)} → ${tierName(to, program)}, ${verb}: ${why}`;
}

/** One partner first recommended for exit, in plain words. */
function describeExit(line: PartnerCloseLine, program: Program): string {
  const who = `${line.name ?? 'unnamed partner'} (company ${line.companyId})`;
  const why = line.exit?.reason === 'entry_tier_deadline'
    ? `still below ${program.tiers.silver.name} ${program.governance.entryTierDays} days or more after signing the agreement`
    : `no tier qualified for in ${listed(line.exit?.justifiedBy ?? [])}`;
  return `  ${who}: stays ${tierName(line.to, program)}; exit recommended: ${why}`;
}

/** The "who moved" sections: tier changes and proposals, then first exit recommendations. */
function describeMoves(lines: readonly PartnerCloseLine[], quarter: string, program: Program, dryRun: boolean): string[] {
  const moves = lines.filter((line) => line.from !== line.to || line.proposed !== null);
  const exits = lines.filter((line) => line.exitFirstRecommended);
  return [
    ...(moves.length > 0 ? [dryRun ? 'Would move:' : 'Moved:', ...moves.map((line) => describeMove(line, quarter, program))] : [dryRun ? 'Would move nobody.' : 'Moved nobody.']),
    ...(exits.length > 0 ? [dryRun ? 'Would recommend exit (a task for the owner):' : 'Exit recommended (a task for the owner):', ...exits.map((line) => describeExit(line, program))] : []),
  ];
}

function report(outcome: QuarterCloseOutcome, program: Program): { text: string; code: number } {
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
        text: [
          `Dry run of the close of ${outcome.quarter}: ${outcome.lines.length} partners, ${changing} would change. Nothing was written.`,
          ...describeMoves(outcome.lines, outcome.quarter, program, true),
          'Every partner:',
          ...lines,
          '',
        ].join('\n'),
        code: EXIT_CODES.OK,
      };
    }
    case 'closed':
      return {
        text: [
          `Closed ${outcome.quarter}${outcome.resumed ? ' (resumed an interrupted close)' : ''}: ${outcome.partners} partners, ${outcome.changed} changed; ${outcome.notes} note(s) and ${outcome.tasks} task(s) left in HubSpot.`,
          ...describeMoves(outcome.moves, outcome.quarter, program, false),
          '',
        ].join('\n'),
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
    const quarter = options.quarter ?? services.quarterClose.lastClosedQuarter(io.now()).label;
    outcome = await services.quarterClose.closeQuarter(services.portalId, quarter, { dryRun: options.dryRun });
    // A close by hand is followed by what follows a scheduled one: the quarter's rebates and statements.
    if (outcome.status === 'closed') await accrueClosedQuarter(services, services.portalId, outcome.quarter, logger);
  } finally {
    await services.close();
  }
  const { text, code } = report(outcome, services.program);
  io.stdout.write(text);
  return code;
}
