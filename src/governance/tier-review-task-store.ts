import crypto from 'node:crypto';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import type { CalendarDate } from '../domain/types.js';

/** One review: a partner and the review day its task is for (the table's key with the portal). */
export interface ReviewDay {
  companyId: string;
  reviewOn: CalendarDate;
}

/** What a claim found for one review. */
export type ReviewClaim =
  /** Nobody had it: this run creates the task. */
  | { kind: 'claimed' }
  /**
   * A run claimed it and went silent past its lease (killed, or its HubSpot call failed): this run
   * finishes it, and first looks for the task that run may have created.
   */
  | { kind: 'taken-over' }
  /** The task exists already. */
  | { kind: 'created'; taskId: string }
  /** Another run is creating it right now. */
  | { kind: 'busy' };

/** Options of {@link TierReviewTaskStore}. */
export interface TierReviewTaskStoreOptions {
  /** A claim older than this, without a task recorded, is taken to be abandoned. Default 5 minutes. */
  leaseMs?: number;
  /** Who claims (kept in the row). Default host, process id and a random suffix. */
  owner?: string;
}

/**
 * The review tasks in PostgreSQL (docs/data.md, "Tier review tasks"): one row per (portal, partner,
 * review day), `claimed` before the task is created and `created` with its id after. The primary key
 * keeps a review to one task whatever the number of runs and whatever Redis forgets; a run killed
 * between claim and record leaves `claimed`, which the next run takes over after the lease.
 * Every call covers a page of partners in one statement.
 */
export class TierReviewTaskStore {
  private readonly leaseMs: number;
  readonly owner: string;

  constructor(
    private readonly db: Kysely<Database>,
    options: TierReviewTaskStoreOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  }

  /** Claims each review for this run, or says why not; keyed by company id. */
  async claim(portalId: string, reviews: readonly ReviewDay[], now: number): Promise<Map<string, ReviewClaim>> {
    const claims = new Map<string, ReviewClaim>();
    if (reviews.length === 0) return claims;
    const at = new Date(now);
    const inserted = await this.db
      .insertInto('tier_review_tasks')
      .values(reviews.map((review) => ({ portal_id: portalId, company_id: review.companyId, review_on: review.reviewOn, state: 'claimed' as const, claimed_at: at, claimed_by: this.owner })))
      .onConflict((conflict) => conflict.doNothing())
      .returning('company_id')
      .execute();
    for (const row of inserted) claims.set(row.company_id, { kind: 'claimed' });
    const others = reviews.filter((review) => !claims.has(review.companyId));
    if (others.length === 0) return claims;

    const takenOver = await this.db
      .updateTable('tier_review_tasks')
      .set({ claimed_by: this.owner, claimed_at: at })
      .where('portal_id', '=', portalId)
      .where(this.inReviews(others))
      .where('state', '=', 'claimed')
      .where('claimed_at', '<', new Date(now - this.leaseMs))
      .returning('company_id')
      .execute();
    for (const row of takenOver) claims.set(row.company_id, { kind: 'taken-over' });
    const rest = others.filter((review) => !claims.has(review.companyId));
    if (rest.length === 0) return claims;

    const rows = await this.db.selectFrom('tier_review_tasks').select(['company_id', 'state', 'task_id']).where('portal_id', '=', portalId).where(this.inReviews(rest)).execute();
    for (const row of rows) claims.set(row.company_id, row.state === 'created' && row.task_id !== null ? { kind: 'created', taskId: row.task_id } : { kind: 'busy' });
    return claims;
  }

  /** The tasks exist: recorded before the dates move on, so no later run creates another. */
  async recordCreated(portalId: string, created: ReadonlyArray<ReviewDay & { taskId: string }>, now: number): Promise<void> {
    if (created.length === 0) return;
    await sql`
      update tier_review_tasks as t
      set state = 'created', task_id = v.task_id, created_at = ${new Date(now)}
      from unnest(${created.map((entry) => entry.companyId)}::text[], ${created.map((entry) => entry.reviewOn)}::date[], ${created.map((entry) => entry.taskId)}::text[]) as v(company_id, review_on, task_id)
      where t.portal_id = ${portalId} and t.company_id = v.company_id and t.review_on = v.review_on
        and t.state = 'claimed' and t.claimed_by = ${this.owner}`.execute(this.db);
  }

  /** HubSpot refused the tasks (the company is gone): nothing was created, so the claims go. */
  async release(portalId: string, reviews: readonly ReviewDay[]): Promise<void> {
    if (reviews.length === 0) return;
    await this.db.deleteFrom('tier_review_tasks')
      .where('portal_id', '=', portalId)
      .where(this.inReviews(reviews))
      .where('state', '=', 'claimed')
      .where('claimed_by', '=', this.owner)
      .execute();
  }

  /**
   * Gives the claims up at once (creating the tasks failed): the next run takes them over without
   * waiting for the lease, and looks for each task first — a create that timed out may have made it.
   */
  async abandon(portalId: string, reviews: readonly ReviewDay[]): Promise<void> {
    if (reviews.length === 0) return;
    await this.db.updateTable('tier_review_tasks')
      .set({ claimed_at: new Date(0) })
      .where('portal_id', '=', portalId)
      .where(this.inReviews(reviews))
      .where('state', '=', 'claimed')
      .where('claimed_by', '=', this.owner)
      .execute();
  }

  /** The rows of a partner, oldest review first (tests, operators). */
  async rowsOf(portalId: string, companyId: string) {
    return this.db.selectFrom('tier_review_tasks').selectAll().where('portal_id', '=', portalId).where('company_id', '=', companyId).orderBy('review_on').execute();
  }

  private inReviews(reviews: readonly ReviewDay[]) {
    return sql<boolean>`(company_id, review_on) in (${sql.join(reviews.map((review) => sql`(${review.companyId}, ${review.reviewOn}::date)`))})`;
  }
}
