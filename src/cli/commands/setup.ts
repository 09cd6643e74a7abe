import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../hubspot/hubspot-client.js';
import { createInProcessRateLimiter, createRedisRateLimiter, type RateLimiter } from '../../hubspot/rate-limiter.js';
import { formatRegistrationSetup } from '../../hubspot/format-registration-setup.js';
import { formatSetupReport, setupProperties } from '../../hubspot/setup-properties.js';
import { setupRegistrations } from '../../hubspot/setup-registrations.js';
import { loadProgram } from '../../program/load-program.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement setup [options]

Creates the property group "partner_enablement" and the company, contact and deal properties of
the enablement program (docs/properties.md) in a HubSpot portal, and updates labels, descriptions
and options that differ from the program. It never deletes a property or an option and never
changes a property's type (it reports that as a conflict). For deal registration it then creates
the deal pipeline "Partner registrations" with its stages and the deal-to-company association
label "Registered partner"; on a plan that allows no second pipeline or no custom labels it says
what registrations do instead and goes on. Safe to run again: a second run changes nothing and
says so.

Which portal:
  HUBSPOT_ACCESS_TOKEN set   the token's portal, at HUBSPOT_API_BASE_URL (the app's private app
                             token or an OAuth token with the crm.schemas.*.write scopes)
  --sandbox                  a fresh built-in sandbox portal, started for this run: see what
                             setup would do to an empty portal, no HubSpot account needed
  --sandbox-url URL          a running sandbox portal (sandbox mode of npm start)

Options:
  --dry-run          show what would change; change nothing
  --program FILE     the enablement program (JSON or YAML); default: $PROGRAM_FILE, else the built-in program
  --portal-id ID     the portal's id, so that the calls share the workers' rate-limit budget in
                     Redis (REDIS_URL); without REDIS_URL the budget is kept in this process
  -h, --help         show this help

Exit codes: 0 done (or nothing to change, or only what the plan does not allow left out), 1
HubSpot refused a change, a property has the wrong type or the registrations pipeline lacks a
stage, 2 wrong usage, 4 invalid program file or no HubSpot connection.
`;

// The sandbox's default bearer token (src/sandbox/start-sandbox.ts): sandbox mode uses it.
const SANDBOX_ACCESS_TOKEN = 'sandbox-access-token';

interface SetupOptions {
  dryRun: boolean;
  sandbox: boolean;
  sandboxUrl: string | undefined;
  programFile: string | undefined;
  portalId: string | undefined;
  help: boolean;
}

function parseOptions(args: string[]): SetupOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        sandbox: { type: 'boolean', default: false },
        'sandbox-url': { type: 'string' },
        program: { type: 'string' },
        'portal-id': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown option ${unknown[1]}` : message.split('\n')[0]!);
  }
  const { values } = parsed;
  if (values.sandbox && values['sandbox-url']) throw new UsageError('give --sandbox or --sandbox-url, not both');
  if (values['sandbox-url'] !== undefined && !URL.canParse(values['sandbox-url'])) {
    throw new UsageError(`--sandbox-url must be a URL, got "${values['sandbox-url']}"`);
  }
  return {
    dryRun: values['dry-run'],
    sandbox: values.sandbox,
    sandboxUrl: values['sandbox-url'],
    programFile: values.program,
    portalId: values['portal-id'],
    help: values.help,
  };
}

interface Connection {
  accessToken: string;
  basePath: string;
  portalId: string;
  /** Where the report says the properties went. */
  describe: string;
  close: () => Promise<void>;
}

async function connect(options: SetupOptions, config: ReturnType<typeof loadConfig>): Promise<Connection> {
  if (options.sandbox) {
    // Imported only here: a real setup never loads the emulator.
    const { startSandbox } = await import('../../sandbox/index.js');
    const sandbox = await startSandbox({ seed: 'empty' });
    return {
      accessToken: sandbox.accessToken,
      basePath: sandbox.url,
      portalId: String(sandbox.portalId),
      describe: `a fresh sandbox portal (${sandbox.url}, stopped after this run)`,
      close: () => sandbox.stop(),
    };
  }
  if (options.sandboxUrl) {
    return {
      accessToken: config.hubspot.accessToken ?? SANDBOX_ACCESS_TOKEN,
      basePath: options.sandboxUrl.replace(/\/+$/, ''),
      portalId: options.portalId ?? 'sandbox',
      describe: `the sandbox portal at ${options.sandboxUrl}`,
      close: async () => {},
    };
  }
  if (!config.hubspot.accessToken) {
    throw new AppError(
      'INVALID_CONFIG',
      'setup needs a HubSpot portal: set HUBSPOT_ACCESS_TOKEN to the app\'s access token, or try it on the built-in sandbox with --sandbox (a fresh portal) or --sandbox-url URL (a running one)',
    );
  }
  return {
    accessToken: config.hubspot.accessToken,
    basePath: config.hubspot.apiBaseUrl,
    portalId: options.portalId ?? 'default',
    describe: options.portalId ? `HubSpot portal ${options.portalId}` : `the HubSpot portal of HUBSPOT_ACCESS_TOKEN`,
    close: async () => {},
  };
}

/** `partner-enablement setup` (docs/interfaces.md, "partner-enablement setup"). */
export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = loadConfig(io.env);
  const program = loadProgram(options.programFile ?? config.programFile);
  const connection = await connect(options, config);
  const redis = config.redisUrl && !options.sandbox ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true }) : undefined;
  try {
    const budget = { requests: config.hubspot.requestsPer10s, intervalMs: 10_000 };
    const limiter: RateLimiter = redis ? createRedisRateLimiter({ redis, standard: budget }) : createInProcessRateLimiter({ standard: budget });
    const client = createHubSpotClient({
      accessToken: connection.accessToken,
      basePath: connection.basePath,
      limiter,
      accountTimeZone: config.hubspot.accountTimeZone,
      // A person is waiting: fail with the reason rather than sit out a long pause.
      retry: { maxWaitMs: 30_000 },
    });
    const report = await setupProperties(client, program, { portalId: connection.portalId, dryRun: options.dryRun });
    io.stdout.write(`Partner enablement properties in ${connection.describe}${options.dryRun ? ' (dry run)' : ''}:\n`);
    io.stdout.write(`${formatSetupReport(report)}\n`);
    const registrations = await setupRegistrations(client, { portalId: connection.portalId, dryRun: options.dryRun });
    io.stdout.write(`Deal registration:\n${formatRegistrationSetup(registrations)}\n`);
    const registrationConflicts = [registrations.pipeline, registrations.label].filter((entry) => entry.action === 'conflict').length;
    return report.counts.conflicts + report.counts.failed + registrationConflicts > 0 ? EXIT_CODES.FAILURE : EXIT_CODES.OK;
  } finally {
    releaseHubSpotClient();
    redis?.disconnect();
    await connection.close();
  }
}
