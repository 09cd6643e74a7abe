import type { RegistrationSettings } from '../../program/registration-settings.js';
import { addDays } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';

/** The day the partner is told that the protection ending on `expiresOn` is about to lapse. */
export function protectionNoticeOn(expiresOn: CalendarDate, settings: RegistrationSettings): CalendarDate {
  return addDays(expiresOn, -settings.expiryNoticeDays);
}
