import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database-schema.js';
import type { Quarter } from '../domain/governance/types.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { MailSender } from '../mail/mail-sender.js';
import { renderStatementEmail } from '../mail/render-statement-email.js';
import { officialTierOf } from '../domain/incentives/official-tier-of.js';
import { describePartnerStatement } from './describe-partner-statement.js';
import type { IncentiveStatementService } from './incentive-statement-service.js';
import { describeStatementPeriod } from './render-partner-statement.js';

/** What sending a quarter's statement emails did. */
export interface StatementEmailRun {
  /** Partners whose statement went out in this run. */
  sent: string[];
  /** Emails handed to the mail sender. */
  emails: number;
  /** Partners whose statement had gone out before. */
  alreadySent: number;
  /** Partners whose sending failed (retried by the next run). */
  failed: string[];
}

/**
 * Emails each partner with ledger activity up to the quarter's end its statement for the quarter,
 * to its contacts that have an email, once per (partner, quarter) (docs/incentives.md,
 * "Statements"): the partners are read in one batch, a partner is claimed in `statement_emails`
 * before its emails and marked sent after them. A run after a crash sends what is not marked sent.
 */
export async function sendStatementEmails(
  deps: {
    db: Kysely<Database>;
    repository: Pick<PartnerRepository, 'loadPartners'>;
    mail: MailSender;
    statements: Pick<IncentiveStatementService, 'statements'>;
    logger?: Logger;
    now?: () => number;
  },
  portalId: string,
  quarter: Quarter,
): Promise<StatementEmailRun> {
  const now = deps.now ?? Date.now;
  const active = (await deps.db.selectFrom('ledger_entries').select('partner_id').distinct()
    .where('portal_id', '=', portalId).where('occurred_on', '<=', quarter.lastDay).orderBy('partner_id').execute()).map((row) => row.partner_id);
  const done = new Set(active.length === 0 ? [] : (await deps.db.selectFrom('statement_emails').select('partner_id')
    .where('portal_id', '=', portalId).where('quarter', '=', quarter.label).where('sent_at', 'is not', null).execute()).map((row) => row.partner_id));
  const due = active.filter((id) => !done.has(id));
  const run: StatementEmailRun = { sent: [], emails: 0, alreadySent: active.length - due.length, failed: [] };
  if (due.length === 0) return run;
  // The partners' `pe_tier` is the MDF tier of those with no quarter close yet (docs/incentives.md,
  // "Statements"); the batch read runs alongside the statement queries.
  const loading = deps.repository.loadPartners(due);
  const currentTiers = loading.then((found) => new Map(found.partners.map(({ company }) => [company.id, officialTierOf(company.properties.pe_tier)])));
  const [statements, loaded] = await Promise.all([deps.statements.statements(portalId, due, quarter, { currentTiers }), loading]);
  for (const { company, contacts } of loaded.partners) {
    const statement = statements.get(company.id)!;
    await deps.db.insertInto('statement_emails').values({ portal_id: portalId, partner_id: company.id, quarter: quarter.label, claimed_at: new Date(now()) })
      .onConflict((oc) => oc.columns(['portal_id', 'partner_id', 'quarter']).doNothing()).execute();
    const recipients = contacts.filter((contact) => (contact.properties.email ?? '').trim() !== '');
    try {
      for (const contact of recipients) {
        await deps.mail.send(renderStatementEmail({
          to: contact.properties.email!.trim(),
          contactId: contact.id,
          firstName: contact.properties.firstname ?? null,
          lastName: contact.properties.lastname ?? null,
          companyName: company.properties.name ?? null,
          period: describeStatementPeriod(statement),
          tables: describePartnerStatement(statement),
          reference: `statement:${company.id}:${quarter.label}`,
        }));
      }
    } catch (error) {
      run.failed.push(company.id);
      // A transport's message can name the address: only the error's name is logged.
      deps.logger?.warn({ portalId, partnerId: company.id, quarter: quarter.label, error: (error as Error).name }, 'statement email not sent');
      continue;
    }
    await deps.db.updateTable('statement_emails').set({ sent_at: new Date(now()), recipients: recipients.length })
      .where('portal_id', '=', portalId).where('partner_id', '=', company.id).where('quarter', '=', quarter.label).execute();
    run.sent.push(company.id);
    run.emails += recipients.length;
  }
  deps.logger?.info({ portalId, quarter: quarter.label, partners: run.sent.length, emails: run.emails, alreadySent: run.alreadySent, failed: run.failed.length }, 'statement emails sent');
  return run;
}
