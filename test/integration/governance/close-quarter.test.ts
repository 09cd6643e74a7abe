import { afterEach, describe, expect, inject, it } from 'vitest';
import { closeOutputsOf } from '../../../src/governance/compose-close-activities.js';
import { DealFactsStore } from '../../../src/governance/deal-facts-store.js';
import type { TierSnapshot } from '../../../src/governance/quarter-close-store.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Program } from '../../../src/program/program-schema.js';
import { notesOf, partnerIds, QUARTERLY_PROGRAM, replansQueued, startQuarterCloseRig, type QuarterCloseRig } from './quarter-close-harness.js';

const redisUrl = inject('redisUrl');
let rig: QuarterCloseRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const AFTER_Q2 = Date.parse('2026-07-02T12:00:00Z');
const AFTER_Q3 = Date.parse('2026-10-02T12:00:00Z');
const AFTER_Q4 = Date.parse('2027-01-02T12:00:00Z');

/** A HubSpot date value as `YYYY-MM-DD` (the emulator may answer midnight epoch milliseconds). */
function dayOf(value: string | null | undefined): string {
  if (!value) return '';
  return /^\d+$/.test(value) ? new Date(Number(value)).toISOString().slice(0, 10) : value.slice(0, 10);
}

describe('closing a quarter in quarterly mode', () => {
  it('snapshots every partner once, moves the official tier one step after two quarters above it, and notes each change', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const { close } = rig.closer();
    rig.clock.now = AFTER_Q2;
    const q2 = await close.closeQuarter(rig.portalId, '2026Q2');
    expect(q2).toMatchObject({ status: 'closed', resumed: false });
    // A date only the review job may move: the close must leave it as it is.
    for (const id of partnerIds(rig.sandbox)) rig.sandbox.ui.updateCompany(id, { pe_next_tier_review: '2030-01-01' });
    await rig.reviews.queue.drain(true);
    rig.clock.now = AFTER_Q3;
    const q3 = await close.closeQuarter(rig.portalId, '2026Q3');
    expect(q3).toMatchObject({ status: 'closed', partners: partnerIds(rig.sandbox).length });

    const snapshots = await rig.store.snapshotsOfQuarter(rig.portalId, '2026Q3');
    expect(snapshots.map((snapshot) => snapshot.company_id).sort()).toEqual([...partnerIds(rig.sandbox)].sort());
    const previous = new Map((await rig.store.snapshotsOfQuarter(rig.portalId, '2026Q2')).map((snapshot) => [snapshot.company_id, snapshot]));
    let changes = 0;
    for (const snapshot of snapshots) {
      const company = rig.sandbox.store.getCompany(snapshot.company_id)!;
      expect(company.properties.pe_tier ?? 'none').toBe(snapshot.tier_after);
      expect(company.properties.pe_program_status).toBe(snapshot.program_status);
      const notes = notesOf(rig.sandbox, snapshot.company_id).filter((body) => body.includes('close of 2026Q3'));
      if (snapshot.tier_before !== snapshot.tier_after) {
        changes += 1;
        // Two quarters qualifying above "none" advance one tier: the entry tier, never two at once.
        expect(previous.get(snapshot.company_id)!.qualified_tier).not.toBe('none');
        expect(snapshot).toMatchObject({ action: 'advance', tier_before: 'none', tier_after: 'bronze' });
        expect(notes).toHaveLength(1);
      } else {
        expect(notes).toHaveLength(0);
      }
    }
    expect(changes).toBeGreaterThan(0);
    expect(q3).toMatchObject({ notes: changes, changed: changes });
    // The review job owns the review date (docs/governance.md, "Review cadence"): the close asks it
    // to plan each partner whose tier changed, and writes the date of none.
    const retiered = snapshots.filter((snapshot) => snapshot.tier_before !== snapshot.tier_after).map((snapshot) => snapshot.company_id);
    expect(await replansQueued(rig.reviews)).toEqual([...retiered].sort((a, b) => Number(a) - Number(b)));
    for (const id of partnerIds(rig.sandbox)) expect(dayOf(rig.sandbox.store.getCompany(id)!.properties.pe_next_tier_review), id).toBe('2030-01-01');
  });

  it('never runs a finished close again and makes no HubSpot call for it', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const { close } = rig.closer();
    await close.closeQuarter(rig.portalId, '2026Q3');
    rig.sandbox.requests.reset();
    const again = await close.closeQuarter(rig.portalId, '2026Q3');
    expect(again).toMatchObject({ status: 'already-closed', partners: partnerIds(rig.sandbox).length });
    expect(rig.sandbox.requests.count()).toBe(0);
  });

  it('writes only partners whose outputs changed, in batch updates', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const { close } = rig.closer();
    rig.clock.now = AFTER_Q2;
    await close.closeQuarter(rig.portalId, '2026Q2');
    rig.sandbox.requests.reset();
    rig.clock.now = AFTER_Q3;
    await close.closeQuarter(rig.portalId, '2026Q3');
    const previous = new Map((await rig.store.snapshotsOfQuarter(rig.portalId, '2026Q2')).map((snapshot) => [snapshot.company_id, snapshot]));
    const outputs = (snapshot: TierSnapshot) => JSON.stringify(closeOutputsOf(snapshot));
    const changed = (await rig.store.snapshotsOfQuarter(rig.portalId, '2026Q3')).filter((snapshot) => outputs(snapshot) !== outputs(previous.get(snapshot.company_id)!));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(partnerIds(rig.sandbox).length);
    const updates = rig.sandbox.requests.entries.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/companies/batch/update'));
    expect(updates.reduce((sum, entry) => sum + (entry.inputs ?? 0), 0)).toBe(changed.length);
    expect(updates).toHaveLength(Math.ceil(changed.length / 100));
  });

  it('does nothing but say so in instant mode', async () => {
    rig = await startQuarterCloseRig(redisUrl, { program: DEFAULT_PROGRAM });
    const { close } = rig.closer();
    rig.sandbox.requests.reset();
    expect(await close.closeQuarter(rig.portalId, '2026Q3')).toEqual({ status: 'instant-mode', quarter: '2026Q3' });
    expect(rig.sandbox.requests.count()).toBe(0);
    expect(await rig.store.closeOf(rig.portalId, '2026Q3')).toBeNull();
  });

  it('refuses a quarter that has not closed yet in the portal time zone', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const { close } = rig.closer();
    // 1 October 2026 03:59 UTC is still 30 September in New York.
    rig.clock.now = Date.parse('2026-10-01T03:59:00Z');
    expect(await close.closeQuarter(rig.portalId, '2026Q3')).toEqual({ status: 'not-over', quarter: '2026Q3', closesAt: Date.parse('2026-10-01T04:00:00Z') });
  });

  it('decides every partner on a dry run and writes nothing anywhere', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const { close } = rig.closer();
    rig.sandbox.requests.reset();
    const outcome = await close.closeQuarter(rig.portalId, '2026Q3', { dryRun: true });
    expect(outcome.status).toBe('dry-run');
    if (outcome.status !== 'dry-run') return;
    expect(outcome.lines.map((line) => line.companyId).sort()).toEqual([...partnerIds(rig.sandbox)].sort());
    expect(rig.sandbox.requests.entries.filter((entry) => !/batch\/read|search/.test(entry.path))).toEqual([]);
    expect(await rig.store.closeOf(rig.portalId, '2026Q3')).toBeNull();
    expect(await rig.store.snapshotsOfQuarter(rig.portalId, '2026Q3')).toEqual([]);
  });

  it('keeps a closed quarter as it closed: a deal reopened after the close changes the next quarter only', async () => {
    const program: Program = {
      ...QUARTERLY_PROGRAM,
      tiers: { ...QUARTERLY_PROGRAM.tiers, bronze: { ...QUARTERLY_PROGRAM.tiers.bronze, minRevenue12m: 100_000 } },
    };
    rig = await startQuarterCloseRig(redisUrl, { program });
    const { close } = rig.closer();
    const partner = rig.sandbox.seed.partners.find((candidate) => candidate.expectedTier !== 'none')!;
    const deals = new DealFactsStore(rig.db);
    const won = {
      dealId: '9001',
      partnerCompanyId: partner.id,
      customerCompanyId: null,
      amountInHomeCurrency: 250_000,
      amount: 250_000,
      isClosed: true,
      isWon: true,
      closedAt: Date.parse('2026-08-14T15:00:00Z'),
      strategic: false,
      currency: null,
      productLine: null,
      pipelineId: null,
    };
    await deals.upsert(rig.portalId, [won]);
    rig.clock.now = AFTER_Q3;
    await close.closeQuarter(rig.portalId, '2026Q3');
    const closed = (await rig.store.snapshotsOf(rig.portalId, '2026Q3', [partner.id])).get(partner.id)!;
    expect(closed.qualified_tier).not.toBe('none');
    expect((closed.metrics as { figures: { revenue12m: number } }).figures.revenue12m).toBe(250_000);

    // Reopened in November: open again, no close date.
    await deals.upsert(rig.portalId, [{ ...won, isClosed: false, isWon: false, closedAt: null }]);
    rig.clock.now = AFTER_Q4;
    await close.closeQuarter(rig.portalId, '2026Q4');
    expect((await rig.store.snapshotsOf(rig.portalId, '2026Q3', [partner.id])).get(partner.id)).toEqual(closed);
    const next = (await rig.store.snapshotsOf(rig.portalId, '2026Q4', [partner.id])).get(partner.id)!;
    expect(next.qualified_tier).toBe('none');
    expect((next.metrics as { figures: { revenue12m: number; openPipelineDeals: number } }).figures).toMatchObject({ revenue12m: 0, openPipelineDeals: 1 });
  });
});
