import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextDailyReset } from '../../../src/hubspot/daily-reset.js';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const iso = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO();

describe('nextDailyReset', () => {
  it('is the next midnight in the account time zone', () => {
    expect(iso(nextDailyReset(at('2026-11-03T19:30:00-05:00'), 'America/New_York'), 'America/New_York')).toBe('2026-11-04T00:00:00.000-05:00');
  });

  it('follows the zone across a daylight-saving change', () => {
    // Berlin leaves summer time on 25 Oct 2026; the midnight after is at +01:00.
    expect(iso(nextDailyReset(at('2026-10-25T10:00:00+01:00'), 'Europe/Berlin'), 'Europe/Berlin')).toBe('2026-10-26T00:00:00.000+01:00');
  });

  it('is the next midnight even one millisecond after the last one', () => {
    expect(iso(nextDailyReset(at('2026-11-04T00:00:00.001+09:00'), 'Asia/Tokyo'), 'Asia/Tokyo')).toBe('2026-11-05T00:00:00.000+09:00');
  });

  it('is the next whole UTC hour when the account time zone is unknown', () => {
    expect(iso(nextDailyReset(at('2026-11-03T19:30:00Z')), 'utc')).toBe('2026-11-03T20:00:00.000Z');
  });

  it('treats an invalid zone as unknown', () => {
    expect(iso(nextDailyReset(at('2026-11-03T19:30:00Z'), 'Mars/Olympus'), 'utc')).toBe('2026-11-03T20:00:00.000Z');
  });
});
