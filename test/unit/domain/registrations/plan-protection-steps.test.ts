import { describe, expect, it } from 'vitest';
import { planProtectionSteps } from '../../../../src/domain/registrations/plan-protection-steps.js';
import { DEFAULT_REGISTRATION_SETTINGS } from '../../../../src/program/registration-settings.js';

describe('the notice and expiry of a protection', () => {
  it('tells the partner 14 days before the last protected day and expires at the start of the day after it', () => {
    expect(planProtectionSteps('2027-03-06', DEFAULT_REGISTRATION_SETTINGS, 'UTC')).toEqual({
      noticeOn: '2027-02-20',
      noticeAt: Date.parse('2027-02-20T00:00:00Z'),
      expireAt: Date.parse('2027-03-07T00:00:00Z'),
    });
  });

  it("follows the portal's time zone, daylight saving included", () => {
    // Berlin: CET (+01:00) on 20 February, CEST (+02:00) from 28 March 2027.
    expect(planProtectionSteps('2027-04-05', DEFAULT_REGISTRATION_SETTINGS, 'Europe/Berlin')).toEqual({
      noticeOn: '2027-03-22',
      noticeAt: Date.parse('2027-03-21T23:00:00Z'),
      expireAt: Date.parse('2027-04-05T22:00:00Z'),
    });
    expect(planProtectionSteps('2027-03-06', { ...DEFAULT_REGISTRATION_SETTINGS, expiryNoticeDays: 7 }, 'America/New_York').noticeAt).toBe(Date.parse('2027-02-27T05:00:00Z'));
  });
});
