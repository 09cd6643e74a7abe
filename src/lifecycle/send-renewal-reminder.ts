import { crashPoint } from '../crash-point.js';
import { reminderKey } from '../domain/reminder-key.js';
import type { ContactSnapshot, PartnerSnapshot } from '../domain/types.js';
import { renderRenewalReminderEmail } from '../mail/render-renewal-reminder-email.js';
import type { MailReceipt } from '../mail/mail-sender.js';
import { composeRenewalReminderTask } from './compose-renewal-reminder-task.js';
import type { LifecycleDependencies } from './lifecycle-dependencies.js';
import type { DueReminder } from './plan-partner-wakes.js';

/** What became of one due reminder. */
export type ReminderOutcome =
  | { outcome: 'sent'; key: string; taskId: string; email: MailReceipt['transport'] | 'no-address' | 'failed' | 'not-resent' }
  | { outcome: 'already-sent'; key: string }
  /** Another worker holds the reminder (sending it now, or dead until its lease ends): try again soon. */
  | { outcome: 'in-progress'; key: string };

/**
 * Sends one renewal reminder exactly once, through the reminder ledger in PostgreSQL: claim the
 * reminder's row, create the owner's task (its body carries the reminder's key as a reference),
 * record the task, email the holder, record it sent, and audit it. A second worker, a retried job
 * or a restart finds the row and sends nothing. A worker killed after claiming leaves the row
 * `claimed`; after its lease the next one takes it over and first looks for a task with the
 * reference (the dead worker may have created it), so the owner never gets two. If the task
 * cannot be created the claim is given up at once and the error thrown (the job is retried). An
 * email that fails after the task exists is recorded, not retried: the owner's task carries the
 * reminder, and sending the task twice would be worse than one email short. A takeover after the
 * task was recorded sends no email: its predecessor may have sent it.
 */
export async function sendRenewalReminder(
  deps: LifecycleDependencies,
  portalId: string,
  partner: PartnerSnapshot,
  contact: ContactSnapshot,
  due: DueReminder,
  now: number,
): Promise<ReminderOutcome> {
  const { held, reminder } = due;
  const key = reminderKey(contact.contactId, held.certificationId, held.expiresOn, reminder.offsetDays);
  const id = { contactId: contact.contactId, certificationId: held.certificationId, expiresOn: held.expiresOn, offsetDays: reminder.offsetDays };
  const claim = await deps.ledger.claim(portalId, id, now);
  if (claim.kind === 'sent') return { outcome: 'already-sent', key };
  if (claim.kind === 'busy') return { outcome: 'in-progress', key };
  crashPoint('reminder.claimed');

  const log = deps.logger.child({ portalId, companyId: partner.companyId, contactId: contact.contactId, reminder: key });
  const task = composeRenewalReminderTask(partner, contact, held, deps.program, contact.email !== null, key);
  const repository = deps.repositoryFor(portalId);
  let taskId = claim.kind === 'taken-over' ? claim.taskId : null;
  try {
    if (claim.kind === 'taken-over' && taskId === null) {
      taskId = await repository.findTaskByReference(task, key);
      log.warn({ found: taskId !== null }, 'renewal reminder taken over from a worker that stopped mid-way');
    }
    taskId ??= await repository.createTask(task);
  } catch (error) {
    await deps.ledger.abandon(portalId, id);
    throw error;
  }
  crashPoint('reminder.task-created');
  const emailAlreadyHandled = claim.kind === 'taken-over' && claim.state === 'task-created';
  if (!emailAlreadyHandled) await deps.ledger.recordTask(portalId, id, taskId);
  crashPoint('reminder.task-recorded');

  let email: 'smtp' | 'log' | 'memory' | 'no-address' | 'failed' | 'not-resent' = emailAlreadyHandled ? 'not-resent' : 'no-address';
  if (contact.email && !emailAlreadyHandled) {
    const certification = deps.program.certifications[held.certificationId];
    const message = renderRenewalReminderEmail({
      to: contact.email,
      contactId: contact.contactId,
      firstName: contact.firstName,
      lastName: contact.lastName,
      certificationName: certification?.name ?? held.certificationId,
      expiresOn: held.expiresOn,
      daysLeft: held.daysToExpiry,
      renewal: certification?.renewal ?? 'see the partner portal',
      companyName: partner.name,
      reference: key,
    });
    try {
      email = (await deps.mail.send(message)).transport;
    } catch (error) {
      email = 'failed';
      log.error({ err: { message: (error as Error).message } }, 'renewal reminder email failed; the owner task was created');
    }
  }

  await deps.ledger.recordSent(portalId, id, now);
  await deps.audit.record({
    portalId,
    companyId: partner.companyId,
    contactId: contact.contactId,
    actor: { type: 'system' },
    action: email === 'failed' ? 'reminder.sent-without-email' : 'reminder.sent',
    after: {
      certificationId: held.certificationId,
      expiresOn: held.expiresOn,
      offsetDays: reminder.offsetDays,
      daysLeft: held.daysToExpiry,
      taskId,
      email,
    },
    at: now,
  });
  log.info({ offsetDays: reminder.offsetDays, daysLeft: held.daysToExpiry, taskId, email }, 'renewal reminder sent');
  return { outcome: 'sent', key, taskId, email };
}
