import type { AuditTrail } from '../audit/audit-trail.js';
import type { PartnerRepository } from '../hubspot/partner-repository.js';
import type { RecalculationEnqueuer } from '../jobs/recalculation-queue.js';
import type { Logger } from '../logger.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { Program } from '../program/program-schema.js';
import type { LifecycleWakeSchedule } from './lifecycle-wake-schedule.js';
import type { ReminderLedger } from './reminder-ledger.js';

/** What the time-driven part of the product (status changes, renewal reminders) works with. */
export interface LifecycleDependencies {
  /** The repository of a portal (the app's `repositoryFor`). */
  repositoryFor(portalId: string): PartnerRepository;
  program: Program;
  schedule: LifecycleWakeSchedule;
  /** The reminder ledger (PostgreSQL): what keeps each renewal reminder to one. */
  ledger: ReminderLedger;
  /** The recalculation pipeline: a status change marks the partner for recalculation there. */
  recalculation: Pick<RecalculationEnqueuer, 'enqueueCompanies'>;
  mail: MailSender;
  audit: AuditTrail;
  logger: Logger;
  /** Epoch ms now. Default `Date.now`; tests freeze and advance it. */
  now?: () => number;
}
