import type { RegistrationSettings } from '../../program/registration-settings.js';
import { addDays } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';

/**
 * `pe_registration_expires_on`: the last protected day of a registration approved on
 * `approvedOn` (a portal-zone date), with `extensionsUsed` extensions granted. Approved on
 * 2026-12-06 with 90 days of protection, it is protected through 2027-03-06 and expires on
 * 2027-03-07; one 30-day extension moves that to 2027-04-05 (docs/registrations.md, "Protection").
 */
export function protectionExpiresOn(approvedOn: CalendarDate, extensionsUsed: number, settings: RegistrationSettings): CalendarDate {
  return addDays(approvedOn, settings.protectionDays + extensionsUsed * settings.extensionDays);
}
