import type { RegistrationSlaPlan } from './plan-registration-sla.js';
import type { Instant, RegistrationStatus } from './types.js';

/** A step of the decision clock that has come due. */
export type SlaStep = 'remind' | 'escalate' | 'breach';

export interface RegistrationSlaAssessment {
  /** Steps whose time has come while the registration waits, in order; the caller does each once. */
  due: SlaStep[];
  /** `pe_registration_sla_breached`: still undecided at the deadline, or decided after it. */
  breached: boolean;
  /** Milliseconds left to decide (0 once passed); null once decided. */
  remainingMs: number | null;
}

/**
 * Where a registration stands on its decision clock at `now`. Passing the deadline does not
 * decide anything: the registration stays submitted, marked breached, and is still decided by a
 * person (docs/registrations.md, "Decision deadline").
 */
export function assessRegistrationSla(
  plan: RegistrationSlaPlan,
  registration: { status: RegistrationStatus; decidedAt: Instant | null },
  now: Instant,
): RegistrationSlaAssessment {
  if (registration.status !== 'submitted') {
    const decidedAt = registration.decidedAt ?? now;
    return { due: [], breached: decidedAt > plan.dueAt, remainingMs: null };
  }
  const due: SlaStep[] = [];
  if (now >= plan.reminderAt) due.push('remind');
  if (now >= plan.escalationAt) due.push('escalate');
  if (now >= plan.dueAt) due.push('breach');
  return { due, breached: now >= plan.dueAt, remainingMs: Math.max(0, plan.dueAt - now) };
}
