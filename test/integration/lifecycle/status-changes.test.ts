import { afterEach, describe, expect, inject, it } from 'vitest';
import { createPartner, startLifecycleRig, type LifecycleRig } from './lifecycle-harness.js';

// A trained Berlin partner with two valid certifications is Gold. Ada's Technical Associate
// (two years) expired 2026-01-10; its 30 days of grace end on 2026-02-09, so from 2026-02-10 in
// Berlin (2026-02-09T23:00Z) it no longer counts, and the partner is Silver — with no change in
// HubSpot and no webhook, only the calendar.
const redisUrl = inject('redisUrl');
let rig: LifecycleRig;

afterEach(async () => {
  await rig?.stop();
});

async function goldPartnerInGrace() {
  rig = await startLifecycleRig(redisUrl, '2026-02-09T12:00:00Z');
  const partner = createPartner(rig.sandbox, {
    timeZone: 'Europe/Berlin',
    contacts: [
      { firstName: 'Ada', lastName: 'Lovelace', certifications: { technical_associate: '2024-01-10' } },
      { firstName: 'Bob', lastName: 'Babbage', certifications: { sales_fundamentals: '2025-12-01' } },
    ],
  });
  await rig.evaluate([partner.companyId]);
  return partner;
}

const tierOf = (companyId: string) => rig.sandbox.store.getCompany(companyId)?.properties.pe_tier;

async function sweepAt(iso: string) {
  rig.clock.now = Date.parse(iso);
  const report = await rig.lifecycle.sweep();
  await rig.settle();
  return report;
}

describe('status changes with time', () => {
  it('keep a partner Gold on the last day of grace', async () => {
    const partner = await goldPartnerInGrace();

    const report = await sweepAt('2026-02-09T22:59:30Z');

    expect(report.recalculations).toEqual([]);
    expect(tierOf(partner.companyId)).toBe('gold');
  });

  it('drop a partner from Gold to Silver at midnight in its zone the day a certification leaves grace, with no webhook', async () => {
    const partner = await goldPartnerInGrace();
    const eventsBefore = rig.sandbox.webhooks.events.length;

    const report = await sweepAt('2026-02-09T23:00:30Z');

    expect(report.recalculations).toEqual([partner.companyId]);
    expect(tierOf(partner.companyId)).toBe('silver');
    expect(rig.sandbox.webhooks.events.slice(eventsBefore).filter((event) => event.changeSource !== 'INTEGRATION')).toEqual([]);
  });

  it('catch up after downtime: the first sweep after three days without one drops the partner', async () => {
    const partner = await goldPartnerInGrace();

    await sweepAt('2026-02-12T10:00:00Z');

    expect(tierOf(partner.companyId)).toBe('silver');
  });

  it('plan the next status change once the last one is applied', async () => {
    const partner = await goldPartnerInGrace();

    await sweepAt('2026-02-09T23:00:30Z');

    // Bob's certification starts expiring 29 days before 2026-12-01, at midnight in Berlin.
    expect(await rig.lifecycle.deps.schedule.nextAt(rig.portalId, partner.companyId, 'status')).toBe(Date.parse('2026-11-01T23:00:00Z'));
  });

  it('re-evaluate a partner on the day a certification typed with a future earned date starts to count', async () => {
    // Ada's Technical Associate is entered as earned on 2026-02-15: nothing today, from that day
    // (00:00 Berlin is 2026-02-14T23:00Z) a second valid certification, and the partner is Gold.
    rig = await startLifecycleRig(redisUrl, '2026-02-09T12:00:00Z');
    const partner = createPartner(rig.sandbox, {
      timeZone: 'Europe/Berlin',
      contacts: [
        { firstName: 'Ada', lastName: 'Lovelace', certifications: { technical_associate: '2026-02-15' } },
        { firstName: 'Bob', lastName: 'Babbage', certifications: { sales_fundamentals: '2025-12-01' } },
      ],
    });
    await rig.evaluate([partner.companyId]);
    expect(tierOf(partner.companyId)).toBe('silver');
    await sweepAt('2026-02-09T12:00:30Z');
    expect(await rig.lifecycle.deps.schedule.nextAt(rig.portalId, partner.companyId, 'status')).toBe(Date.parse('2026-02-14T23:00:00Z'));

    const before = await sweepAt('2026-02-14T22:59:30Z');
    expect(before.recalculations).toEqual([]);
    expect(tierOf(partner.companyId)).toBe('silver');

    const onTheDay = await sweepAt('2026-02-14T23:00:30Z');
    expect(onTheDay.recalculations).toEqual([partner.companyId]);
    expect(tierOf(partner.companyId)).toBe('gold');
  });
});
