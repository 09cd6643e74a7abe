import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { EXIT_CODES } from '../../../src/cli/exit-codes.js';
import { main } from '../../../src/cli/main.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { hashPartnerLinkToken } from '../../../src/partner-page/partner-link-token.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { DEMO_TODAY } from './product-harness.js';

/*
 * `partner-enablement partner-link` as an operator runs it against a portal (the sandbox stands in
 * for HubSpot), through the real command line entry point.
 */

let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
let database: TestDatabase;

beforeAll(async () => {
  sandbox = await startSandbox({ today: DEMO_TODAY });
  database = await createTestDatabase();
  env = {
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_PORTAL_ID: String(sandbox.portalId),
    HUBSPOT_API_BASE_URL: sandbox.url,
    REDIS_URL: `${inject('redisUrl')}/${1 + crypto.randomInt(14)}`,
    DATABASE_URL: database.url,
    PUBLIC_BASE_URL: 'https://enablement.example.com',
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  await sandbox?.stop();
  await database?.drop();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now: () => Date.now(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('partner-enablement partner-link', () => {
  it('prints a new link for a partner contact, stored by its hash only, and --revoke withdraws it', async () => {
    const contactId = sandbox.seed.partners[0]!.contactIds[0]!;

    const { code, stdout, stderr } = await cli(['partner-link', contactId]);

    expect(code).toBe(EXIT_CODES.OK);
    expect(stdout).toMatch(/^https:\/\/enablement\.example\.com\/p\/p1\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]+\n$/);
    expect(stderr).not.toContain('/p/');
    const token = stdout.trim().split('/p/')[1]!;
    const db = openDatabase(database.url, { maxConnections: 1 });
    try {
      const row = await db.selectFrom('partner_links').selectAll().where('token_hash', '=', hashPartnerLinkToken(token)).executeTakeFirst();
      expect(row).toMatchObject({ contact_id: contactId, company_id: sandbox.seed.partners[0]!.id, revoked_at: null });

      expect((await cli(['partner-link', contactId, '--revoke'])).stdout).toBe(`revoked 1 link of contact ${contactId}\n`);
      const revoked = await db.selectFrom('partner_links').select('revoked_at').where('token_hash', '=', hashPartnerLinkToken(token)).executeTakeFirstOrThrow();
      expect(revoked.revoked_at).not.toBeNull();
    } finally {
      await db.destroy();
    }
  });

  it('refuses a contact of no partner with the reason', async () => {
    const contactId = sandbox.ui.createContact({ firstname: 'Walk', lastname: 'In', email: 'walk-in@example.com' });

    const { code, stdout, stderr } = await cli(['partner-link', contactId]);

    expect(code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain('is not associated with a partner company');
  });

  it('refuses a malformed contact id as wrong usage', async () => {
    expect((await cli(['partner-link', 'ada'])).code).toBe(EXIT_CODES.USAGE);
  });
});
