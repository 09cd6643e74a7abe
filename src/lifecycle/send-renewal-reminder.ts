import { DateTime } from 'luxon';
import { reminderKey } from '../domain/reminder-key.js';
import type { ContactSnapshot, PartnerSnapshot } from '../domain/types.js';
import { renderRenewalReminderEmail } from '../mail/render-renewal-reminder-email.js';
import type { MailReceipt } from '../mail/mail-sender.js';
import { composeRenewalReminderTask } from './compose-renewal-reminder-task.js';
import type { LifecycleDependencies } from './lifecycle-dependencies.js';
import type { DueReminder } from './plan-partner-wakes.js';

/** What became of one due reminder. */
export type ReminderOutcome =
  | { outcome: 'sent'; key: string; taskId: string; email: MailReceipt['transport'] | 'no-address' | 'failed' }
  | { outcome: 'already-sent'; key: string };

/** Markers outlive the expiry by this much: afterwards no plan produces the reminder again. */
const MARKER_MARGIN_DAYS = 2;

/**
 * Sends one renewal reminder at most once: takes its marker (SET NX) first, then creates the
 * owner's task, emails the holder and records it in the audit trail. If the task cannot be created
 * nothing was sent, so the marker is given back and the error thrown (the job is retried). An email
 * that fails after the task exists is recorded, not retried: the owner's task carries the reminder,
 * and sending the task twice would be worse than one email short.
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
  const markerExpiresAt = DateTime.fromISO(held.expiresOn, { zone: partner.timeZone }).plus({ days: MARKER_MARGIN_DAYS }).toMillis();
  if (!(await deps.markers.take(portalId, key, (markerExpiresAt - now) / 1000, now))) return { outcome: 'already-sent', key };

  const log = deps.logger.child({ portalId, companyId: partner.companyId, contactId: contact.contactId, reminder: key });
  const task = composeRenewalReminderTask(partner, contact, held, deps.program, contact.email !== null);
  let taskId: string;
  try {
    taskId = await deps.repositoryFor(portalId).createTask(task);
  } catch (error) {
    await deps.markers.giveBack(portalId, key);
    throw error;
  }

  let email: 'smtp' | 'log' | 'memory' | 'no-address' | 'failed' = 'no-address';
  if (contact.email) {
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

  await deps.markers.recordSent(portalId, key, taskId);
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
