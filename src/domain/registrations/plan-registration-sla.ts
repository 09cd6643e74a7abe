import type { RegistrationSettings } from '../../program/registration-settings.js';
import { addDecisionHours } from './add-decision-hours.js';
import type { Instant } from './types.js';

/** When each step of a registration's decision clock falls. */
export interface RegistrationSlaPlan {
  /** The owner is reminded (half time by default). */
  reminderAt: Instant;
  /** The escalation task is created. */
  escalationAt: Instant;
  /** `pe_registration_due_at`: the decision is due; past it, the SLA is breached. */
  dueAt: Instant;
}

/** The reminder, escalation and deadline of a registration submitted at `submittedAt`. */
export function planRegistrationSla(submittedAt: Instant, settings: RegistrationSettings, timeZone: string): RegistrationSlaPlan {
  return {
    reminderAt: addDecisionHours(submittedAt, settings.reminderHours, settings, timeZone),
    escalationAt: addDecisionHours(submittedAt, settings.escalationHours, settings, timeZone),
    dueAt: addDecisionHours(submittedAt, settings.decisionHours, settings, timeZone),
  };
}
