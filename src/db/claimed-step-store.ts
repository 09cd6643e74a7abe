import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';

/** How long a run holds a step it claimed; a run killed meanwhile lets the next one take over after it. */
const CLAIM_MINUTES = 5;
/** Subjects per query of {@link ClaimedStepStore.doneSteps}. */
const DONE_STEPS_CHUNK = 10_000;

/**
 * What claiming a step found: `new` (nobody ran it), `released` (a run failed and gave it back),
 * `taken-over` (a run was killed while holding it: its task or email may exist), `busy` (another
 * run holds it now) or `done` (with the task it created, if any).
 */
export type StepClaim =
  | { state: 'new' | 'released' | 'taken-over' }
  | { state: 'busy' }
  | { state: 'done'; objectId: string | null };

/** The tables that record steps, with the column naming what a step belongs to. */
export type StepTable =
  | { table: 'registration_steps'; subject: 'deal_id' }
  | { table: 'incentive_request_steps'; subject: 'request_id' };

/** The shape both step tables share, under one name for the subject column. */
interface StepRow {
  portal_id: string;
  subject: string;
  step: string;
  claimed_at: Date;
  claimed_until: Date | null;
  object_id: string | null;
  done_at: Date | null;
}

/**
 * Steps that tell someone (a HubSpot task, an email), recorded in PostgreSQL: claimed before the
 * task or the email, finished after, so a step run again (a retried or re-planned job, a run that
 * takes over a killed one) is not run twice (docs/data.md, "Registration steps" and "Incentive
 * request steps"). The tables differ only in the name of the subject column.
 */
export class ClaimedStepStore {
  private readonly db: Kysely<{ steps: StepRow }>;
  private readonly table: 'steps';
  private readonly subject: 'subject';

  constructor(db: Kysely<Database>, where: StepTable) {
    // One implementation for both tables: the names are swapped for the real ones at run time.
    this.db = db as unknown as Kysely<{ steps: StepRow }>;
    this.table = where.table as unknown as 'steps';
    this.subject = where.subject as unknown as 'subject';
  }

  async claim(portalId: string, subjectId: string, step: string, at: Date): Promise<StepClaim> {
    const until = DateTime.fromJSDate(at).plus({ minutes: CLAIM_MINUTES }).toJSDate();
    const inserted = await this.db.insertInto(this.table)
      .values({ portal_id: portalId, [this.subject]: subjectId, step, claimed_at: at, claimed_until: until } as StepRow)
      .onConflict((conflict) => conflict.columns(['portal_id', this.subject, 'step']).doNothing())
      .returning('step')
      .executeTakeFirst();
    if (inserted) return { state: 'new' };
    const row = await this.db.selectFrom(this.table).select(['claimed_until', 'object_id', 'done_at'])
      .where('portal_id', '=', portalId).where(this.subject, '=', subjectId).where('step', '=', step)
      .executeTakeFirstOrThrow();
    if (row.done_at !== null) return { state: 'done', objectId: row.object_id };
    const taken = await this.db.updateTable(this.table).set({ claimed_at: at, claimed_until: until })
      .where('portal_id', '=', portalId).where(this.subject, '=', subjectId).where('step', '=', step).where('done_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', at)]))
      .returning('step')
      .executeTakeFirst();
    if (!taken) return { state: 'busy' };
    return { state: row.claimed_until === null ? 'released' : 'taken-over' };
  }

  async finish(portalId: string, subjectId: string, step: string, objectId: string | null, at: Date): Promise<void> {
    await this.db.updateTable(this.table).set({ done_at: at, object_id: objectId, claimed_until: null })
      .where('portal_id', '=', portalId).where(this.subject, '=', subjectId).where('step', '=', step)
      .execute();
  }

  /** Gives back a claim whose run failed before telling anyone, for the job's retry. */
  async release(portalId: string, subjectId: string, step: string): Promise<void> {
    await this.db.updateTable(this.table).set({ claimed_until: null })
      .where('portal_id', '=', portalId).where(this.subject, '=', subjectId).where('step', '=', step).where('done_at', 'is', null)
      .execute();
  }

  /** The steps done, per subject, of the given subjects (one query per 10,000 subjects, under PostgreSQL's parameter limit). */
  async doneSteps(portalId: string, subjectIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const done = new Map<string, Set<string>>();
    const rows: Array<{ subject: string; step: string }> = [];
    for (let start = 0; start < subjectIds.length; start += DONE_STEPS_CHUNK) {
      rows.push(...await this.db.selectFrom(this.table).select([`${this.subject} as subject` as 'subject', 'step'])
        .where('portal_id', '=', portalId).where(this.subject, 'in', subjectIds.slice(start, start + DONE_STEPS_CHUNK)).where('done_at', 'is not', null)
        .execute());
    }
    for (const row of rows) {
      const steps = done.get(row.subject) ?? new Set<string>();
      steps.add(row.step);
      done.set(row.subject, steps);
    }
    return done;
  }
}
