import type { RegistrationSettings } from '../../program/registration-settings.js';
import { AppError } from '../../errors.js';
import { todayIn } from '../calendar-date.js';
import { isRegistrationExpiryDue } from './is-registration-expiry-due.js';
import { protectionExpiresOn } from './protection-expires-on.js';
import { REGISTRATION_TRANSITIONS } from './registration-transitions.js';
import type { RegistrationEvent, RegistrationState } from './types.js';

/** `details` of the error a refused step throws, so callers can tell it from other bad input. */
export interface RegistrationTransitionRefusal {
  refused: 'registration_transition';
  from: RegistrationState['status'];
  event: RegistrationEvent['type'];
}

const VERB: Record<RegistrationEvent['type'], string> = {
  approve: 'approved',
  reject: 'rejected',
  extend: 'extended',
  expire: 'expired',
  win: 'marked won',
  lose: 'marked lost',
};

function refuse(state: RegistrationState, event: RegistrationEvent, why: string): AppError {
  const details: RegistrationTransitionRefusal = { refused: 'registration_transition', from: state.status, event: event.type };
  const article = /^[aeiou]/.test(state.status) ? 'An' : 'A';
  return new AppError('INVALID_INPUT', `${article} ${state.status} registration cannot be ${VERB[event.type]}: ${why}.`, { details });
}

function whyNot(state: RegistrationState): string {
  const allowed = Object.keys(REGISTRATION_TRANSITIONS[state.status]);
  if (allowed.length === 0) return `${state.status} is final`;
  return `it can only be ${allowed.map((type) => VERB[type as RegistrationEvent['type']]).join(', ')}`;
}

/** Where the registration is in the portal's time zone, for the calendar-date rules. */
export interface RegistrationContext {
  settings: RegistrationSettings;
  timeZone: string;
}

/**
 * The registration after `event`, or an `INVALID_INPUT` error that says why not, its details a
 * RegistrationTransitionRefusal (docs/registrations.md, "States"). Approval starts the protection on the approval's date in
 * the portal's time zone; a rejection needs a reason; an extension is granted while the
 * protection runs and at most `maxExtensions` times; a registration expires only after its last
 * protected day. The input is not changed.
 */
export function applyRegistrationEvent(state: RegistrationState, event: RegistrationEvent, context: RegistrationContext): RegistrationState {
  const { settings, timeZone } = context;
  if (REGISTRATION_TRANSITIONS[state.status][event.type] === undefined) throw refuse(state, event, whyNot(state));
  const today = todayIn(timeZone, event.at);
  switch (event.type) {
    case 'approve':
      return { ...state, status: 'approved', decidedAt: event.at, approvedOn: today, expiresOn: protectionExpiresOn(today, 0, settings) };
    case 'reject': {
      const reason = event.reason.trim();
      if (reason === '') throw refuse(state, event, 'a rejection needs a reason for the partner');
      return { ...state, status: 'rejected', decidedAt: event.at, rejectionReason: reason };
    }
    case 'extend': {
      if (state.extensionsUsed >= settings.maxExtensions) {
        const allowed = settings.maxExtensions === 1 ? 'once' : `${settings.maxExtensions} times`;
        throw refuse(state, event, `the program allows extending ${allowed} and it has been extended ${state.extensionsUsed} time(s)`);
      }
      if (state.approvedOn === null || state.expiresOn === null) throw refuse(state, event, 'it has no approval date');
      if (today > state.expiresOn) throw refuse(state, event, `its protection ended on ${state.expiresOn}`);
      const extensionsUsed = state.extensionsUsed + 1;
      return { ...state, extensionsUsed, expiresOn: protectionExpiresOn(state.approvedOn, extensionsUsed, settings) };
    }
    case 'expire':
      if (!isRegistrationExpiryDue(state, today)) throw refuse(state, event, `it is protected until ${state.expiresOn ?? 'its decision'}`);
      return { ...state, status: 'expired', closedAt: event.at };
    case 'win':
      return { ...state, status: 'won', closedAt: event.at };
    case 'lose':
      return { ...state, status: 'lost', closedAt: event.at };
  }
}
