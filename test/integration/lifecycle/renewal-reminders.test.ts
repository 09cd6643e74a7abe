import { afterEach, describe, expect, inject, it } from 'vitest';
import type { LifecycleSweepReport } from '../../../src/lifecycle/run-lifecycle-sweep.js';
import { createPartner, startLifecycleRig, tasksOf, type LifecycleRig } from './lifecycle-harness.js';

// Ada's Sales Fundamentals (valid one year) was earned 2025-04-20 and expires 2026-04-20. Her
// partner is in Berlin, which moves to summer time on 2026-03-29: the 60- and 30-day reminders
// fall in winter time (09:00 = 08:00 UTC), the 14- and 7-day ones in summer time (07:00 UTC).
const redisUrl = inject('redisUrl');
let rig: LifecycleRig;

afterEach(async () => {
  await rig?.stop();
});

async function berlinPartner(start: string, certifications: Record<string, string> = { sales_fundamentals: '2025-04-20' }) {
  rig = await startLifecycleRig(redisUrl, start);
  const partner = createPartner(rig.sandbox, {
    timeZone: 'Europe/Berlin',
    contacts: [{ firstName: 'Ada', lastName: 'Lovelace', certifications }],
  });
  await rig.evaluate([partner.companyId]);
  return partner;
}

async function sweepAt(iso: string): Promise<LifecycleSweepReport> {
  rig.clock.now = Date.parse(iso);
  const report = await rig.lifecycle.sweep();
  await rig.settle();
  return report;
}

const sentOffsets = (report: LifecycleSweepReport) =>
  report.reminders.filter((reminder) => reminder.outcome === 'sent').map((reminder) => Number(reminder.key.split('/').at(-1)));

describe('renewal reminders', () => {
  it('go out at 09:00 Berlin time before the change to summer time (08:00 UTC)', async () => {
    await berlinPartner('2026-02-15T12:00:00Z');
    await sweepAt('2026-02-19T08:00:30Z');

    expect(sentOffsets(await sweepAt('2026-03-21T07:59:30Z'))).toEqual([]);
    expect(sentOffsets(await sweepAt('2026-03-21T08:00:30Z'))).toEqual([30]);
  });

  it('go out at 09:00 Berlin time after the change to summer time (07:00 UTC)', async () => {
    await berlinPartner('2026-03-21T08:00:30Z');
    await sweepAt('2026-03-21T08:00:30Z');

    expect(sentOffsets(await sweepAt('2026-04-06T06:59:30Z'))).toEqual([]);
    expect(sentOffsets(await sweepAt('2026-04-06T07:00:30Z'))).toEqual([14]);
  });

  it('create a task for the partner owner naming the person, the certification and the days left, on the contact and the company', async () => {
    const partner = await berlinPartner('2026-02-19T07:00:00Z');

    await sweepAt('2026-02-19T08:00:30Z');

    const [task, ...others] = tasksOf(rig.sandbox, partner.companyId);
    expect(others).toEqual([]);
    expect(task?.properties).toMatchObject({
      hs_task_subject: 'Renewal: Ada Lovelace — Sales Fundamentals expires in 60 days',
      hubspot_owner_id: partner.ownerId,
      hs_timestamp: '2026-04-20T07:00:00.000Z',
    });
    expect(rig.sandbox.store.associatedIds('tasks', task!.id, 'contacts')).toEqual(partner.contactIds);
  });

  it('email the holder and land in the audit trail', async () => {
    const partner = await berlinPartner('2026-02-19T07:00:00Z');

    await sweepAt('2026-02-19T08:00:30Z');

    expect(rig.outbox.outbox.map((message) => [message.to, message.subject])).toEqual([
      ['ada@partner.example', 'Your Sales Fundamentals certification expires in 60 days'],
    ]);
    const entries = await rig.audit.forContact(rig.portalId, partner.contactIds[0]!);
    expect(entries.filter((entry) => entry.action === 'reminder.sent').map((entry) => entry.after)).toMatchObject([
      { certificationId: 'sales_fundamentals', expiresOn: '2026-04-20', offsetDays: 60, daysLeft: 60, email: 'memory' },
    ]);
  });

  it('give a certification first seen after two offsets only the latest missed reminder, at once', async () => {
    await berlinPartner('2026-04-01T10:00:00Z');

    const report = await sweepAt('2026-04-01T10:00:00Z');

    expect(sentOffsets(report)).toEqual([30]);
    expect(rig.outbox.outbox).toHaveLength(1);
  });

  it('send nothing for a certification first seen after it expired', async () => {
    await berlinPartner('2026-04-25T10:00:00Z');

    const report = await sweepAt('2026-04-25T10:00:00Z');

    expect(report.reminders).toEqual([]);
  });

  it('stop after a renewal between the 30- and 14-day reminders, and start the next round from the new expiry', async () => {
    const partner = await berlinPartner('2026-03-21T08:00:30Z');
    await sweepAt('2026-03-21T08:00:30Z');
    rig.clock.now = Date.parse('2026-03-25T10:00:00Z');
    rig.sandbox.ui.updateContact(partner.contactIds[0]!, { pe_cert_sales_fundamentals_earned_on: '2026-03-25' });

    expect(sentOffsets(await sweepAt('2026-04-06T07:00:30Z'))).toEqual([]);
    expect(await rig.lifecycle.deps.schedule.nextAt(rig.portalId, partner.companyId, 'reminder')).toBe(Date.parse('2027-01-24T08:00:00Z'));
    const nextRound = await sweepAt('2027-01-24T08:00:30Z');
    expect(nextRound.reminders.map((reminder) => reminder.key)).toEqual([
      `renewal-reminder/${partner.contactIds[0]}/sales_fundamentals/2027-03-25/60`,
    ]);
  });

  it('send nothing for a certification removed before its reminder was due', async () => {
    const partner = await berlinPartner('2026-02-15T12:00:00Z');
    rig.sandbox.ui.updateContact(partner.contactIds[0]!, { pe_cert_sales_fundamentals_earned_on: '' });

    const report = await sweepAt('2026-02-19T08:00:30Z');

    expect(report.reminders).toEqual([]);
    expect(tasksOf(rig.sandbox, partner.companyId)).toEqual([]);
  });
});
