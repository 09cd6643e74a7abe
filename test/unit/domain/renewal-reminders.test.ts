import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planRenewalReminders } from '../../../src/domain/plan-renewal-reminders.js';
import { reminderKey } from '../../../src/domain/reminder-key.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aProgram } from '../../support/partner-factories.js';

const at = (iso: string) => Date.parse(iso);
const utc = (ms: number) => new Date(ms).toISOString();
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');

function plan(expiresOn: string, timeZone: string, firstSeenAt: number, now = firstSeenAt, program = DEFAULT_PROGRAM) {
  return planRenewalReminders({ expiresOn, timeZone, program, firstSeenAt, now });
}

describe('renewal reminder times', () => {
  it('plans one reminder per offset at 09:00 local, across the Berlin spring change', () => {
    const reminders = plan('2026-04-05', 'Europe/Berlin', at('2026-01-01T00:00:00Z'));
    expect(reminders.map((r) => [r.offsetDays, r.dueOn, utc(r.dueAt), r.status])).toEqual([
      [60, '2026-02-04', '2026-02-04T08:00:00.000Z', 'scheduled'],
      [30, '2026-03-06', '2026-03-06T08:00:00.000Z', 'scheduled'],
      [14, '2026-03-22', '2026-03-22T08:00:00.000Z', 'scheduled'],
      [7, '2026-03-29', '2026-03-29T07:00:00.000Z', 'scheduled'], // the day clocks go forward
    ]);
  });

  it('keeps 09:00 local across the Berlin autumn change', () => {
    const reminders = plan('2026-11-01', 'Europe/Berlin', at('2026-01-01T00:00:00Z'));
    expect(reminders.map((r) => local(r.dueAt, 'Europe/Berlin'))).toEqual([
      '2026-09-02 09:00',
      '2026-10-02 09:00',
      '2026-10-18 09:00',
      '2026-10-25 09:00',
    ]);
    expect(utc(reminders[2]!.dueAt)).toBe('2026-10-18T07:00:00.000Z');
    expect(utc(reminders[3]!.dueAt)).toBe('2026-10-25T08:00:00.000Z'); // the day clocks go back
  });

  it('keeps 09:00 local across the New York spring change', () => {
    const reminders = plan('2026-03-15', 'America/New_York', at('2025-12-01T00:00:00Z'));
    expect(utc(reminders[2]!.dueAt)).toBe('2026-03-01T14:00:00.000Z'); // EST
    expect(utc(reminders[3]!.dueAt)).toBe('2026-03-08T13:00:00.000Z'); // EDT, the day of the change
  });

  it('keeps 09:00 local across the New York autumn change', () => {
    const reminders = plan('2026-11-08', 'America/New_York', at('2026-01-01T00:00:00Z'));
    expect(utc(reminders[3]!.dueAt)).toBe('2026-11-01T14:00:00.000Z'); // EST, the day of the change
    expect(utc(reminders[2]!.dueAt)).toBe('2026-10-25T13:00:00.000Z'); // EDT
  });

  it('moves a reminder time that does not exist on a spring-change day forward by the gap', () => {
    const program = aProgram({ reminderTime: '02:30', reminderOffsetsDays: [7] });
    const [reminder] = plan('2026-04-05', 'Europe/Berlin', at('2026-01-01T00:00:00Z'), undefined, program);
    expect(local(reminder!.dueAt, 'Europe/Berlin')).toBe('2026-03-29 03:30');
  });

  it('follows the program offsets and time, each offset once, earliest first', () => {
    const program = aProgram({ reminderTime: '17:30', reminderOffsetsDays: [10, 45, 10] });
    const reminders = plan('2026-06-30', 'UTC', at('2026-01-01T00:00:00Z'), undefined, program);
    expect(reminders.map((r) => [r.offsetDays, utc(r.dueAt)])).toEqual([
      [45, '2026-05-16T17:30:00.000Z'],
      [10, '2026-06-20T17:30:00.000Z'],
    ]);
  });
});

describe('missed reminders', () => {
  it('sends only the latest missed reminder at once when first seen late, and skips the earlier ones', () => {
    const reminders = plan('2026-06-30', 'UTC', at('2026-06-10T12:00:00Z')); // 20 days before expiry
    expect(reminders.map((r) => [r.offsetDays, r.status])).toEqual([
      [60, 'skipped'],
      [30, 'send-now'],
      [14, 'scheduled'],
      [7, 'scheduled'],
    ]);
  });

  it('counts a reminder due at exactly the moment of planning as missed', () => {
    const reminders = plan('2026-06-30', 'UTC', at('2026-06-16T09:00:00Z'));
    expect(reminders.map((r) => r.status)).toEqual(['skipped', 'skipped', 'send-now', 'scheduled']);
  });

  it('still sends the 7-day reminder when first seen on the expiry day', () => {
    const reminders = plan('2026-06-30', 'UTC', at('2026-06-30T18:00:00Z'));
    expect(reminders.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'send-now']);
  });

  it('sends nothing when first seen after expiry', () => {
    const reminders = plan('2026-06-30', 'UTC', at('2026-07-01T08:00:00Z'));
    expect(reminders.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('judges expiry on the partner calendar date', () => {
    // 2026-07-01T02:00Z is still 30 June in New York: not yet expired there.
    const reminders = plan('2026-06-30', 'America/New_York', at('2026-07-01T02:00:00Z'));
    expect(reminders.at(-1)?.status).toBe('send-now');
  });

  it('gives the same answer when the plan is re-made later', () => {
    const reminders = plan('2026-06-30', 'UTC', at('2026-04-01T00:00:00Z'), at('2026-06-20T00:00:00Z'));
    expect(reminders.map((r) => r.status)).toEqual(['skipped', 'skipped', 'send-now', 'scheduled']);
  });
});

describe('reminder key', () => {
  it('identifies a reminder by contact, certification, expiry and offset, without a colon', () => {
    const key = reminderKey('101', 'sales_fundamentals', '2026-06-30', 14);
    expect(key).toBe('renewal-reminder/101/sales_fundamentals/2026-06-30/14');
    expect(key).not.toContain(':');
  });

  it('is new for a renewed certification', () => {
    expect(reminderKey('101', 'sales_fundamentals', '2027-06-30', 14)).not.toBe(reminderKey('101', 'sales_fundamentals', '2026-06-30', 14));
  });
});
