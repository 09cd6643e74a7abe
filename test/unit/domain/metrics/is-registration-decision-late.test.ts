import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isRegistrationDecisionLate } from '../../../../src/domain/metrics/is-registration-decision-late.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
// Submitted Monday 1 February 2027 at 09:00 UTC: due 48 hours later, Wednesday at 09:00.
const DUE = at('2027-02-03T09:00');

describe('isRegistrationDecisionLate', () => {
  it('is on time when decided before the deadline or exactly at it, whenever it is asked', () => {
    expect(isRegistrationDecisionLate({ dueAt: DUE, decidedAt: at('2027-02-01T19:00') }, at('2027-04-15T12:00'))).toBe(false);
    expect(isRegistrationDecisionLate({ dueAt: DUE, decidedAt: DUE }, at('2027-04-15T12:00'))).toBe(false);
  });

  it('is late when decided one minute after the deadline', () => {
    expect(isRegistrationDecisionLate({ dueAt: DUE, decidedAt: at('2027-02-03T09:01') }, at('2027-04-15T12:00'))).toBe(true);
  });

  it('is late when still undecided once the deadline has passed, and not before', () => {
    expect(isRegistrationDecisionLate({ dueAt: DUE, decidedAt: null }, at('2027-02-03T08:59'))).toBe(false);
    expect(isRegistrationDecisionLate({ dueAt: DUE, decidedAt: null }, DUE)).toBe(true);
    expect(isRegistrationDecisionLate({ dueAt: DUE, decidedAt: null }, at('2027-04-15T12:00'))).toBe(true);
  });
});
