import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../../../src/errors.js';
import { applyRegistrationEvent, type RegistrationTransitionRefusal } from '../../../../src/domain/registrations/apply-registration-event.js';
import { REGISTRATION_TRANSITIONS } from '../../../../src/domain/registrations/registration-transitions.js';
import type { RegistrationEvent, RegistrationState, RegistrationStatus } from '../../../../src/domain/registrations/types.js';
import { aRegistrationState, settings } from './registration-factories.js';

const at = (iso: string) => Date.parse(iso);
const UTC = { settings: settings(), timeZone: 'UTC' };

function refusal(state: RegistrationState, event: RegistrationEvent, context = UTC): AppError {
  try {
    applyRegistrationEvent(state, event, context);
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT')) return error;
    throw error;
  }
  throw new Error(`expected ${event.type} to be refused from ${state.status}`);
}

const approved = () => aRegistrationState({
  status: 'approved',
  decidedAt: at('2026-12-06T10:00:00Z'),
  approvedOn: '2026-12-06',
  expiresOn: '2027-03-06',
});

describe('applyRegistrationEvent', () => {
  it('approves a submitted registration and protects it from the approval date', () => {
    const next = applyRegistrationEvent(aRegistrationState(), { type: 'approve', at: at('2026-12-06T10:00:00Z') }, UTC);
    expect(next).toMatchObject({ status: 'approved', decidedAt: at('2026-12-06T10:00:00Z'), approvedOn: '2026-12-06', expiresOn: '2027-03-06' });
  });

  it("dates the approval in the portal's time zone", () => {
    const tokyo = { settings: settings(), timeZone: 'Asia/Tokyo' };
    const next = applyRegistrationEvent(aRegistrationState(), { type: 'approve', at: at('2026-12-06T23:30:00Z') }, tokyo);
    expect(next).toMatchObject({ approvedOn: '2026-12-07', expiresOn: '2027-03-07' });
  });

  it('rejects with the reason, trimmed', () => {
    const next = applyRegistrationEvent(aRegistrationState(), { type: 'reject', at: at('2026-12-05T10:00:00Z'), reason: '  Direct deal in progress ' }, UTC);
    expect(next).toMatchObject({ status: 'rejected', rejectionReason: 'Direct deal in progress', decidedAt: at('2026-12-05T10:00:00Z') });
  });

  it('refuses a rejection without a reason', () => {
    const error = refusal(aRegistrationState(), { type: 'reject', at: at('2026-12-05T10:00:00Z'), reason: '   ' });
    expect(error.message).toBe('A submitted registration cannot be rejected: a rejection needs a reason for the partner.');
  });

  it('extends the protection once, by 30 days, from its current end', () => {
    const next = applyRegistrationEvent(approved(), { type: 'extend', at: at('2027-03-06T12:00:00Z') }, UTC);
    expect(next).toMatchObject({ status: 'approved', extensionsUsed: 1, expiresOn: '2027-04-05' });
  });

  it('refuses a second extension, naming the limit', () => {
    const extended = { ...approved(), extensionsUsed: 1, expiresOn: '2027-04-05' };
    const error = refusal(extended, { type: 'extend', at: at('2027-03-20T12:00:00Z') });
    expect(error.message).toBe('An approved registration cannot be extended: the program allows extending once and it has been extended 1 time(s).');
  });

  it('allows as many extensions as the program does', () => {
    const twice = { settings: settings({ maxExtensions: 2 }), timeZone: 'UTC' };
    const once = applyRegistrationEvent(approved(), { type: 'extend', at: at('2027-01-01T00:00:00Z') }, twice);
    expect(applyRegistrationEvent(once, { type: 'extend', at: at('2027-01-02T00:00:00Z') }, twice).expiresOn).toBe('2027-05-05');
  });

  it('refuses to extend a protection that has already lapsed', () => {
    const error = refusal(approved(), { type: 'extend', at: at('2027-03-07T00:00:00Z') });
    expect(error.message).toContain('its protection ended on 2027-03-06');
  });

  it('expires an approved registration only after its last protected day', () => {
    expect(refusal(approved(), { type: 'expire', at: at('2027-03-06T23:59:59Z') }).message).toContain('protected until 2027-03-06');
    const next = applyRegistrationEvent(approved(), { type: 'expire', at: at('2027-03-07T00:00:00Z') }, UTC);
    expect(next).toMatchObject({ status: 'expired', closedAt: at('2027-03-07T00:00:00Z') });
  });

  it('records a win or a loss, pending or approved', () => {
    expect(applyRegistrationEvent(approved(), { type: 'win', at: at('2027-01-10T00:00:00Z') }, UTC)).toMatchObject({ status: 'won', closedAt: at('2027-01-10T00:00:00Z') });
    expect(applyRegistrationEvent(aRegistrationState(), { type: 'lose', at: at('2026-12-05T00:00:00Z') }, UTC).status).toBe('lost');
  });

  it('does not change the registration it is given', () => {
    const state = approved();
    const copy = structuredClone(state);
    applyRegistrationEvent(state, { type: 'extend', at: at('2027-01-01T00:00:00Z') }, UTC);
    expect(state).toEqual(copy);
  });

  it('says a final status is final, and what a status allows otherwise', () => {
    const won = aRegistrationState({ status: 'won' });
    expect(refusal(won, { type: 'approve', at: at('2027-01-01T00:00:00Z') }).message).toBe('A won registration cannot be approved: won is final.');
    expect(refusal(aRegistrationState(), { type: 'extend', at: at('2026-12-05T00:00:00Z') }).message)
      .toBe('A submitted registration cannot be extended: it can only be approved, rejected, marked won, marked lost.');
  });

  const STATUSES: RegistrationStatus[] = ['submitted', 'approved', 'rejected', 'expired', 'won', 'lost'];
  const EVENTS: RegistrationEvent[] = [
    { type: 'approve', at: at('2027-06-01T00:00:00Z') },
    { type: 'reject', at: at('2027-06-01T00:00:00Z'), reason: 'Customer already in a direct deal' },
    { type: 'extend', at: at('2027-01-01T00:00:00Z') },
    { type: 'expire', at: at('2027-06-01T00:00:00Z') },
    { type: 'win', at: at('2027-06-01T00:00:00Z') },
    { type: 'lose', at: at('2027-06-01T00:00:00Z') },
  ];
  const pairs = STATUSES.flatMap((status) => EVENTS.map((event) => [status, event] as const));

  it.each(pairs)('from %s, %o goes where the transition table says, or is refused naming both', (status, event) => {
    const state = status === 'approved' ? approved() : aRegistrationState({ status });
    const target = REGISTRATION_TRANSITIONS[status][event.type];
    if (target === undefined) {
      expect(refusal(state, event).details).toEqual({ refused: 'registration_transition', from: status, event: event.type } satisfies RegistrationTransitionRefusal);
    } else {
      expect(applyRegistrationEvent(state, event, UTC).status).toBe(target);
    }
  });

  it('makes rejected, expired, won and lost final', () => {
    for (const status of ['rejected', 'expired', 'won', 'lost'] as const) expect(REGISTRATION_TRANSITIONS[status]).toEqual({});
  });
});
