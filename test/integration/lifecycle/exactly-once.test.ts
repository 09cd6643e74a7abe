import { afterEach, describe, expect, inject, it } from 'vitest';
import type { RunningLifecycleWorker } from '../../../src/lifecycle/start-lifecycle-worker.js';
import { createPartner, startLifecycleRig, tasksOf, type LifecycleRig } from './lifecycle-harness.js';

const redisUrl = inject('redisUrl');
let rig: LifecycleRig;
let workers: RunningLifecycleWorker[] = [];

afterEach(async () => {
  await Promise.allSettled(workers.map((worker) => worker.close()));
  workers = [];
  await rig?.stop();
});

async function waitForIdle(worker: RunningLifecycleWorker): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const counts = await worker.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((count) => count === 0)) return;
    if (Date.now() > deadline) throw new Error('lifecycle sweeps did not finish');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('renewal reminders with several workers', () => {
  it('are sent once each by two workers sweeping at once, and again once after both restart', async () => {
    rig = await startLifecycleRig(redisUrl, '2026-02-19T07:00:00Z');
    const partner = createPartner(rig.sandbox, {
      timeZone: 'Europe/Berlin',
      contacts: [
        { firstName: 'Ada', lastName: 'Lovelace', certifications: { sales_fundamentals: '2025-04-20' } },
        { firstName: 'Bob', lastName: 'Babbage', certifications: { sales_fundamentals: '2025-04-20', technical_associate: '2024-04-20' } },
      ],
    });
    await rig.evaluate([partner.companyId]);
    rig.clock.now = Date.parse('2026-02-19T08:00:30Z');

    workers = [await rig.lifecycle.startWorker({ scheduleSweep: false }), await rig.anotherLifecycle().startWorker({ scheduleSweep: false })];
    await Promise.all(workers.flatMap((worker) => [worker.sweepNow(), worker.sweepNow()]));
    await waitForIdle(workers[0]!);
    expect(tasksOf(rig.sandbox, partner.companyId)).toHaveLength(3);
    expect(rig.outbox.outbox).toHaveLength(3);

    // Both stop; the reminders' wake-up comes due again, as if a worker had died holding it.
    await Promise.all(workers.map((worker) => worker.close()));
    await rig.lifecycle.deps.schedule.set([{ portalId: rig.portalId, companyId: partner.companyId, kind: 'reminder', at: rig.clock.now - 1 }]);
    workers = [await rig.anotherLifecycle().startWorker({ scheduleSweep: false }), await rig.anotherLifecycle().startWorker({ scheduleSweep: false })];
    await Promise.all(workers.map((worker) => worker.sweepNow()));
    await waitForIdle(workers[0]!);

    expect(tasksOf(rig.sandbox, partner.companyId)).toHaveLength(3);
    expect(rig.outbox.outbox).toHaveLength(3);
  });

  it('are sent once when two workers wake the same partner at the same moment', async () => {
    rig = await startLifecycleRig(redisUrl, '2026-02-19T07:00:00Z');
    const partner = createPartner(rig.sandbox, {
      timeZone: 'Europe/Berlin',
      contacts: [{ firstName: 'Ada', lastName: 'Lovelace', certifications: { sales_fundamentals: '2025-04-20' } }],
    });
    await rig.evaluate([partner.companyId]);
    rig.clock.now = Date.parse('2026-02-19T08:00:30Z');
    const claim = { portalId: rig.portalId, companyId: partner.companyId, kind: 'reminder' as const, dueAt: rig.clock.now, leaseUntil: rig.clock.now + 60_000 };
    const { processPartnerWakes } = await import('../../../src/lifecycle/process-partner-wakes.js');

    // Both hold the wake-up (one took it over after the other's lease lapsed, say): neither knows of the other.
    await Promise.all([
      processPartnerWakes(rig.lifecycle.deps, rig.portalId, [claim], rig.clock.now),
      processPartnerWakes(rig.anotherLifecycle().deps, rig.portalId, [claim], rig.clock.now),
    ]);

    expect(tasksOf(rig.sandbox, partner.companyId)).toHaveLength(1);
    expect(rig.outbox.outbox).toHaveLength(1);
  });
});
