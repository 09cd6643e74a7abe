import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { AuditTrail, type AuditEntry } from '../../audit/audit-trail.js';
import { loadConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { connectDatabase } from '../../db/connect-database.js';
import { openDatabase } from '../../db/open-database.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement audit COMPANY_ID [options]

Prints the audit trail of a partner company, oldest first: every change of its outputs and of its
contacts' outputs (values before and after), tier changes with their note, declining-trend
escalations with their task, and the enablement actions taken for it — who, what and when.

Options:
  --portal ID   the HubSpot account (default: HUBSPOT_PORTAL_ID, the running sandbox's, or the one
                the database holds a trail for)
  --limit N     the latest N entries (default 100)
  --json        one JSON object per line instead of text
  -h, --help    show this help

Reads PostgreSQL only (DATABASE_URL; without HUBSPOT_ACCESS_TOKEN, the database of the sandbox mode
\`npm start\` is running). Exit codes: 0 printed (also when the trail is empty), 2 wrong usage,
1 database unreachable, 4 no database configured.
`;

interface AuditOptions {
  companyId: string;
  portalId: string | undefined;
  limit: number;
  json: boolean;
  help: boolean;
}

function parseOptions(args: string[]): AuditOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        portal: { type: 'string' },
        limit: { type: 'string', default: '100' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { companyId: '', portalId: undefined, limit: 0, json: false, help: true };
  if (positionals.length !== 1) throw new UsageError('name exactly one company id');
  const companyId = positionals[0]!;
  if (!/^\d+$/.test(companyId)) throw new UsageError(`"${companyId}" is not a HubSpot company id (digits)`);
  if (values.portal !== undefined && !/^\d+$/.test(values.portal)) throw new UsageError(`--portal "${values.portal}" is not a HubSpot account id (digits)`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  return { companyId, portalId: values.portal, limit, json: values.json ?? false, help: false };
}

function when(at: number): string {
  return DateTime.fromMillis(at, { zone: 'utc' }).toFormat("yyyy-MM-dd HH:mm:ss 'UTC'");
}

function who(entry: AuditEntry): string {
  return entry.actor.id ? `${entry.actor.type} ${entry.actor.id}` : entry.actor.type;
}

/** A value on one line: multi-line text (the gaps summary) joined with ` | `, empty as `(empty)`. */
function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  if (typeof value === 'string') return value.split('\n').join(' | ');
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The lines under an entry's heading: what changed, from what to what. */
function details(entry: AuditEntry): string[] {
  const { before, after } = entry;
  if (isRecord(before) && isRecord(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const width = Math.max(...names.map((name) => name.length));
    // A field only after (the id of the note or task created) is a fact, not a change.
    return names.map((name) =>
      Object.hasOwn(before, name) ? `    ${name.padEnd(width)}  ${show(before[name])} → ${show(after[name])}` : `    ${name.padEnd(width)}  ${show(after[name])}`,
    );
  }
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [`    ${show(after)}`];
  return [`    ${show(before)} → ${show(after)}`];
}

/** The trail as the command prints it (the demo prints it too). */
export function renderAuditTrail(entries: AuditEntry[], companyId: string, portalId: string): string {
  if (entries.length === 0) return `No audit entries for company ${companyId} in portal ${portalId}.\n`;
  const lines = [`Audit trail of company ${companyId} (portal ${portalId}), oldest first:`, ''];
  for (const entry of entries) {
    const subject = entry.contactId ? `  contact ${entry.contactId}` : '';
    lines.push(`${when(entry.at)}  ${entry.action}  by ${who(entry)}${subject}`);
    lines.push(...details(entry));
  }
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = attachToSandbox(loadConfig(io.env));
  if (!config.databaseUrl) throw new AppError('INVALID_CONFIG', 'DATABASE_URL is not set: the audit trail is in PostgreSQL (DATABASE_URL=postgresql://user@host:5432/database)');
  const db = openDatabase(config.databaseUrl, { maxConnections: 1, applicationName: 'partner-enablement:audit' });
  try {
    await connectDatabase(db, config.databaseUrl);
    const trail = new AuditTrail(db);
    let portalId = options.portalId ?? config.hubspot.portalId;
    if (portalId === undefined) {
      const portals = await trail.portalsOfCompany(options.companyId);
      if (portals.length > 1) throw new UsageError(`company ${options.companyId} has trails in portals ${portals.join(', ')}: name one with --portal`);
      if (portals.length === 0) {
        io.stdout.write(`No audit entries for company ${options.companyId}.\n`);
        return EXIT_CODES.OK;
      }
      portalId = portals[0]!;
    }
    const entries = await trail.forCompany(portalId, options.companyId, options.limit);
    if (options.json) {
      for (const entry of entries) io.stdout.write(`${JSON.stringify(entry)}\n`);
    } else {
      io.stdout.write(renderAuditTrail(entries, options.companyId, portalId));
    }
    return EXIT_CODES.OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof AppError) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', `cannot read the audit trail from PostgreSQL: ${(error as Error).message}`);
  } finally {
    await db.destroy();
  }
}
