import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database-schema.js';
import { todayIn } from '../domain/calendar-date.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import { createIncentiveOutputWriter } from '../hubspot/incentive-output-writer.js';
import type { PartnerRepository, WriteResult } from '../hubspot/partner-repository.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { Program } from '../program/program-schema.js';
import { IncentiveAccrualService, type QuarterRebateRun } from './incentive-accrual-service.js';
import { IncentiveStatementService } from './incentive-statement-service.js';
import { LedgerStore } from './ledger-store.js';
import { sendStatementEmails, type StatementEmailRun } from './send-statement-emails.js';

export interface QuarterEndOptions {
  db: Kysely<Database>;
  client: HubSpotClient;
  program: Program;
  /** The portal's time zone: quarters and deal days are counted there. */
  timeZone: string;
  /** The portal's company currency (`HUBSPOT_COMPANY_CURRENCY`): every amount on the ledger is in it. */
  currency: () => Promise<string>;
  logger?: Logger;
  now?: () => number;
  /** Where each partner's statement for the quarter is emailed once; without it none is sent. */
  statementEmails?: { mail: MailSender; repository: Pick<PartnerRepository, 'loadPartners'> };
}

/** What accruing a quarter's end did. */
export interface QuarterEndResult {
  currency: string;
  run: QuarterRebateRun;
  written: WriteResult;
  /** Partners whose `pe_fast_track` HubSpot refused. */
  fastTrackFailures: number;
  /** The statement emails of the quarter, when they are sent. */
  statementEmails: StatementEmailRun | null;
}

/**
 * What happens to incentives when a quarter is over (docs/incentives.md, "Quarterly rebate"): every
 * partner's volume rebate accrues on the ledger (only the difference on a re-run), the partners in
 * the fast-track bracket get `pe_fast_track`, and the incentive outputs of the partners concerned
 * are written when they changed; with `statementEmails`, each partner's statement is emailed. Run by the quarter-close scheduler and by `partner-enablement
 * rebates`.
 */
export async function accrueQuarterEnd(options: QuarterEndOptions, portalId: string, quarter: string): Promise<QuarterEndResult> {
  const now = options.now ?? Date.now;
  const currency = await options.currency();
  const ledger = new LedgerStore(options.db);
  const writer = createIncentiveOutputWriter({ client: options.client, portalId, program: options.program, logger: options.logger });
  let fastTrackFailures = 0;
  const accruals = new IncentiveAccrualService(options.db, ledger, {
    program: options.program,
    currency,
    timeZone: options.timeZone,
    now: () => new Date(now()),
    markFastTrack: async (_portal, ids) => { fastTrackFailures += (await writer.markFastTrack(ids)).failed.length; },
  });
  const run = await accruals.accrueQuarterRebates(portalId, quarter);
  const statements = new IncentiveStatementService(options.db, ledger, { program: options.program, currency, timeZone: options.timeZone });
  const written = await statements.writeCompanyOutputs(portalId, [...run.rebates.keys()], todayIn(options.timeZone, now()), writer);
  // After the rebate accrued, so the statement carries it (docs/incentives.md, "Statements").
  const statementEmails = options.statementEmails
    ? await sendStatementEmails({ db: options.db, statements, ...options.statementEmails, logger: options.logger, now }, portalId, statements.quarter(quarter))
    : null;
  return { currency, run, written, fastTrackFailures, statementEmails };
}
