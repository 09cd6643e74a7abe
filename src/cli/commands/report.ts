import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { loadConfig } from '../../config.js';
import { connectDatabase } from '../../db/connect-database.js';
import { openDatabase } from '../../db/open-database.js';
import { isCalendarDate } from '../../domain/calendar-date.js';
import { SEED_METRIC_TARGETS } from '../../domain/metrics/metric-targets.js';
import { renderProgramDashboard } from '../../domain/metrics/render-program-dashboard.js';
import { AppError } from '../../errors.js';
import { loadProgramDashboard } from '../../program-metrics/load-program-dashboard.js';
import { loadProgram } from '../../program/load-program.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement report program [options]

Prints the program dashboard of a closed quarter (docs/metrics.md): headline metrics with their
target and trend, the performance by tier, health, registrations, incentives and top partners,
and an eight-quarter trend of the headline metrics.

Options:
  --quarter YYYYQn          the quarter (default: the last closed one, in the portal's time zone)
  --format markdown|json    markdown (default) or the dashboard as JSON
  --portal ID               the HubSpot account (default: HUBSPOT_PORTAL_ID or the running sandbox's)
  --currency CODE           the portal's company currency (default USD)
  --as-of YYYY-MM-DD        report as on that day (default today): which quarters are closed
  -h, --help                show this help

Reads PostgreSQL only (DATABASE_URL; without HUBSPOT_ACCESS_TOKEN, the database of the sandbox mode
\`npm start\` is running). Exit codes: 0 printed, 2 wrong usage, 3 a quarter not closed yet,
1 database unreachable, 4 no database configured.
`;

export interface ReportOptions {
  quarter: string | undefined;
  format: 'markdown' | 'json';
  portalId: string | undefined;
  currency: string;
  asOf: string | undefined;
  help: boolean;
}

export function parseReportOptions(args: string[]): ReportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        quarter: { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        portal: { type: 'string' },
        currency: { type: 'string', default: 'USD' },
        'as-of': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const base = { quarter: values.quarter, portalId: values.portal, currency: (values.currency ?? 'USD').toUpperCase(), asOf: values['as-of'] };
  if (values.help) return { ...base, format: 'markdown', help: true };
  if (positionals.length !== 1 || positionals[0] !== 'program') throw new UsageError('name the report: `report program`');
  if (values.format !== 'markdown' && values.format !== 'json') throw new UsageError(`--format must be markdown or json, not "${values.format}"`);
  if (values.quarter !== undefined && !/^\d{4}Q[1-4]$/i.test(values.quarter)) throw new UsageError(`--quarter "${values.quarter}" is not a quarter: write it as YYYYQn, e.g. 2027Q1`);
  if (base.asOf !== undefined && !isCalendarDate(base.asOf)) throw new UsageError(`--as-of "${base.asOf}" is not a YYYY-MM-DD date`);
  if (values.portal !== undefined && !/^\d+$/.test(values.portal)) throw new UsageError(`--portal "${values.portal}" is not a HubSpot account id (digits)`);
  return { ...base, format: values.format, help: false };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseReportOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = attachToSandbox(loadConfig(io.env));
  if (!config.databaseUrl) throw new AppError('INVALID_CONFIG', 'DATABASE_URL is not set: the program metrics are in PostgreSQL (DATABASE_URL=postgresql://user@host:5432/database)');
  const portalId = options.portalId ?? config.hubspot.portalId;
  if (portalId === undefined) throw new UsageError('name the HubSpot account with --portal (or set HUBSPOT_PORTAL_ID)');
  const program = loadProgram(config.programFile);
  const db = openDatabase(config.databaseUrl, { maxConnections: 2, applicationName: 'partner-enablement:report' });
  try {
    await connectDatabase(db, config.databaseUrl);
    const timeZone = config.hubspot.accountTimeZone ?? program.defaultTimeZone;
    const dashboard = await loadProgramDashboard({
      db,
      portalId,
      program,
      timeZone,
      currency: options.currency,
      targets: SEED_METRIC_TARGETS,
      quarter: options.quarter,
      ...(options.asOf === undefined ? {} : { now: DateTime.fromISO(options.asOf, { zone: timeZone }).toMillis() }),
    });
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(dashboard, null, 2)}\n` : renderProgramDashboard(dashboard));
    return EXIT_CODES.OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof AppError) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', `cannot read the program metrics from PostgreSQL: ${(error as Error).message}`);
  } finally {
    await db.destroy();
  }
}
