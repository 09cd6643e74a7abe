import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';

/** How long a run holds a step it claimed; a run killed meanwhile lets the next one take over after it. */
const CLAIM_MINUTES = 5;

/**
 * What claiming a step found: `new` (nobody ran it), `released` (a run failed and gave it back),
 * `taken-over` (a run was killed while holding it: its task or email may exist), `busy` (another
 * run holds it now) or `done` (with the task it created, if any).
 */
export type StepClaim =
  | { state: 'new' | 'released' | 'taken-over' }
  | { state: 'busy' }
  | { state: 'done'; objectId: string | null };

/**
 * The registration clock steps that tell someone (reminder, escalation, expiry notice), recorded
 * in PostgreSQL (docs/data.md, "Registration steps"): claimed before the HubSpot task or the email,
 * finished after, so a step planned again after Redis lost its jobs is not run twice.
 */
export class RegistrationStepStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The key of a protection notice: one per protection end (an extension has its own). */
  static noticeStep(expiresOn: string): string {
    return `notice:${expiresOn}`;
  }

  async claim(portalId: string, dealId: string, step: string, at: Date): Promise<StepClaim> {
    const until = DateTime.fromJSDate(at).plus({ minutes: CLAIM_MINUTES }).toJSDate();
    const inserted = await this.db.insertInto('registration_steps')
      .values({ portal_id: portalId, deal_id: dealId, step, claimed_at: at, claimed_until: until })
      .onConflict((conflict) => conflict.columns(['portal_id', 'deal_id', 'step']).doNothing())
      .returning('step')
      .executeTakeFirst();
    if (inserted) return { state: 'new' };
    const row = await this.db.selectFrom('registration_steps').select(['claimed_until', 'object_id', 'done_at'])
      .where('portal_id', '=', portalId).where('deal_id', '=', dealId).where('step', '=', step)
      .executeTakeFirstOrThrow();
    if (row.done_at !== null) return { state: 'done', objectId: row.object_id };
    const taken = await this.db.updateTable('registration_steps').set({ claimed_at: at, claimed_until: until })
      .where('portal_id', '=', portalId).where('deal_id', '=', dealId).where('step', '=', step).where('done_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', at)]))
      .returning('step')
      .executeTakeFirst();
    if (!taken) return { state: 'busy' };
    return { state: row.claimed_until === null ? 'released' : 'taken-over' };
  }

  async finish(portalId: string, dealId: string, step: string, objectId: string | null, at: Date): Promise<void> {
    await this.db.updateTable('registration_steps').set({ done_at: at, object_id: objectId, claimed_until: null })
      .where('portal_id', '=', portalId).where('deal_id', '=', dealId).where('step', '=', step)
      .execute();
  }

  /** Gives back a claim whose run failed before telling anyone, for the job's retry. */
  async release(portalId: string, dealId: string, step: string): Promise<void> {
    await this.db.updateTable('registration_steps').set({ claimed_until: null })
      .where('portal_id', '=', portalId).where('deal_id', '=', dealId).where('step', '=', step).where('done_at', 'is', null)
      .execute();
  }

  /** The steps done, per registration, of the given registrations (one query). */
  async doneSteps(portalId: string, dealIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const done = new Map<string, Set<string>>();
    if (dealIds.length === 0) return done;
    const rows = await this.db.selectFrom('registration_steps').select(['deal_id', 'step'])
      .where('portal_id', '=', portalId).where('deal_id', 'in', dealIds).where('done_at', 'is not', null)
      .execute();
    for (const row of rows) {
      const steps = done.get(row.deal_id) ?? new Set<string>();
      steps.add(row.step);
      done.set(row.deal_id, steps);
    }
    return done;
  }
}
