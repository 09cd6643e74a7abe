import type { CalendarDate } from '../types.js';
import type { RegistrationState } from './types.js';

/**
 * True when an approved registration was not converted within its protection: `today` is after
 * its last protected day, so it should take the `expire` step.
 */
export function isRegistrationExpiryDue(registration: Pick<RegistrationState, 'status' | 'expiresOn'>, today: CalendarDate): boolean {
  return registration.status === 'approved' && registration.expiresOn !== null && today > registration.expiresOn;
}
