import { describe, expect, it } from 'vitest';
import { planPartnerWakes } from '../../../src/lifecycle/plan-partner-wakes.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { aContact, aPartner } from '../../support/partner-factories.js';

// Sales Fundamentals is valid one year: earned 2025-04-20, it expires 2026-04-20. Berlin moves its
// clocks forward on 2026-03-29, between the 30-day (03-21) and 14-day (04-06) reminders.
const berlinPartner = () =>
  aPartner({
    timeZone: 'Europe/Berlin',
    contacts: [aContact({ contactId: 'c1', certificationsEarnedOn: { sales_fundamentals: '2025-04-20' } })],
  });

describe('partner wake plan', () => {
  it('wakes for the next reminder at 09:00 Berlin winter time (08:00 UTC)', () => {
    const plan = planPartnerWakes(berlinPartner(), DEFAULT_PROGRAM, Date.parse('2026-03-01T12:00:00Z'));

    expect(new Date(plan.nextReminderAt ?? 0).toISOString()).toBe('2026-03-21T08:00:00.000Z');
  });

  it('wakes for the reminder after the DST change at 09:00 Berlin summer time (07:00 UTC)', () => {
    const plan = planPartnerWakes(berlinPartner(), DEFAULT_PROGRAM, Date.parse('2026-03-21T08:00:01Z'));

    expect(new Date(plan.nextReminderAt ?? 0).toISOString()).toBe('2026-04-06T07:00:00.000Z');
  });

  it('has the reminder whose time just passed due now, and only that one', () => {
    const plan = planPartnerWakes(berlinPartner(), DEFAULT_PROGRAM, Date.parse('2026-03-21T08:00:01Z'));

    expect(plan.dueReminders.map((due) => [due.held.contactId, due.reminder.offsetDays])).toEqual([['c1', 30]]);
  });

  it('wakes for the status change at local midnight of the first expiring day', () => {
    // Expiring starts 29 days before expiry: 2026-03-22, 00:00 in Berlin is 23:00 UTC the day before.
    const plan = planPartnerWakes(berlinPartner(), DEFAULT_PROGRAM, Date.parse('2026-03-01T12:00:00Z'));

    expect(new Date(plan.nextStatusChangeAt ?? 0).toISOString()).toBe('2026-03-21T23:00:00.000Z');
  });

  it('has nothing to wake for when no one holds a certification and there is no recent activity', () => {
    const plan = planPartnerWakes(aPartner({ contacts: [aContact()] }), DEFAULT_PROGRAM, Date.parse('2026-03-01T12:00:00Z'));

    expect([plan.nextReminderAt, plan.nextStatusChangeAt, plan.dueReminders]).toEqual([null, null, []]);
  });

  it('wakes at local midnight of the day a certification with a future earned date starts to count', () => {
    const partner = aPartner({
      timeZone: 'Europe/Berlin',
      contacts: [aContact({ contactId: 'c1', certificationsEarnedOn: { sales_fundamentals: '2025-04-20', technical_associate: '2026-03-10' } })],
    });
    const plan = planPartnerWakes(partner, DEFAULT_PROGRAM, Date.parse('2026-03-01T12:00:00Z'));

    // Before Sales Fundamentals starts expiring (2026-03-22): 2026-03-10, 00:00 in Berlin.
    expect(new Date(plan.nextStatusChangeAt ?? 0).toISOString()).toBe('2026-03-09T23:00:00.000Z');
  });
});
