import { afterEach, describe, expect, inject, it } from 'vitest';
import type { PartnerCloseDetails } from '../../../src/governance/plan-partner-close.js';
import type { Program } from '../../../src/program/program-schema.js';
import { notesOf, QUARTERLY_PROGRAM, startQuarterCloseRig, type QuarterCloseRig } from './quarter-close-harness.js';

const redisUrl = inject('redisUrl');
let rig: QuarterCloseRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const AFTER = { '2026Q2': Date.parse('2026-07-02T12:00:00Z'), '2026Q3': Date.parse('2026-10-02T12:00:00Z'), '2026Q4': Date.parse('2027-01-02T12:00:00Z') };
const APPROVAL_PROGRAM: Program = { ...QUARTERLY_PROGRAM, governance: { ...QUARTERLY_PROGRAM.governance, approval: true } };

function tasksOf(rig: QuarterCloseRig, companyId: string): Array<Record<string, string>> {
  return rig.sandbox.store.listRecords('tasks')
    .filter((task) => rig.sandbox.store.associatedIds('tasks', task.id, 'companies').includes(companyId))
    .map((task) => task.properties);
}

async function closeQuarters(rig: QuarterCloseRig, quarters: Array<keyof typeof AFTER>): Promise<void> {
  const { close } = rig.closer();
  for (const quarter of quarters) {
    rig.clock.now = AFTER[quarter];
    expect((await close.closeQuarter(rig.portalId, quarter)).status).toBe('closed');
  }
}

describe('a quarter close with approval', () => {
  it('proposes the change with a task for the owner and leaves the official tier; an undecided proposal lapses at the next close', async () => {
    rig = await startQuarterCloseRig(redisUrl, { program: APPROVAL_PROGRAM });
    const partner = rig.sandbox.seed.partners.find((candidate) => candidate.expectedTier !== 'none')!;
    await closeQuarters(rig, ['2026Q2', '2026Q3']);

    const company = rig.sandbox.store.getCompany(partner.id)!;
    expect(company.properties.pe_tier ?? '').toBe('none');
    expect(company.properties.pe_tier_proposed).toBe('bronze');
    const proposals = tasksOf(rig, partner.id).filter((task) => task.hs_task_subject?.startsWith('Approve tier change'));
    expect(proposals).toHaveLength(1);
    expect(proposals[0]!.hs_task_body).toContain('Reference: quarter-close 2026Q3 proposal');
    expect(notesOf(rig.sandbox, partner.id).filter((body) => body.includes('Partner tier changed'))).toHaveLength(0);

    // Nobody decided: at the next close the proposal lapses and, still justified, is made again.
    await closeQuarters(rig, ['2026Q4']);
    const q4 = (await rig.store.snapshotsOf(rig.portalId, '2026Q4', [partner.id])).get(partner.id)!;
    expect((q4.metrics as PartnerCloseDetails).lapsed).toEqual({ tier: 'bronze', quarter: '2026Q3' });
    expect(q4).toMatchObject({ tier_before: 'none', tier_after: 'none', proposed_tier: 'bronze' });
    expect(tasksOf(rig, partner.id).filter((task) => task.hs_task_subject?.startsWith('Approve tier change'))).toHaveLength(2);
  });
});

describe('a partner whose exit was confirmed', () => {
  it('is exited: its snapshot and status are written, and nothing else is created for it', async () => {
    rig = await startQuarterCloseRig(redisUrl);
    const partner = rig.sandbox.seed.partners.find((candidate) => candidate.expectedTier !== 'none')!;
    rig.sandbox.ui.updateCompany(partner.id, { pe_exit_confirmed_on: '2026-08-01' });
    await closeQuarters(rig, ['2026Q2', '2026Q3']);

    const snapshot = (await rig.store.snapshotsOf(rig.portalId, '2026Q3', [partner.id])).get(partner.id)!;
    expect(snapshot).toMatchObject({ program_status: 'exited', reason: 'exited', tier_before: 'none', tier_after: 'none' });
    const company = rig.sandbox.store.getCompany(partner.id)!;
    expect(company.properties.pe_program_status).toBe('exited');
    expect(company.properties.pe_tier ?? '').toBe('');
    expect(notesOf(rig.sandbox, partner.id)).toEqual([]);
    expect(tasksOf(rig, partner.id)).toEqual([]);
  });
});
