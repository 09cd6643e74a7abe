import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config.js';
import { connectDatabase } from '../../db/connect-database.js';
import { openDatabase } from '../../db/open-database.js';
import { parseQuarterLabel } from '../../domain/governance/parse-quarter-label.js';
import { currencyExponent } from '../../domain/money/currency-exponent.js';
import { officialTierOf } from '../../domain/incentives/official-tier-of.js';
import { AppError } from '../../errors.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../hubspot/hubspot-client.js';
import { createInProcessRateLimiter } from '../../hubspot/rate-limiter.js';
import { IncentiveStatementService } from '../../incentives/incentive-statement-service.js';
import { LedgerStore } from '../../incentives/ledger-store.js';
import { renderPartnerStatement } from '../../incentives/render-partner-statement.js';
import { loadProgram } from '../../program/load-program.js';
import type { TierOrNone } from '../../program/program-schema.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement statement COMPANY_ID --quarter YYYYQn [options]

Prints a partner's quarterly incentive statement (docs/incentives.md, "Statements"): SPIFFs,
rebates and bonuses accrued, approved and paid in the quarter, the program year and to date, and
the program year's market development funds (allocation, approved, paid, available). Every
amount is shown with its currency.

Options:
  --quarter Q     the quarter, e.g. 2026Q2 (fiscal quarters of the program)
  --portal ID     the HubSpot account (default: HUBSPOT_PORTAL_ID, else the one whose ledger holds
                  the company)
  --currency CODE the portal's company currency (default: the currency of the partner's ledger, else USD)
  --json          the statement as one JSON object
  -h, --help      show this help

Reads PostgreSQL (DATABASE_URL; without HUBSPOT_ACCESS_TOKEN, the database of the sandbox mode
\`npm start\` is running). For a partner with no quarter close up to the quarter, the MDF follows
its current tier, read from HubSpot (the company's pe_tier); when HubSpot cannot be read, the
output says so and shows the MDF of tier none. Exit codes: 0 printed (also for a partner with no entries),
2 wrong usage, 3 invalid input, 1 database unreachable, 4 no database configured.
`;

interface StatementOptions {
  companyId: string;
  quarter: string;
  portalId: string | undefined;
  currency: string | undefined;
  json: boolean;
}

function parseOptions(args: string[]): StatementOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        quarter: { type: 'string' },
        portal: { type: 'string' },
        currency: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('name exactly one company id');
  const companyId = positionals[0]!;
  if (!/^\d+$/.test(companyId)) throw new UsageError(`"${companyId}" is not a HubSpot company id (digits)`);
  if (values.quarter === undefined) throw new UsageError('name the quarter with --quarter YYYYQn, e.g. --quarter 2026Q2');
  if (values.portal !== undefined && !/^\d+$/.test(values.portal)) throw new UsageError(`--portal "${values.portal}" is not a HubSpot account id (digits)`);
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined) currencyExponent(currency);
  return { companyId, quarter: values.quarter, portalId: values.portal, currency, json: values.json ?? false };
}

/**
 * The company's current official tier (`pe_tier`) from HubSpot, the MDF tier of a partner with no
 * quarter close yet; when HubSpot cannot be read, no tier and the reason, for the output to say.
 */
async function readCurrentTier(config: Config, portalId: string, companyId: string): Promise<{ tiers: Map<string, TierOrNone>; problem?: string }> {
  const cannot = 'the partner has no quarter close up to this quarter and its current tier (pe_tier) could not be read from HubSpot';
  if (!config.hubspot.accessToken) return { tiers: new Map(), problem: `${cannot} (no HubSpot access token); the MDF shown is that of tier none.` };
  try {
    const client = createHubSpotClient({
      accessToken: config.hubspot.accessToken,
      basePath: config.hubspot.apiBaseUrl,
      limiter: createInProcessRateLimiter(),
      accountTimeZone: config.hubspot.accountTimeZone,
      // A person is waiting: fail with the reason rather than sit out a long pause.
      retry: { maxWaitMs: 10_000 },
    });
    const company = await client.call({ portalId, operation: 'companies.read' }, (sdk) => sdk.crm.companies.basicApi.getById(companyId, ['pe_tier']));
    return { tiers: new Map([[companyId, officialTierOf(company.properties.pe_tier)]]) };
  } catch (error) {
    return { tiers: new Map(), problem: `${cannot} (${(error as Error).message}); the MDF shown is that of tier none.` };
  } finally {
    releaseHubSpotClient();
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = attachToSandbox(loadConfig(io.env));
  const program = loadProgram(config.programFile);
  // A wrong quarter is refused before anything is opened.
  parseQuarterLabel(options.quarter, program.governance.fiscalYearStartMonth);
  if (!config.databaseUrl) throw new AppError('INVALID_CONFIG', 'DATABASE_URL is not set: the incentive ledger is in PostgreSQL (DATABASE_URL=postgresql://user@host:5432/database)');
  const db = openDatabase(config.databaseUrl, { maxConnections: 2, applicationName: 'partner-enablement:statement' });
  try {
    await connectDatabase(db, config.databaseUrl);
    const ledger = new LedgerStore(db);
    let portalId = options.portalId ?? config.hubspot.portalId;
    if (portalId === undefined) {
      const portals = await db.selectFrom('ledger_entries').select('portal_id').distinct().where('partner_id', '=', options.companyId).execute();
      if (portals.length > 1) throw new UsageError(`company ${options.companyId} has ledger entries in portals ${portals.map((row) => row.portal_id).join(', ')}: name one with --portal`);
      portalId = portals[0]?.portal_id ?? '0';
    }
    const found = await db.selectFrom('ledger_entries').select('currency').where('portal_id', '=', portalId).where('partner_id', '=', options.companyId).limit(1).executeTakeFirst();
    const currency = options.currency ?? found?.currency ?? 'USD';
    const service = new IncentiveStatementService(db, ledger, { program, currency, timeZone: config.hubspot.accountTimeZone ?? 'UTC' });
    const quarter = service.quarter(options.quarter);
    // docs/incentives.md, "Statements": the tier of the latest quarter close, else the current `pe_tier`.
    const tiers = await service.officialTiers(portalId, [options.companyId], quarter);
    const current = tiers.has(options.companyId) ? { tiers: new Map<string, TierOrNone>() } : await readCurrentTier(config, portalId, options.companyId);
    const statement = (await service.statements(portalId, [options.companyId], quarter, { tiers, currentTiers: current.tiers })).get(options.companyId)!;
    io.stdout.write(options.json ? `${JSON.stringify(statement)}\n` : renderPartnerStatement(statement));
    if (current.problem) (options.json ? io.stderr : io.stdout).write(`Note: ${current.problem}\n`);
    return EXIT_CODES.OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof AppError) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', `cannot read the incentive ledger from PostgreSQL: ${(error as Error).message}`);
  } finally {
    await db.destroy();
  }
}
