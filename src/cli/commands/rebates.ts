import { parseArgs } from 'node:util';
import { buildServices } from '../../app/build-services.js';
import { loadConfig } from '../../config.js';
import { parseQuarterLabel } from '../../domain/governance/parse-quarter-label.js';
import { currencyExponent } from '../../domain/money/currency-exponent.js';
import { formatMoney } from '../../domain/money/format-money.js';
import { sumMoney } from '../../domain/money/sum-money.js';
import { accrueQuarterEnd } from '../../incentives/accrue-quarter-end.js';
import { createLogger } from '../../logger.js';
import { loadProgram } from '../../program/load-program.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement rebates --quarter YYYYQn [options]

Accrues every partner's volume rebate for the quarter on the incentive ledger (docs/incentives.md,
"Quarterly rebate"), as the quarter close does: running it again records nothing, and after late
deal changes records only the difference. Partners reaching a fast-track bracket get
\`pe_fast_track\`; the partners' incentive outputs are written when they changed.

Options:
  --quarter Q      the quarter, e.g. 2026Q2 (fiscal quarters of the program)
  --currency CODE  the portal's company currency (default: HUBSPOT_COMPANY_CURRENCY, else USD)
  -h, --help       show this help

Exit codes: 0 done, 1 a HubSpot write failed or a dependency is unreachable, 2 wrong usage, 3 invalid input.
`;

function parseOptions(args: string[]): { quarter: string; currency: string | undefined } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: false, options: {
      quarter: { type: 'string' },
      currency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return 'help';
  if (parsed.values.quarter === undefined) throw new UsageError('name the quarter with --quarter YYYYQn, e.g. --quarter 2026Q2');
  const currency = parsed.values.currency?.toUpperCase();
  if (currency !== undefined) currencyExponent(currency);
  return { quarter: parsed.values.quarter, currency };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = attachToSandbox(loadConfig(io.env));
  const program = loadProgram(config.programFile);
  parseQuarterLabel(options.quarter, program.governance.fiscalYearStartMonth);
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, role: 'cli', destination: io.stderr });
  const services = await buildServices(config, { logger, role: 'cli', program });
  try {
    const { db, portalId, hubspot } = services;
    const timeZone = services.portalTimeZone;
    const { currency, run, written, fastTrackFailures } = await accrueQuarterEnd({
      db, client: hubspot, program, timeZone, logger, now: io.now,
      currency: async () => options.currency ?? services.dealFacts.currency,
    }, portalId, options.quarter);
    const partners = [...run.rebates.keys()];
    const total = sumMoney(currency, [...run.rebates.values()].map((rebate) => rebate.amount));
    io.stdout.write([
      `Volume rebates ${run.quarter}: ${partners.length} partners, ${formatMoney(total)} in all; ${run.added.length} ledger entries added.`,
      `Fast track: ${run.fastTrack.length === 0 ? 'nobody' : run.fastTrack.join(', ')}.`,
      `Incentive outputs: ${written.written.length} companies written, ${written.unchanged.length} unchanged, ${written.failed.length} failed.`,
      '',
    ].join('\n'));
    return written.failed.length + fastTrackFailures > 0 ? EXIT_CODES.FAILURE : EXIT_CODES.OK;
  } finally {
    await services.close();
  }
}
