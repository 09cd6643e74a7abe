import type { CalendarDate } from './types.js';

/**
 * The identity of one renewal reminder: (contact, certification, expiry date, offset). A renewed
 * certification has a new expiry date and so new keys. No `:` in it: BullMQ rejects job ids with one.
 */
export function reminderKey(contactId: string, certificationId: string, expiresOn: CalendarDate, offsetDays: number): string {
  return `renewal-reminder/${contactId}/${certificationId}/${expiresOn}/${offsetDays}`;
}
