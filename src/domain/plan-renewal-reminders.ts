import { DateTime } from 'luxon';
import type { Program } from '../program/program-schema.js';
import { AppError } from '../errors.js';
import { addDays, isCalendarDate, todayIn } from './calendar-date.js';
import type { CalendarDate } from './types.js';

export type ReminderStatus = 'scheduled' | 'send-now' | 'skipped';

/** One renewal reminder of a certification. */
export interface PlannedReminder {
  /** Days before expiry. */
  offsetDays: number;
  /** The local date it belongs to (`expiresOn − offsetDays`). */
  dueOn: CalendarDate;
  /** `program.reminderTime` on `dueOn` in the partner's zone, epoch milliseconds. */
  dueAt: number;
  /** `scheduled`: send at `dueAt`; `send-now`: send at once; `skipped`: never send. */
  status: ReminderStatus;
}

/** What the reminder plan of one certification depends on. */
export interface RenewalReminderInput {
  expiresOn: CalendarDate;
  /** The partner's IANA time zone. */
  timeZone: string;
  program: Program;
  /** When the app first saw this certification with this expiry date (epoch ms or Date). */
  firstSeenAt: Date | number;
  /** The moment the plan is made (epoch ms or Date). */
  now: Date | number;
}

const toMillis = (instant: Date | number): number => (typeof instant === 'number' ? instant : instant.getTime());

function localTime(date: CalendarDate, time: string, timeZone: string): number {
  const [hour, minute] = time.split(':').map(Number);
  // Built from local fields, so 09:00 stays 09:00 on either side of a DST change. A time that does
  // not exist that day (inside a spring-forward gap) moves forward by the gap, as luxon does.
  const local = DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute, second: 0, millisecond: 0 });
  if (!local.isValid) throw new AppError('INVALID_INPUT', `cannot place ${date} ${time} in time zone "${timeZone}"`);
  return local.toMillis();
}

/**
 * The renewal reminders of one certification, one per distinct offset, earliest first.
 *
 * A reminder whose time is still ahead is `scheduled`. Of those whose time has passed (by `now`, or
 * by `firstSeenAt` if the clock reads earlier), only the latest is sent, at once (`send-now`), and
 * only while the certification has not expired (today ≤ expiresOn in the partner's zone); the
 * earlier ones are `skipped`, since a 60-day notice is noise when 20 days are left. That is the
 * missed-offset rule of docs/rules.md, "Renewal reminders", for a certification first seen late;
 * it gives the same answer when a plan is re-made later, and sending "never twice" is the caller's
 * job with {@link reminderKey}.
 */
export function planRenewalReminders(input: RenewalReminderInput): PlannedReminder[] {
  const { expiresOn, timeZone, program } = input;
  if (!isCalendarDate(expiresOn)) throw new AppError('INVALID_INPUT', `expiresOn "${expiresOn}" is not a YYYY-MM-DD date`);
  const reference = Math.max(toMillis(input.now), toMillis(input.firstSeenAt));
  const offsets = [...new Set(program.reminderOffsetsDays)].sort((a, b) => b - a);
  const reminders = offsets.map((offsetDays): PlannedReminder => {
    const dueOn = addDays(expiresOn, -offsetDays);
    return { offsetDays, dueOn, dueAt: localTime(dueOn, program.reminderTime, timeZone), status: 'scheduled' };
  });
  const passed = reminders.filter((r) => r.dueAt <= reference);
  const latestPassed = passed.at(-1);
  const stillValid = todayIn(timeZone, reference) <= expiresOn;
  for (const reminder of passed) {
    reminder.status = reminder === latestPassed && stillValid ? 'send-now' : 'skipped';
  }
  return reminders;
}
