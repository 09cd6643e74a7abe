import type { RegistrationEvent, RegistrationStatus } from './types.js';

/**
 * The steps each status allows and where they lead (docs/registrations.md, "States"). Rejected,
 * expired, won and lost are final. A deal won or lost while its registration awaits a decision
 * takes the registration with it, because the deal's outcome is a fact, not a request.
 */
export const REGISTRATION_TRANSITIONS: Readonly<Record<RegistrationStatus, Partial<Record<RegistrationEvent['type'], RegistrationStatus>>>> = {
  submitted: { approve: 'approved', reject: 'rejected', win: 'won', lose: 'lost' },
  approved: { extend: 'approved', expire: 'expired', win: 'won', lose: 'lost' },
  rejected: {},
  expired: {},
  won: {},
  lost: {},
};
