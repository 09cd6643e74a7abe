import type { CalendarDate } from '../types.js';
import type { ExistingRegistration } from './types.js';

/**
 * True while a registration claims its customer: pending a decision, or approved and `today` is
 * not past its last protected day (docs/registrations.md, "Protection").
 */
export function holdsActiveClaim(registration: Pick<ExistingRegistration, 'status' | 'expiresOn'>, today: CalendarDate): boolean {
  if (registration.status === 'submitted') return true;
  if (registration.status !== 'approved') return false;
  return registration.expiresOn === null || registration.expiresOn >= today;
}
