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
import { DEFAULT_REDIS_URL } from '../../app/build-services.js';
import { copyRedisData } from '../../db/copy-redis-data.js';
import { createRedisConnection } from '../../redis.js';

const USAGE = `Usage: partner-enablement migrate [options]

Brings the PostgreSQL schema up to date and exits. The server and the worker do this themselves at
start (under a lock, so processes starting together apply each step once); run it alone to upgrade
the schema before rolling out new processes.

Options:
  --from-redis  then copy what an earlier version kept in Redis (REDIS_URL): audit streams, score
                histories, training assignments and reminder sent-markers; idempotent (a second
                run copies nothing twice), with a progress bar on standard error
  --prefix P    the Redis key prefix of that deployment (default pe)
  -h, --help    show this help

Uses DATABASE_URL; without it, the embedded database of the sandbox mode \`npm start\` is running.
Exit codes: 0 schema current, 1 database unreachable or a step failed (nothing of the failed run
is kept), 4 no database configured.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'from-redis': { type: 'boolean', default: false },
        prefix: { type: 'string', default: 'pe' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
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
    if (values['from-redis']) await copyFromRedis(io, db, values.prefix ?? 'pe');
    return EXIT_CODES.OK;
  } finally {
    await db.destroy();
  }
}

async function copyFromRedis(io: CliIo, db: ReturnType<typeof openDatabase>, prefix: string): Promise<void> {
  const config = loadConfig(io.env);
  const redisUrl = config.redisUrl ?? readSandboxState(path.resolve(config.sandboxStateFile))?.redisUrl ?? DEFAULT_REDIS_URL;
  const redis = createRedisConnection({ url: redisUrl, role: 'client', name: 'partner-enablement:migrate' });
  redis.on('error', () => {});
  const bar = progressBar(io);
  try {
    const report = await copyRedisData(redis, db, { prefix, onProgress: bar });
    io.stdout.write(
      `Copied from Redis (${report.keys} keys): ${report.auditEntries} audit entries, ${report.scorePoints} score points, ` +
        `${report.assignments} training assignments (${report.consentDecisions} consent decisions), ${report.reminders} reminders. ` +
        'What was copied before was left as it is.\n',
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', `cannot copy from Redis at ${redisUrl.replace(/\/\/[^@]*@/, '//')}: ${(error as Error).message}: check REDIS_URL`);
  } finally {
    redis.disconnect();
  }
}

/** Keys done of the total on standard error: redrawn in place on a terminal, a line per tenth otherwise. */
function progressBar(io: CliIo): (done: number, total: number) => void {
  const stream = io.stderr as CliIo['stderr'] & { isTTY?: boolean };
  let lastTenth = -1;
  return (done, total) => {
    const fraction = total > 0 ? done / total : 1;
    const line = `[${'#'.repeat(Math.round(fraction * 28)).padEnd(28, '-')}] ${done}/${total} keys ${Math.round(fraction * 100)}%`;
    if (stream.isTTY) {
      stream.write(`\r${line}\u001b[K${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    stream.write(`${line}\n`);
  };
}

function databaseUrlOf(io: CliIo): string {
  const config = loadConfig(io.env);
  if (config.databaseUrl) return config.databaseUrl;
  const state = readSandboxState(path.resolve(config.sandboxStateFile));
  if (state) return state.databaseUrl;
  throw new AppError('INVALID_CONFIG', 'DATABASE_URL is not set and no sandbox mode is running (it migrates its embedded database itself at start): set DATABASE_URL=postgresql://user@host:5432/database');
}
