import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/errors.js';
import { applyRegistrationEvent } from '../../../../src/domain/registrations/apply-registration-event.js';
import { REGISTRATION_TRANSITIONS } from '../../../../src/domain/registrations/registration-transitions.js';
import type { RegistrationEvent, RegistrationState } from '../../../../src/domain/registrations/types.js';
import { aRegistrationState, settings } from './registration-factories.js';

const START = Date.parse('2026-12-04T10:00:00Z');
const DAY = 86_400_000;
const FINAL = new Set(['rejected', 'expired', 'won', 'lost']);

const event = fc.record({
  type: fc.constantFrom('approve', 'reject', 'extend', 'expire', 'win', 'lose'),
  afterDays: fc.integer({ min: 0, max: 60 }),
  reason: fc.constantFrom('', 'Direct deal in progress'),
});

/** Events in time order, each some days after the one before. */
const history = fc.array(event, { maxLength: 12 }).map((events) => {
  let at = START;
  return events.map(({ type, afterDays, reason }): RegistrationEvent => {
    at += afterDays * DAY;
    return type === 'reject' ? { type, at, reason } : { type, at } as RegistrationEvent;
  });
});

const maxExtensions = fc.integer({ min: 0, max: 3 });

describe('applyRegistrationEvent, for any history', () => {
  it('either takes a step the table allows or refuses it and leaves the registration as it was', () => {
    fc.assert(fc.property(history, maxExtensions, (events, max) => {
      const context = { settings: settings({ maxExtensions: max }), timeZone: 'Europe/Berlin' };
      let state: RegistrationState = aRegistrationState({ submittedAt: START });
      for (const step of events) {
        const before = structuredClone(state);
        try {
          state = applyRegistrationEvent(state, step, context);
          expect(REGISTRATION_TRANSITIONS[before.status][step.type]).toBe(state.status);
        } catch (error) {
          expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
          expect(state).toEqual(before);
        }
      }
    }));
  });

  it('never leaves a final status, never extends past the limit and never shortens a protection', () => {
    fc.assert(fc.property(history, maxExtensions, (events, max) => {
      const context = { settings: settings({ maxExtensions: max }), timeZone: 'Europe/Berlin' };
      let state: RegistrationState = aRegistrationState({ submittedAt: START });
      for (const step of events) {
        const before = state;
        try {
          state = applyRegistrationEvent(state, step, context);
        } catch {
          continue;
        }
        if (FINAL.has(before.status)) expect(state).toBe(before);
        expect(state.extensionsUsed).toBeLessThanOrEqual(max);
        if (before.expiresOn !== null && state.expiresOn !== null) expect(state.expiresOn >= before.expiresOn).toBe(true);
        if (state.status === 'approved') expect(state.expiresOn).not.toBeNull();
      }
    }));
  });
});
