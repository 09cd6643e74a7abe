import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/errors.js';
import { addDecisionHours } from '../../../../src/domain/registrations/add-decision-hours.js';
import { assessRegistrationSla } from '../../../../src/domain/registrations/assess-registration-sla.js';
import { planRegistrationSla } from '../../../../src/domain/registrations/plan-registration-sla.js';
import { settings } from './registration-factories.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const BERLIN = 'Europe/Berlin';
const businessHours = (overrides: Partial<ReturnType<typeof settings>['businessHours']> = {}) =>
  settings({ businessHoursOnly: true, businessHours: { ...settings().businessHours, ...overrides } });

describe('addDecisionHours', () => {
  describe('counting every hour (the default)', () => {
    it('is due 48 hours after submission', () => {
      expect(iso(addDecisionHours(at('2026-12-04T10:00:00Z'), 48, settings(), BERLIN))).toBe('2026-12-06T10:00:00.000Z');
    });

    it('counts elapsed hours across a daylight-saving change, not wall-clock ones', () => {
      expect(iso(addDecisionHours(at('2027-03-27T10:00:00Z'), 48, settings(), BERLIN))).toBe('2027-03-29T10:00:00.000Z');
    });
  });

  describe('counting business hours only', () => {
    it('skips the weekend', () => {
      // Friday 15:00 in Berlin: 2 hours on Friday, 8 on Monday, 6 on Tuesday.
      expect(iso(addDecisionHours(at('2026-12-04T14:00:00Z'), 16, businessHours(), BERLIN))).toBe('2026-12-08T14:00:00.000Z');
    });

    it('runs 48 business hours over six working days', () => {
      expect(iso(addDecisionHours(at('2026-12-04T14:00:00Z'), 48, businessHours(), BERLIN))).toBe('2026-12-14T14:00:00.000Z');
    });

    it('keeps local opening hours across the spring daylight-saving change', () => {
      // Friday 26 March 2027 15:00 CET; clocks go forward on Sunday; Tuesday 15:00 CEST is 13:00 UTC.
      expect(iso(addDecisionHours(at('2027-03-26T14:00:00Z'), 16, businessHours(), BERLIN))).toBe('2027-03-30T13:00:00.000Z');
    });

    it('keeps local opening hours across the autumn daylight-saving change', () => {
      // Friday 23 October 2026 15:00 CEST; clocks go back on Sunday; Tuesday 15:00 CET is 14:00 UTC.
      expect(iso(addDecisionHours(at('2026-10-23T13:00:00Z'), 16, businessHours(), BERLIN))).toBe('2026-10-27T14:00:00.000Z');
    });

    it('starts a clock submitted at the weekend at the next opening', () => {
      expect(iso(addDecisionHours(at('2026-12-05T19:00:00Z'), 8, businessHours(), BERLIN))).toBe('2026-12-07T16:00:00.000Z');
    });

    it('starts a clock submitted before opening at the opening', () => {
      expect(iso(addDecisionHours(at('2026-12-07T05:00:00Z'), 1, businessHours(), BERLIN))).toBe('2026-12-07T09:00:00.000Z');
    });

    it('ends at closing time when the hours fill the day exactly', () => {
      expect(iso(addDecisionHours(at('2026-12-07T08:00:00Z'), 8, businessHours(), BERLIN))).toBe('2026-12-07T16:00:00.000Z');
    });

    it('skips holidays', () => {
      // Thursday 24 December 15:00, Friday 25 a holiday: 2 hours on Thursday, 6 on Monday 28.
      const holidays = businessHours({ holidays: ['2026-12-25'] });
      expect(iso(addDecisionHours(at('2026-12-24T14:00:00Z'), 8, holidays, BERLIN))).toBe('2026-12-28T14:00:00.000Z');
    });

    it('follows the configured days and hours', () => {
      const weekend = businessHours({ days: ['sat', 'sun'], start: '10:00', end: '14:00' });
      expect(iso(addDecisionHours(at('2026-12-04T14:00:00Z'), 6, weekend, 'UTC'))).toBe('2026-12-06T12:00:00.000Z');
    });

    it('refuses an unknown time zone', () => {
      let error: unknown;
      try {
        addDecisionHours(at('2026-12-04T14:00:00Z'), 8, businessHours(), 'Mars/Olympus');
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    });
  });
});

describe('planRegistrationSla', () => {
  it('reminds at 24 hours, escalates at 40 and is due at 48 by default', () => {
    const plan = planRegistrationSla(at('2026-12-04T10:00:00Z'), settings(), 'UTC');
    expect({ reminderAt: iso(plan.reminderAt), escalationAt: iso(plan.escalationAt), dueAt: iso(plan.dueAt) }).toEqual({
      reminderAt: '2026-12-05T10:00:00.000Z',
      escalationAt: '2026-12-06T02:00:00.000Z',
      dueAt: '2026-12-06T10:00:00.000Z',
    });
  });

  it('counts every step in business hours when the program says so', () => {
    const plan = planRegistrationSla(at('2026-12-04T14:00:00Z'), businessHours(), BERLIN);
    expect(iso(plan.reminderAt)).toBe('2026-12-09T14:00:00.000Z');
  });
});

describe('assessRegistrationSla', () => {
  const plan = planRegistrationSla(at('2026-12-04T10:00:00Z'), settings(), 'UTC');
  const waiting = { status: 'submitted' as const, decidedAt: null };

  it('has nothing due before half time and counts down to the deadline', () => {
    expect(assessRegistrationSla(plan, waiting, at('2026-12-05T09:00:00Z'))).toEqual({ due: [], breached: false, remainingMs: 25 * 3_600_000 });
  });

  it('has the reminder due from half time, then the escalation', () => {
    expect(assessRegistrationSla(plan, waiting, at('2026-12-05T10:00:00Z')).due).toEqual(['remind']);
    expect(assessRegistrationSla(plan, waiting, at('2026-12-06T02:00:00Z')).due).toEqual(['remind', 'escalate']);
  });

  it('is breached at the deadline, and the registration still waits for a person', () => {
    expect(assessRegistrationSla(plan, waiting, at('2026-12-06T10:00:00Z'))).toEqual({ due: ['remind', 'escalate', 'breach'], breached: true, remainingMs: 0 });
  });

  it('has nothing due once decided, and is breached only if decided late', () => {
    const onTime = { status: 'approved' as const, decidedAt: at('2026-12-06T10:00:00Z') };
    const late = { status: 'rejected' as const, decidedAt: at('2026-12-06T10:00:01Z') };
    expect(assessRegistrationSla(plan, onTime, at('2026-12-08T00:00:00Z'))).toEqual({ due: [], breached: false, remainingMs: null });
    expect(assessRegistrationSla(plan, late, at('2026-12-08T00:00:00Z'))).toEqual({ due: [], breached: true, remainingMs: null });
  });
});
