import { DateTime } from 'luxon';
import { todayIn } from '../domain/calendar-date.js';
import { listFutureEarnedDates } from '../domain/list-future-earned-dates.js';
import { listHeldCertifications } from '../domain/list-held-certifications.js';
import { nextReevaluationDate } from '../domain/next-reevaluation-date.js';
import { planRenewalReminders, type PlannedReminder } from '../domain/plan-renewal-reminders.js';
import type { CalendarDate, HeldCertification, PartnerSnapshot } from '../domain/types.js';
import type { Program } from '../program/program-schema.js';

/** A reminder that should go out now, with the certification it is about. */
export interface DueReminder {
  held: HeldCertification;
  reminder: PlannedReminder;
}

/** What time will do to one partner, seen from `now`. */
export interface PartnerWakePlan {
  /** The partner's "today". */
  asOf: CalendarDate;
  /** Reminders to send now (the latest passed offset of each certification that has not expired). */
  dueReminders: DueReminder[];
  /** The next instant a reminder falls due, or null. */
  nextReminderAt: number | null;
  /** 00:00 local on the next day the evaluation changes by itself (a status change, a certification starting to count), or null. */
  nextStatusChangeAt: number | null;
}

/*
 * Many certifications share an expiry date and a zone (a sweep over 100,000 sees a few thousand
 * pairs), and placing 09:00 local with luxon is the expensive part of planning, so plans made for
 * the same instant are memoised; the cache is bounded and keyed by the instant, so it never serves
 * a plan made at another time.
 */
const PLAN_CACHE_LIMIT = 20_000;
const reminderPlansByProgram = new WeakMap<Program, Map<string, PlannedReminder[]>>();

function reminderPlan(expiresOn: CalendarDate, timeZone: string, program: Program, now: number): PlannedReminder[] {
  let reminderPlans = reminderPlansByProgram.get(program);
  if (reminderPlans === undefined) {
    reminderPlans = new Map();
    reminderPlansByProgram.set(program, reminderPlans);
  }
  const key = `${now}|${timeZone}|${expiresOn}`;
  let plan = reminderPlans.get(key);
  if (plan === undefined) {
    if (reminderPlans.size >= PLAN_CACHE_LIMIT) reminderPlans.clear();
    plan = planRenewalReminders({ expiresOn, timeZone, program, firstSeenAt: now, now });
    reminderPlans.set(key, plan);
  }
  return plan;
}

/**
 * Plans a partner's wake-ups from current data. Reminders are planned as if the certification
 * were first seen now: of the offsets already passed only the latest is due, so a certification
 * first seen late and a sweeper back from an outage both send one reminder, not a burst; the
 * caller's sent-markers make a reminder already sent a no-op.
 */
export function planPartnerWakes(partner: PartnerSnapshot, program: Program, now: number): PartnerWakePlan {
  const timeZone = partner.timeZone;
  const asOf = todayIn(timeZone, now);
  const held = listHeldCertifications(partner.contacts, program, asOf);
  const dueReminders: DueReminder[] = [];
  let nextReminderAt: number | null = null;
  for (const certification of held) {
    const plan = reminderPlan(certification.expiresOn, timeZone, program, now);
    for (const reminder of plan) {
      if (reminder.status === 'send-now') dueReminders.push({ held: certification, reminder });
      if (reminder.status === 'scheduled' && (nextReminderAt === null || reminder.dueAt < nextReminderAt)) nextReminderAt = reminder.dueAt;
    }
  }
  // A certification earned on a later date (bad input, warned about) starts to count that day.
  const earnedLater = listFutureEarnedDates(partner.contacts, Object.keys(program.certifications), asOf);
  const changeDate = nextReevaluationDate({ asOf, certifications: held, lastEnablementActivity: partner.lastEnablementActivity, earnedLater }, program);
  const nextStatusChangeAt = changeDate === null ? null : DateTime.fromISO(changeDate, { zone: timeZone }).startOf('day').toMillis();
  return { asOf, dueReminders, nextReminderAt, nextStatusChangeAt };
}
