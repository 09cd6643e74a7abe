import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { LedgerEntry } from '../../../src/domain/incentives/types.js';
import { money } from '../../../src/domain/money/money.js';
import { createHubSpotClient, releaseHubSpotClient } from '../../../src/hubspot/hubspot-client.js';
import { createPartnerRepository } from '../../../src/hubspot/partner-repository.js';
import { createInProcessRateLimiter } from '../../../src/hubspot/rate-limiter.js';
import { accrueQuarterEnd } from '../../../src/incentives/accrue-quarter-end.js';
import { LedgerStore } from '../../../src/incentives/ledger-store.js';
import { createMemoryMailSender } from '../../../src/mail/memory-mail-sender.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let next = 0;
function anAccrual(partnerId: string, amountMinor: number, occurredOn: string): LedgerEntry {
  next += 1;
  return {
    key: `statement-email-test:${next}`, partnerId, kind: 'accrual', bucket: 'spiff', rule: 'first_win',
    amount: money(amountMinor, 'USD'), source: { type: 'deal', id: `d${next}` }, reason: 'test', occurredOn, reverses: null,
  };
}

describe('the quarterly statement email', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let sandbox: Sandbox;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openDatabase(database.url, { maxConnections: 2 });
    await applyMigrations(db);
    sandbox = await startSandbox({ today: '2026-07-02' });
  });

  afterAll(async () => {
    releaseHubSpotClient();
    await sandbox?.stop();
    await db?.destroy();
    await database?.drop();
  });

  it('emails each partner with ledger activity its statement once, to its contacts with an email, even when the hook runs again or after a crash', async () => {
    const portalId = String(sandbox.portalId);
    const partner = (name: string, properties: Record<string, string> = {}) => sandbox.ui.createCompany({ name, pe_is_partner: 'true', ...properties });
    const contact = (companyId: string, properties: Record<string, string>) => {
      const id = sandbox.ui.createContact({ lastname: 'Partner', pe_partner_role: 'sales', ...properties });
      sandbox.ui.associate(id, companyId);
      return id;
    };
    // Instant governance: no quarter close, so the MDF follows the company's pe_tier.
    const active = partner('Active Partners', { pe_tier: 'silver' });
    const ada = contact(active, { firstname: 'Ada', email: 'ada@active.example' });
    const grace = contact(active, { firstname: 'Grace', email: 'grace@active.example' });
    contact(active, { firstname: 'NoMail' });
    const crashed = partner('Crashed Partners');
    const linus = contact(crashed, { firstname: 'Linus', email: 'linus@crashed.example' });
    const idle = partner('Idle Partners');
    contact(idle, { firstname: 'Idle', email: 'idle@idle.example' });
    const ledger = new LedgerStore(db);
    await ledger.append(portalId, [anAccrual(active, 123_400, '2026-05-10'), anAccrual(active, 10_000, '2026-01-10'), anAccrual(crashed, 5_000, '2026-06-30')]);
    // A run that crashed after claiming this partner and before its email went out.
    await db.insertInto('statement_emails').values({ portal_id: portalId, partner_id: crashed, quarter: '2026Q2', claimed_at: new Date('2026-07-01T00:05:00Z') }).execute();

    const mail = createMemoryMailSender();
    const client = createHubSpotClient({ accessToken: sandbox.accessToken, basePath: sandbox.url, limiter: createInProcessRateLimiter() });
    const repository = createPartnerRepository({ client, portalId, program: DEFAULT_PROGRAM });
    const options = {
      db, client, program: DEFAULT_PROGRAM, timeZone: 'UTC', currency: async () => 'USD',
      now: () => Date.parse('2026-07-01T00:10:00Z'),
      statementEmails: { mail, repository },
    };

    const first = await accrueQuarterEnd(options, portalId, '2026Q2');
    const second = await accrueQuarterEnd(options, portalId, '2026Q2');

    expect(first.statementEmails).toMatchObject({ emails: 3, alreadySent: 0, failed: [] });
    expect(new Set(first.statementEmails!.sent)).toEqual(new Set([active, crashed]));
    expect(second.statementEmails).toMatchObject({ sent: [], emails: 0, alreadySent: 2 });
    const sent = mail.outbox.filter((message) => message.template === 'incentive-statement');
    expect(sent.map((message) => [message.contactId, message.to]).sort()).toEqual([
      [ada, 'ada@active.example'], [grace, 'grace@active.example'], [linus, 'linus@crashed.example'],
    ].sort());
    const toAda = sent.find((message) => message.contactId === ada)!;
    expect(toAda.subject).toBe('Your incentive statement for 2026Q2 (1 April 2026 – 30 June 2026)');
    expect(toAda.text).toContain('accrued: USD 1,234.00 in the quarter, USD 1,334.00 year to date, USD 1,334.00 to date');
    expect(toAda.text).toContain('available: USD 5,000.00');
    expect(sent.find((message) => message.contactId === linus)!.text).toContain('available: USD 0.00');
    expect(toAda.text).not.toMatch(/https?:\/\//);
    expect(toAda.reference).toBe(`statement:${active}:2026Q2`);
    const rows = await db.selectFrom('statement_emails').selectAll().where('portal_id', '=', portalId).orderBy('partner_id').execute();
    expect(rows.map((row) => [row.partner_id, row.recipients, row.sent_at !== null])).toEqual([[active, 2, true], [crashed, 1, true]].sort());
  });
});
