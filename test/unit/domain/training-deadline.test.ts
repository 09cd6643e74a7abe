import { describe, expect, it } from 'vitest';
import { trainingDeadline } from '../../../src/domain/training-deadline.js';
import { isAppError } from '../../../src/errors.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('training deadline', () => {
  it('ends at the end of the local day the duration later', () => {
    const deadline = trainingDeadline(Date.parse('2026-03-02T10:00:00Z'), 1, 'UTC');
    expect(deadline.date).toBe('2026-03-09');
    expect(iso(deadline.at)).toBe('2026-03-09T23:59:59.999Z');
  });

  it('ends at local midnight after a DST change in between', () => {
    const deadline = trainingDeadline(new Date('2026-03-25T11:00:00Z'), 1, 'Europe/Berlin');
    expect(deadline.date).toBe('2026-04-01');
    expect(iso(deadline.at)).toBe('2026-04-01T21:59:59.999Z'); // 23:59:59.999 CEST
  });

  it('counts from the local date of acceptance, not the UTC one', () => {
    // 03:00 UTC on 5 January is 22:00 on 4 January in New York.
    const deadline = trainingDeadline(Date.parse('2026-01-05T03:00:00Z'), 2, 'America/New_York');
    expect(deadline.date).toBe('2026-01-18');
    expect(iso(deadline.at)).toBe('2026-01-19T04:59:59.999Z');
  });

  it('rejects an unknown time zone with INVALID_INPUT', () => {
    let caught: unknown;
    try {
      trainingDeadline(0, 1, 'Nowhere/Land');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
  });
});
