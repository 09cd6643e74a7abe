import { daysBetween, isCalendarDate, todayIn } from '../domain/calendar-date.js';
import type { RegistrationState, RegistrationStatus } from '../domain/registrations/types.js';
import type { CalendarDate } from '../domain/types.js';
import type { RegistrationSettings } from '../program/registration-settings.js';

function instantOf(value: string | null | undefined): number | null {
  if (!value) return null;
  const time = new Date(/^\d+$/.test(value) ? Number(value) : value).getTime();
  return Number.isNaN(time) ? null : time;
}

function dateOf(value: string | null | undefined): CalendarDate | null {
  const day = value?.slice(0, 10) ?? null;
  return isCalendarDate(day) ? day : null;
}

/**
 * A registration's state as its deal's properties carry it. The approval date is the decision's
 * date in the portal's time zone, and the extensions used follow from how far the expiry lies
 * beyond the first protection (docs/registrations.md, "Protection").
 */
export function registrationStateOfDeal(
  properties: Record<string, string | null | undefined>,
  status: RegistrationStatus,
  settings: RegistrationSettings,
  timeZone: string,
): RegistrationState {
  const decidedAt = instantOf(properties.pe_registration_decided_at);
  const expiresOn = dateOf(properties.pe_registration_expires_on);
  const approvedOn = status === 'approved' && decidedAt !== null ? todayIn(timeZone, decidedAt) : null;
  const extra = approvedOn !== null && expiresOn !== null ? daysBetween(approvedOn, expiresOn) - settings.protectionDays : 0;
  const extensionsUsed = settings.extensionDays > 0 ? Math.max(0, Math.round(extra / settings.extensionDays)) : 0;
  return {
    status,
    submittedAt: instantOf(properties.pe_registration_submitted_at) ?? 0,
    decidedAt,
    approvedOn,
    expiresOn,
    extensionsUsed,
    rejectionReason: properties.pe_registration_rejection_reason?.trim() || null,
    closedAt: null,
  };
}
