import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { applyMigrations } from '../../db/apply-migrations.js';
import { connectDatabase, describeDatabaseUrl } from '../../db/connect-database.js';
import { openDatabase } from '../../db/open-database.js';
import { readSandboxState } from '../../sandbox-mode/sandbox-state-file.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import path from 'node:path';

const USAGE = `Usage: partner-enablement migrate [options]

Brings the PostgreSQL schema up to date and exits. The server and the worker do this themselves at
start (under a lock, so processes starting together apply each step once); run it alone to upgrade
the schema before rolling out new processes.

Options:
  -h, --help    show this help

Uses DATABASE_URL; without it, the embedded database of the sandbox mode \`npm start\` is running.
Exit codes: 0 schema current, 1 database unreachable or a step failed (nothing of the failed run
is kept), 4 no database configured.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const url = databaseUrlOf(io);
  const db = openDatabase(url, { maxConnections: 1, applicationName: 'partner-enablement:migrate' });
  try {
    await connectDatabase(db, url);
    const report = await applyMigrations(db);
    const what = report.applied.length === 0 ? 'already current' : `applied ${report.applied.map((version) => `#${version}`).join(', ')}`;
    io.stdout.write(`Schema of ${describeDatabaseUrl(url)}: ${what} (version ${report.version}).\n`);
    return EXIT_CODES.OK;
  } finally {
    await db.destroy();
  }
}

function databaseUrlOf(io: CliIo): string {
  const config = loadConfig(io.env);
  if (config.databaseUrl) return config.databaseUrl;
  const state = readSandboxState(path.resolve(config.sandboxStateFile));
  if (state) return state.databaseUrl;
  throw new AppError('INVALID_CONFIG', 'DATABASE_URL is not set and no sandbox mode is running (it migrates its embedded database itself at start): set DATABASE_URL=postgresql://user@host:5432/database');
}
