import { parseArgs } from 'node:util';
import { buildServices } from '../../app/build-services.js';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement partner-link CONTACT_ID [--send | --revoke]

Issues a personal partner page link for a partner contact and prints it (one line, the URL). The
link opens the contact's partner page — their partner's tier, progress and gaps, and their training
offers — without a login, until it expires (PARTNER_LINK_DAYS, default 90) or is revoked.

Options:
  --send        email the new link to the contact instead of printing it (prints where it went)
  --revoke      revoke every link of the contact instead (prints how many)
  -h, --help    show this help

The printed link is a credential: hand it only to the contact. Without HUBSPOT_ACCESS_TOKEN it works
on the sandbox mode \`npm start\` is running. Exit codes: 0 done, 1 HubSpot, Redis or the database
unavailable or no such contact, 2 wrong usage, 3 the contact has no partner company (or no email
address, with --send), 4 invalid environment.
`;

function parseOptions(args: string[]): { contactId: string; mode: 'print' | 'send' | 'revoke'; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { send: { type: 'boolean', default: false }, revoke: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { contactId: '', mode: 'print', help: true };
  if (positionals.length !== 1) throw new UsageError('name exactly one contact id');
  const contactId = positionals[0]!;
  if (!/^\d+$/.test(contactId)) throw new UsageError(`"${contactId}" is not a HubSpot contact id (digits)`);
  if (values.send && values.revoke) throw new UsageError('give --send or --revoke, not both');
  return { contactId, mode: values.send ? 'send' : values.revoke ? 'revoke' : 'print', help: false };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = attachToSandbox(loadConfig(io.env));
  // The link goes to standard output alone; logs (which never hold it) only for warnings.
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, role: 'cli', destination: io.stderr });
  const services = await buildServices(config, { logger, role: 'cli' });
  const actor = { type: 'operator' as const, id: 'cli' };
  try {
    const { links } = services.partnerPage;
    if (options.mode === 'revoke') {
      const revoked = await links.revoke({ contactId: options.contactId }, actor);
      io.stdout.write(`revoked ${revoked} link${revoked === 1 ? '' : 's'} of contact ${options.contactId}\n`);
    } else if (options.mode === 'send') {
      const sent = await links.send(options.contactId, actor);
      io.stdout.write(`sent a partner page link to ${sent.sentTo}\n`);
    } else {
      io.stdout.write(`${(await links.issue(options.contactId, actor)).url}\n`);
    }
  } finally {
    await services.close();
  }
  return EXIT_CODES.OK;
}
