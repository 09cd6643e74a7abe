import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDecisionHours } from '../../../../src/domain/registrations/add-decision-hours.js';
import { settings } from './registration-factories.js';

const zone = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata');
// 2026 to 2028: several daylight-saving changes in every zone that has them.
const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') });
const hours = fc.integer({ min: 0, max: 120 });
const businessOnly = settings({ businessHoursOnly: true, businessHours: { ...settings().businessHours, holidays: ['2026-12-25', '2027-01-01'] } });

describe('addDecisionHours, for any start, zone and hours', () => {
  it('counting every hour, adds exactly that many elapsed hours', () => {
    fc.assert(fc.property(instant, hours, zone, (start, h, tz) => {
      expect(addDecisionHours(start, h, settings(), tz) - start).toBe(h * 3_600_000);
    }));
  });

  it('in business hours, never ends earlier for more hours', () => {
    fc.assert(fc.property(instant, hours, hours, zone, (start, a, b, tz) => {
      const [fewer, more] = a <= b ? [a, b] : [b, a];
      expect(addDecisionHours(start, more, businessOnly, tz)).toBeGreaterThanOrEqual(addDecisionHours(start, fewer, businessOnly, tz));
    }));
  });

  it('adds nothing for no hours, even outside business hours', () => {
    fc.assert(fc.property(instant, zone, (start, tz) => {
      expect(addDecisionHours(start, 0, businessOnly, tz)).toBe(start);
    }));
  });

  it('in business hours, a + b hours is a hours then b more', () => {
    fc.assert(fc.property(instant, hours, hours, zone, (start, a, b, tz) => {
      const inSteps = addDecisionHours(addDecisionHours(start, a, businessOnly, tz), b, businessOnly, tz);
      expect(inSteps).toBe(addDecisionHours(start, a + b, businessOnly, tz));
    }));
  });

  it('in business hours, ends inside a working day, never on a weekend or holiday', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 1, max: 120 }), zone, (start, h, tz) => {
      const end = DateTime.fromMillis(addDecisionHours(start, h, businessOnly, tz), { zone: tz });
      expect(end.weekday).toBeLessThanOrEqual(5);
      expect(businessOnly.businessHours.holidays).not.toContain(end.toISODate());
      const opening = end.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
      const closing = end.set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
      expect(end > opening && end <= closing).toBe(true);
    }));
  });
});
