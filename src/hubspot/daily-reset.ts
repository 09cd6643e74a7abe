import { DateTime, IANAZone } from 'luxon';

/**
 * When HubSpot's daily API limit resets next, after `nowMs`.
 *
 * HubSpot resets the daily limit "at midnight based on the time zone setting of the HubSpot
 * account" (API usage guidelines). With that zone known (`HUBSPOT_ACCOUNT_TIME_ZONE`) the answer is
 * the next local midnight. Without it the reset is unknowable, and guessing UTC midnight would be
 * wrong by up to a day: for an account in New York, UTC midnight comes five hours before the
 * reset, the first call after it is rejected again and would pause until the *next* UTC midnight.
 * So an unknown zone answers the next whole hour instead: local midnights fall on a whole UTC hour
 * in almost every zone, and one rejected probe an hour is a small price.
 */
export function nextDailyReset(nowMs: number, accountTimeZone?: string): number {
  if (accountTimeZone && IANAZone.isValidZone(accountTimeZone)) {
    return DateTime.fromMillis(nowMs, { zone: accountTimeZone }).startOf('day').plus({ days: 1 }).toMillis();
  }
  return DateTime.fromMillis(nowMs, { zone: 'utc' }).startOf('hour').plus({ hours: 1 }).toMillis();
}
