import { DateTime } from 'luxon';
import { z } from 'zod';

/** What a partner can give when registering a deal; `requiredFields` names the ones it must give. */
export const REGISTRATION_FIELDS = [
  'customerCompanyName',
  'customerDomain',
  'customerContactName',
  'customerContactEmail',
  'dealName',
  'amount',
  'expectedCloseDate',
  'description',
] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];

/** Days of the week as business hours name them (ISO order, Monday first). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
const hostname = z
  .string()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'expected a lower-case domain such as example.com');

const businessHours = z.object({
  /** Days on which the decision clock runs when `businessHoursOnly` is set. Default Monday–Friday. */
  days: z.array(z.enum(WEEKDAYS)).min(1),
  /** Local start of the working day in the portal's time zone (HH:mm). Default 09:00. */
  start: clockTime,
  /** Local end of the working day (HH:mm), after `start`. Default 17:00. */
  end: clockTime,
  /** Dates (YYYY-MM-DD, portal time zone) on which the clock does not run. Default none. */
  holidays: z.array(z.string()),
}).strict();

const conflictRules = z.object({
  /** A closed-won deal on the customer within this many months makes a registration `possible`. Default 12. */
  recentWinMonths: z.number().int().min(0),
  /** Whether a company with the same normalised name and another domain makes it `possible`. Default true. */
  matchCompanyNames: z.boolean(),
  /** Free-mail domains beyond the built-in list; they never identify a customer company. Default none. */
  extraFreeMailDomains: z.array(hostname),
}).strict();

/** The parts of the settings the cross-field checks read, once the shape holds. */
interface CheckedSettings {
  decisionHours: number;
  reminderHours: number;
  escalationHours: number;
  protectionDays: number;
  expiryNoticeDays: number;
  businessHours: { days: string[]; start: string; end: string; holidays: string[] };
  requiredFields: string[];
}

function checkSettings(settings: CheckedSettings, ctx: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (settings.reminderHours >= settings.escalationHours) {
    problem(['reminderHours'], `must be less than escalationHours (${settings.escalationHours}), got ${settings.reminderHours}`);
  }
  if (settings.escalationHours >= settings.decisionHours) {
    problem(['escalationHours'], `must be less than decisionHours (${settings.decisionHours}), got ${settings.escalationHours}`);
  }
  if (settings.expiryNoticeDays >= settings.protectionDays) {
    problem(['expiryNoticeDays'], `must be less than protectionDays (${settings.protectionDays}), got ${settings.expiryNoticeDays}`);
  }
  const { days, start, end, holidays } = settings.businessHours;
  if (start >= end) problem(['businessHours', 'end'], `must be later than start (${start}), got "${end}"`);
  days.forEach((day, index) => {
    if (days.indexOf(day) !== index) problem(['businessHours', 'days', index], `"${day}" is listed twice`);
  });
  holidays.forEach((holiday, index) => {
    if (!isIsoDate(holiday)) problem(['businessHours', 'holidays', index], `expected a YYYY-MM-DD date, got "${holiday}"`);
  });
  settings.requiredFields.forEach((field, index) => {
    if (settings.requiredFields.indexOf(field) !== index) problem(['requiredFields', index], `"${field}" is listed twice`);
  });
  if (!settings.requiredFields.includes('customerDomain') && !settings.requiredFields.includes('customerContactEmail')) {
    problem(['requiredFields'], 'must include customerDomain or customerContactEmail: the conflict check needs a domain');
  }
}

/** Deal registration and channel conflict settings (docs/registrations.md). */
export const registrationSettingsSchema = z
  .object({
    /** Hours the vendor has to decide a registration. Default 48. */
    decisionHours: z.number().int().positive(),
    /** Count only `businessHours` toward the decision hours. Default false (every hour counts). */
    businessHoursOnly: z.boolean(),
    businessHours,
    /** Hours after submission when the owner is reminded. Default 24 (half time). */
    reminderHours: z.number().int().positive(),
    /** Hours after submission when the escalation task is created. Default 40. */
    escalationHours: z.number().int().positive(),
    /** HubSpot owner id who gets escalation tasks; null means the partner's owner. Default null. */
    escalationOwnerId: z.string().regex(/^\d+$/, 'expected a HubSpot owner id (digits)').nullable(),
    /** Days an approval protects the partner's claim, counted from the approval date. Default 90. */
    protectionDays: z.number().int().positive(),
    /** Days one extension adds to the protection. Default 30. */
    extensionDays: z.number().int().positive(),
    /** How many times a protection can be extended. Default 1. */
    maxExtensions: z.number().int().min(0),
    /** Days before the protection lapses when the partner is told. Default 14. */
    expiryNoticeDays: z.number().int().min(0),
    conflict: conflictRules,
    /** Fields a partner must fill in to register. */
    requiredFields: z.array(z.enum(REGISTRATION_FIELDS)).min(1),
  })
  .strict()
  .superRefine(checkSettings);

export type RegistrationSettings = z.infer<typeof registrationSettingsSchema>;

/** The defaults of docs/registrations.md, "Settings". */
export const DEFAULT_REGISTRATION_SETTINGS: RegistrationSettings = {
  decisionHours: 48,
  businessHoursOnly: false,
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', holidays: [] },
  reminderHours: 24,
  escalationHours: 40,
  escalationOwnerId: null,
  protectionDays: 90,
  extensionDays: 30,
  maxExtensions: 1,
  expiryNoticeDays: 14,
  conflict: { recentWinMonths: 12, matchCompanyNames: true, extraFreeMailDomains: [] },
  requiredFields: ['customerCompanyName', 'customerDomain', 'customerContactName', 'customerContactEmail', 'dealName', 'amount', 'expectedCloseDate'],
};
