import type { RegistrationField, RegistrationSettings } from '../../program/registration-settings.js';
import { isCalendarDate } from '../calendar-date.js';
import type { CalendarDate } from '../types.js';
import { isFreeMailDomain } from './is-free-mail-domain.js';
import { registrableDomain } from './registrable-domain.js';

/** What a partner sends to register a deal; any field may be missing until the rules say otherwise. */
export interface RegistrationSubmission {
  customerCompanyName?: string | null;
  /** Website or domain of the customer company. */
  customerDomain?: string | null;
  customerContactName?: string | null;
  customerContactEmail?: string | null;
  dealName?: string | null;
  /** Expected amount in minor units (cents) of the portal's company currency. */
  amount?: number | null;
  /** YYYY-MM-DD. */
  expectedCloseDate?: string | null;
  description?: string | null;
}

export interface SubmissionProblem {
  field: RegistrationField;
  message: string;
}

export interface SubmissionCheck {
  /** The submission cannot be accepted until these are fixed. */
  problems: SubmissionProblem[];
  /** Accepted, but the partner and the approver should know. */
  warnings: SubmissionProblem[];
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Checks a submission against the fields the program requires and the shape of each field given
 * (docs/registrations.md, "What the partner gives"). Every problem names its field, so a form can
 * show it beside the input; nothing here looks at other registrations.
 */
export function checkRegistrationSubmission(
  submission: RegistrationSubmission,
  settings: RegistrationSettings,
  today: CalendarDate,
): SubmissionCheck {
  const problems: SubmissionProblem[] = [];
  const warnings: SubmissionProblem[] = [];
  for (const field of settings.requiredFields) {
    if (isBlank(submission[field])) problems.push({ field, message: 'is required' });
  }
  const { customerDomain: website, customerContactEmail: email, amount, expectedCloseDate: closeDate } = submission;
  if (!isBlank(website)) {
    const domain = registrableDomain(website!);
    if (domain === null) {
      problems.push({ field: 'customerDomain', message: `"${website!.trim()}" is not a company domain (expected something like acme.com)` });
    } else if (isFreeMailDomain(domain, settings.conflict.extraFreeMailDomains)) {
      warnings.push({ field: 'customerDomain', message: `${domain} is a free-mail domain, not the customer's; the customer will be matched by its contact's email or name` });
    }
  }
  if (!isBlank(email)) {
    if (!EMAIL.test(email!.trim()) || registrableDomain(email!) === null) {
      problems.push({ field: 'customerContactEmail', message: `"${email!.trim()}" is not an email address` });
    }
  }
  if (amount !== undefined && amount !== null && (!Number.isSafeInteger(amount) || amount < 0)) {
    problems.push({ field: 'amount', message: `expected a whole, non-negative amount in cents, got ${String(amount)}` });
  }
  if (!isBlank(closeDate)) {
    if (!isCalendarDate(closeDate)) problems.push({ field: 'expectedCloseDate', message: `expected a YYYY-MM-DD date, got "${closeDate!}"` });
    else if (closeDate! < today) warnings.push({ field: 'expectedCloseDate', message: `${closeDate!} is already past` });
  }
  return { problems, warnings };
}
