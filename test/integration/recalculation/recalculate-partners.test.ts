import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { batchActivityCreator } from '../../../src/recalculation/activity-creator.js';
import { createPartnerRecalculator } from '../../../src/recalculation/recalculate-partners.js';
import { SideEffectLedger } from '../../../src/recalculation/side-effect-ledger.js';
import { allCompanyIds, DAY_MS, demoPartner, startRecalculationRig, type RecalculationRig } from './recalculation-harness.js';

const redisUrl = inject('redisUrl');
let rig: RecalculationRig;
/** Makes the next batch fail after its writes, notes and tasks, as a late error would. */
let failLateOnce = false;

beforeEach(async () => {
  failLateOnce = false;
  rig = await startRecalculationRig(redisUrl, {
    recalculator: {
      async onEvaluated() {
        if (!failLateOnce) return;
        failLateOnce = false;
        throw new Error('follow-up planning failed');
      },
    },
  });
});

afterEach(async () => {
  await rig.stop();
});

const companyUpdates = () => rig.calls('/crm/v3/objects/companies/batch/update');
const contactUpdates = () => rig.calls('/crm/v3/objects/contacts/batch/update');

async function evaluateEverything() {
  return rig.recalculator.recalculatePartners(rig.portalId, allCompanyIds(rig.sandbox));
}

describe('recalculating partners', () => {
  it('gives every demo partner the tier its data earns, with one batch read and write per 100 records', async () => {
    rig.sandbox.requests.reset();
    const report = await evaluateEverything();
    for (const partner of rig.sandbox.seed.partners) {
      expect(rig.sandbox.store.getCompany(partner.id)!.properties.pe_tier, partner.name).toBe(partner.expectedTier);
    }
    expect(report).toMatchObject({ evaluated: 30, failed: [], notes: 0, tasks: 0 });
    expect(report.written).toHaveLength(30);
    // 34 companies, 112 contacts: 1 + 1 + 2 reads, 1 + 2 writes.
    expect(rig.calls('/crm/v3/objects/companies/batch/read')).toBe(1);
    expect(rig.calls('/crm/v4/associations/companies/contacts/batch/read')).toBe(1);
    expect(rig.calls('/crm/v3/objects/contacts/batch/read')).toBe(2);
    expect(companyUpdates()).toBe(1);
    expect(contactUpdates()).toBe(2);
    expect(rig.sandbox.requests.count()).toBe(7);
  });

  it('writes the contacts\' certification expiry dates', async () => {
    await evaluateEverything();
    const platinum = demoPartner(rig.sandbox, 'platinum');
    const written = platinum.contactIds.map((id) => rig.sandbox.store.getContact(id)!.properties.pe_valid_certifications);
    expect(written.every((value) => /^\d+$/.test(value ?? ''))).toBe(true);
    const total = written.reduce((sum, value) => sum + Number(value), 0);
    expect(String(total)).toBe(rig.sandbox.store.getCompany(platinum.id)!.properties.pe_valid_certifications);
  });

  it('writes nothing when nothing changed since the last evaluation', async () => {
    await evaluateEverything();
    const stamped = rig.sandbox.store.getCompany(demoPartner(rig.sandbox, 'gold').id)!.properties.pe_readiness_evaluated_at;
    rig.clock.now += 60_000;
    rig.sandbox.requests.reset();
    const report = await evaluateEverything();
    expect(report.unchanged).toHaveLength(30);
    expect(companyUpdates() + contactUpdates()).toBe(0);
    expect(rig.sandbox.store.getCompany(demoPartner(rig.sandbox, 'gold').id)!.properties.pe_readiness_evaluated_at).toBe(stamped);
  });

  it('writes nothing for an input change that changes no output', async () => {
    await evaluateEverything();
    const { id } = demoPartner(rig.sandbox, 'silver');
    rig.sandbox.ui.updateCompany(id, { pe_partner_type: 'msp' });
    rig.sandbox.requests.reset();
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    expect(companyUpdates()).toBe(0);
  });

  it('stamps pe_readiness_evaluated_at only on the partner whose outputs changed', async () => {
    await evaluateEverything();
    const changed = demoPartner(rig.sandbox, 'none').id;
    const untouched = demoPartner(rig.sandbox, 'bronze').id;
    const before = rig.sandbox.store.getCompany(untouched)!.properties.pe_readiness_evaluated_at;
    rig.clock.now += 3_600_000;
    rig.sandbox.ui.updateCompany(changed, { pe_foundation_complete: 'true' });
    await rig.recalculator.recalculatePartners(rig.portalId, [changed, untouched]);
    expect(rig.sandbox.store.getCompany(changed)!.properties.pe_readiness_evaluated_at).toBe(new Date(rig.clock.now).toISOString());
    expect(rig.sandbox.store.getCompany(untouched)!.properties.pe_readiness_evaluated_at).toBe(before);
  });

  it('records each change of outputs in the audit trail, with the values before and after', async () => {
    await evaluateEverything();
    const { id } = demoPartner(rig.sandbox, 'none');
    const scoreBefore = rig.sandbox.store.getCompany(id)!.properties.pe_readiness_score;
    rig.sandbox.ui.updateCompany(id, { pe_foundation_complete: 'true' });
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    const entries = await rig.audit.forCompany(rig.portalId, id);
    const last = entries.filter((entry) => entry.action === 'outputs.changed').at(-1)!;
    expect(last.actor).toEqual({ type: 'system' });
    expect(last.before).toMatchObject({ pe_tier: 'none', pe_readiness_score: scoreBefore });
    expect(last.after).toMatchObject({ pe_tier: 'bronze', pe_readiness_score: rig.sandbox.store.getCompany(id)!.properties.pe_readiness_score });
    expect(last.after).not.toHaveProperty('pe_readiness_evaluated_at');
  });

  it('leaves companies that are not partners untouched', async () => {
    const report = await evaluateEverything();
    expect(report.notPartners.sort()).toEqual([...rig.sandbox.seed.nonPartnerIds].sort());
    for (const id of rig.sandbox.seed.nonPartnerIds) expect(rig.sandbox.store.getCompany(id)!.properties.pe_tier ?? '').toBe('');
  });

  it('reports companies HubSpot does not have as missing, not failed', async () => {
    const report = await rig.recalculator.recalculatePartners(rig.portalId, ['999999999', demoPartner(rig.sandbox, 'gold').id]);
    expect(report.missing).toEqual(['999999999']);
    expect(report.failed).toEqual([]);
  });
});

describe('a record HubSpot refuses', () => {
  it('ends in failed with HubSpot\'s reason while the other partners are written', async () => {
    // An admin removed the Platinum option from pe_tier: HubSpot refuses that one value.
    const definition = rig.sandbox.store.raw.propertiesOf('companies').get('pe_tier')!;
    definition.options = definition.options.filter((option) => option.value !== 'platinum');
    const report = await evaluateEverything();
    const platinumIds = rig.sandbox.seed.partners.filter((p) => p.expectedTier === 'platinum').map((p) => p.id);
    expect(report.failed.map((f) => f.companyId).sort()).toEqual([...platinumIds].sort());
    expect(report.failed[0]!.reason).toContain('platinum');
    expect(report.written).toHaveLength(25);
    expect(rig.sandbox.store.getCompany(demoPartner(rig.sandbox, 'gold').id)!.properties.pe_tier).toBe('gold');
  });
});

describe('tier changes', () => {
  it('leave one note on the company, naming both tiers', async () => {
    await evaluateEverything();
    const { id } = demoPartner(rig.sandbox, 'none');
    rig.clock.now += DAY_MS;
    rig.sandbox.ui.updateCompany(id, { pe_foundation_complete: 'true' });
    const report = await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    expect(report.notes).toBe(1);
    const notes = rig.sandbox.store.listRecords('notes').filter((note) => rig.sandbox.store.associatedIds('notes', note.id, 'companies').includes(id));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.properties.hs_note_body).toContain('from no tier to Bronze');
    const entries = await rig.audit.forCompany(rig.portalId, id);
    expect(entries.find((entry) => entry.action === 'tier.changed')).toMatchObject({ before: { tier: 'none' }, after: { tier: 'bronze', noteId: notes[0]!.id } });
  });

  it('leave no second note when the batch is run again after failing late', async () => {
    await evaluateEverything();
    const { id } = demoPartner(rig.sandbox, 'none');
    rig.clock.now += DAY_MS;
    rig.sandbox.ui.updateCompany(id, { pe_foundation_complete: 'true' });
    failLateOnce = true;
    await expect(rig.recalculator.recalculatePartners(rig.portalId, [id])).rejects.toThrow('follow-up planning failed');
    const again = await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    expect(again.notes).toBe(0);
    expect(rig.sandbox.store.listRecords('notes')).toHaveLength(1);
  });

  it('leave their notes in one call however many partners change tier at once', async () => {
    await evaluateEverything();
    const none = rig.sandbox.seed.partners.filter((p) => p.expectedTier === 'none');
    rig.clock.now += DAY_MS;
    for (const partner of none) rig.sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    rig.sandbox.requests.reset();
    const report = await evaluateEverything();
    expect(report.notes).toBe(none.length);
    expect(rig.calls('/crm/v3/objects/notes/batch/create')).toBe(1);
    for (const partner of none) {
      const notes = rig.sandbox.store.listRecords('notes').filter((note) => rig.sandbox.store.associatedIds('notes', note.id, 'companies').includes(partner.id));
      expect(notes, partner.name).toHaveLength(1);
      const entries = await rig.audit.forCompany(rig.portalId, partner.id);
      expect(entries.find((entry) => entry.action === 'tier.changed')?.after).toEqual({ tier: 'bronze', noteId: notes[0]!.id });
    }
  });

  it('leave the other notes when HubSpot refuses one, and fail only that company', async () => {
    await evaluateEverything();
    const [gone, ...others] = rig.sandbox.seed.partners.filter((p) => p.expectedTier === 'none');
    rig.clock.now += DAY_MS;
    for (const partner of [gone!, ...others]) rig.sandbox.ui.updateCompany(partner.id, { pe_foundation_complete: 'true' });
    // The company disappears between the write of its outputs and the note: HubSpot refuses the association.
    const { partners, missing } = await rig.repository.loadPartners([gone!.id, ...others.map((p) => p.id)]);
    expect(missing).toEqual([]);
    const recalculator = createPartnerRecalculator({
      repositoryFor: () => ({
        ...rig.repository,
        loadPartners: async () => ({ partners, missing: [] }),
        writeOutputs: async (changes) => {
          const result = await rig.repository.writeOutputs(changes);
          rig.sandbox.store.raw.recordsOf('companies').delete(gone!.id);
          return result;
        },
      }),
      db: rig.db,
      program: DEFAULT_PROGRAM,
      history: rig.history,
      ledger: new SideEffectLedger(rig.redis, { prefix: rig.prefix }),
      audit: rig.audit,
      logger: createLogger({ level: 'silent' }),
      now: () => rig.clock.now,
      activities: batchActivityCreator(rig.client),
    });
    rig.sandbox.requests.reset();
    const report = await recalculator.recalculatePartners(rig.portalId, [gone!.id, ...others.map((p) => p.id)]);
    expect(report.failed.map((f) => f.companyId)).toEqual([gone!.id]);
    expect(report.failed[0]!.reason).toContain('tier-change note');
    expect(report.failed[0]!.reason).toContain(gone!.id);
    expect(report.notes).toBe(others.length);
    // HubSpot's 207 names the refused input: the others are not sent a second time.
    expect(rig.calls('/crm/v3/objects/notes/batch/create')).toBe(1);
    expect(rig.sandbox.requests.count({ path: '/crm/v3/objects/notes/batch/create', status: 207 })).toBe(1);
    for (const partner of others) {
      expect(rig.sandbox.store.associatedIds('companies', partner.id, 'notes'), partner.name).toHaveLength(1);
    }
  });

  it('leave no note on a partner\'s first evaluation', async () => {
    const report = await evaluateEverything();
    expect(report.notes).toBe(0);
    expect(rig.sandbox.store.listRecords('notes')).toHaveLength(0);
  });
});

describe('a declining trend', () => {
  /** A gold partner with recent activity, evaluated once on the demo's today. */
  async function activeGoldPartner() {
    const { id } = demoPartner(rig.sandbox, 'gold');
    rig.sandbox.ui.updateCompany(id, { pe_last_enablement_activity: '2026-11-10' });
    await evaluateEverything();
    return id;
  }

  it('creates one task for the company owner when it starts', async () => {
    const id = await activeGoldPartner();
    const score = Number(rig.sandbox.store.getCompany(id)!.properties.pe_readiness_score);
    rig.clock.now += DAY_MS;
    // Activity 200 days ago: the 10 recent-activity points go, the tier stays.
    rig.sandbox.ui.updateCompany(id, { pe_last_enablement_activity: '2026-04-20' });
    const report = await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    const company = rig.sandbox.store.getCompany(id)!.properties;
    expect(Number(company.pe_readiness_score)).toBe(score - 10);
    expect(company.pe_readiness_trend).toBe('declining');
    expect(company.pe_tier).toBe('gold');
    expect(report.tasks).toBe(1);
    const tasks = rig.sandbox.store.listRecords('tasks');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties).toMatchObject({ hubspot_owner_id: company.hubspot_owner_id, hs_task_priority: 'HIGH' });
    expect(tasks[0]!.properties.hs_task_body).toContain(`fell to ${score - 10} from ${score}`);
    expect(rig.sandbox.store.associatedIds('tasks', tasks[0]!.id, 'companies')).toEqual([id]);
    const entries = await rig.audit.forCompany(rig.portalId, id);
    expect(entries.filter((entry) => entry.action === 'trend.declining.escalated')).toHaveLength(1);
  });

  it('creates no further task while it stays declining', async () => {
    const id = await activeGoldPartner();
    rig.clock.now += DAY_MS;
    rig.sandbox.ui.updateCompany(id, { pe_last_enablement_activity: '2026-04-20' });
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    rig.clock.now += DAY_MS;
    rig.sandbox.ui.updateCompany(id, { pe_partner_type: 'si' });
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    rig.clock.now += DAY_MS;
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    expect(rig.sandbox.store.getCompany(id)!.properties.pe_readiness_trend).toBe('declining');
    expect(rig.sandbox.store.listRecords('tasks')).toHaveLength(1);
  });

  it('escalates again when it starts declining a second time', async () => {
    const id = await activeGoldPartner();
    rig.clock.now += DAY_MS;
    rig.sandbox.ui.updateCompany(id, { pe_last_enablement_activity: '2026-04-20' });
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    // A month later the drop has left the window: stable again.
    rig.clock.now += 31 * DAY_MS;
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    expect(rig.sandbox.store.getCompany(id)!.properties.pe_readiness_trend).toBe('stable');
    rig.clock.now += DAY_MS;
    rig.sandbox.ui.updateCompany(id, { pe_technical_modules_completed: '2' });
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    expect(rig.sandbox.store.getCompany(id)!.properties.pe_readiness_trend).toBe('declining');
    expect(rig.sandbox.store.listRecords('tasks')).toHaveLength(2);
  });

  it('sees a drop after a long plateau as a drop', async () => {
    const id = await activeGoldPartner();
    // Nothing changes for 60 days (no new history point), then the score falls.
    rig.clock.now += 60 * DAY_MS;
    rig.sandbox.ui.updateCompany(id, { pe_last_enablement_activity: '2026-01-01' });
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    expect(rig.sandbox.store.getCompany(id)!.properties.pe_readiness_trend).toBe('declining');
  });
});

describe('the readiness trend', () => {
  const HOUR_MS = 3_600_000;
  const activity = (id: string, on: string) => rig.sandbox.ui.updateCompany(id, { pe_last_enablement_activity: on });
  const trendOf = (id: string) => rig.sandbox.store.getCompany(id)!.properties.pe_readiness_trend;

  it('does not depend on how often a partner is evaluated during a day', async () => {
    const often = demoPartner(rig.sandbox, 'gold').id;
    const once = demoPartner(rig.sandbox, 'silver').id;
    for (const id of [often, once]) activity(id, '2026-11-10');
    await rig.recalculator.recalculatePartners(rig.portalId, [often, once]);

    // The next day both lose their recent activity in the morning and win it back an hour later:
    // one is evaluated after each change, the other once after both.
    rig.clock.now += DAY_MS - 3 * HOUR_MS;
    activity(often, '2026-04-20');
    await rig.recalculator.recalculatePartners(rig.portalId, [often]);
    expect(trendOf(often)).toBe('declining');
    rig.clock.now += HOUR_MS;
    activity(often, '2026-11-10');
    await rig.recalculator.recalculatePartners(rig.portalId, [often]);
    activity(once, '2026-04-20');
    activity(once, '2026-11-10');
    await rig.recalculator.recalculatePartners(rig.portalId, [once]);

    expect(trendOf(often)).toBe('stable');
    expect(trendOf(once)).toBe('stable');
  });

  it('keeps one score point per partner per day, the first of the day', async () => {
    const id = demoPartner(rig.sandbox, 'gold').id;
    activity(id, '2026-11-10');
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    const first = Number(rig.sandbox.store.getCompany(id)!.properties.pe_readiness_score);
    rig.clock.now += 3_600_000;
    activity(id, '2026-04-20');
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);

    const points = await rig.db.selectFrom('score_points').select(['day', 'score']).where('company_id', '=', id).execute();
    expect(points).toEqual([{ day: '2026-11-15', score: first }]);
  });

  it('changes nothing when an unchanged event is delivered again', async () => {
    const id = demoPartner(rig.sandbox, 'gold').id;
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    rig.clock.now += DAY_MS;
    activity(id, '2026-04-20');
    await rig.recalculator.recalculatePartners(rig.portalId, [id]);
    const outputs = { ...rig.sandbox.store.getCompany(id)!.properties };
    const points = await rig.db.selectFrom('score_points').selectAll().where('company_id', '=', id).execute();
    const audited = (await rig.audit.forCompany(rig.portalId, id)).length;
    rig.sandbox.requests.reset();

    rig.clock.now += 3_600_000;
    const report = await rig.recalculator.recalculatePartners(rig.portalId, [id]);

    expect(report.unchanged).toEqual([id]);
    expect(companyUpdates()).toBe(0);
    expect(rig.sandbox.store.getCompany(id)!.properties).toEqual(outputs);
    expect(await rig.db.selectFrom('score_points').selectAll().where('company_id', '=', id).execute()).toEqual(points);
    expect(await rig.audit.forCompany(rig.portalId, id)).toHaveLength(audited);
  });
});
