import { DateTime } from 'luxon';
import type { HeldCertification, PartnerSnapshot, ContactSnapshot } from '../domain/types.js';
import { describeDaysLeft } from '../mail/describe-days-left.js';
import type { NewTask } from '../hubspot/partner-repository.js';
import type { Program } from '../program/program-schema.js';

/** How a task names a person: their name, else their email, else the contact id. */
export function personName(contact: Pick<ContactSnapshot, 'contactId' | 'firstName' | 'lastName' | 'email'>): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return name || contact.email || `contact ${contact.contactId}`;
}

/**
 * The HubSpot task a renewal reminder creates for the partner's owner: the subject names the
 * person, the certification and the days left; it is due on the expiry date at the program's
 * reminder time in the partner's zone, and attached to the contact and the company. The body ends
 * with the reminder's key, by which a worker taking over an interrupted reminder finds the task.
 */
export function composeRenewalReminderTask(
  partner: PartnerSnapshot,
  contact: ContactSnapshot,
  held: HeldCertification,
  program: Program,
  emailed: boolean,
  reference: string,
): NewTask {
  const certification = program.certifications[held.certificationId];
  const certificationName = certification?.name ?? held.certificationId;
  const person = personName(contact);
  const when = describeDaysLeft(held.daysToExpiry);
  const [hour, minute] = program.reminderTime.split(':').map(Number);
  const dueAt = DateTime.fromISO(held.expiresOn, { zone: partner.timeZone }).set({ hour, minute }).toMillis();
  const lines = [
    `${person}'s ${certificationName} certification expires on ${held.expiresOn} (${when}).`,
    certification ? `Renewal: ${certification.renewal}.` : null,
    emailed ? `${contact.firstName ?? 'The holder'} was emailed a reminder.` : 'No reminder email could be sent: the contact has no email address.',
    `Reference: ${reference}`,
  ].filter((line): line is string => line !== null);
  return {
    subject: `Renewal: ${person} — ${certificationName} expires ${when}`,
    body: lines.join('\n'),
    dueAt,
    companyId: partner.companyId,
    contactIds: [contact.contactId],
    ownerId: partner.ownerId,
    priority: held.daysToExpiry <= 14 ? 'HIGH' : 'MEDIUM',
  };
}
