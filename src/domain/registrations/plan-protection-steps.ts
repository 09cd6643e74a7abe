import { DateTime } from 'luxon';
import type { RegistrationSettings } from '../../program/registration-settings.js';
import { addDays } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';
import { protectionNoticeOn } from './protection-notice-on.js';
import type { Instant } from './types.js';

/** When the end of a registration's protection is announced and when it expires. */
export interface ProtectionSteps {
  /** The day the partner is told (`expiryNoticeDays` before the last protected day). */
  noticeOn: CalendarDate;
  /** The start of `noticeOn` in the portal's time zone. */
  noticeAt: Instant;
  /** The start of the day after the last protected day in the portal's time zone: it expires then. */
  expireAt: Instant;
}

function startOfDay(date: CalendarDate, timeZone: string): Instant {
  return DateTime.fromISO(date, { zone: timeZone }).startOf('day').toMillis();
}

/**
 * The notice and expiry of a protection whose last protected day is `expiresOn`, in the portal's
 * time zone (docs/registrations.md, "Protection"): protected through 2027-03-06, the partner is
 * told on 2027-02-20 and it expires at the start of 2027-03-07.
 */
export function planProtectionSteps(expiresOn: CalendarDate, settings: RegistrationSettings, timeZone: string): ProtectionSteps {
  const noticeOn = protectionNoticeOn(expiresOn, settings);
  return { noticeOn, noticeAt: startOfDay(noticeOn, timeZone), expireAt: startOfDay(addDays(expiresOn, 1), timeZone) };
}
