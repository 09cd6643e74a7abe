import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, TrainingAssignmentsTable } from '../db/database-schema.js';
import type { CalendarDate } from '../domain/types.js';
import type { AuditActor } from '../audit/audit-trail.js';
import type { TrackId } from '../program/program-schema.js';
import type { AssignmentState, TrainingAssignment } from './training-assignment.js';

export type CreateAssignmentResult =
  | { outcome: 'created' }
  | { outcome: 'already-pending' | 'already-active'; existingId: string }
  | { outcome: 'limit'; activeCount: number };

export type DecideAssignmentResult =
  | { outcome: 'active' | 'declined' }
  | { outcome: 'used'; state: AssignmentState }
  | { outcome: 'unknown' }
  | { outcome: 'limit'; activeCount: number };

/** A contact's current (pending or active) tracks. */
export interface ContactTrackEntry {
  track: TrackId;
  assignmentId: string;
  state: 'pending' | 'active';
  linkExpiresAt: number;
}

type Row = Selectable<TrainingAssignmentsTable>;

/**
 * Training assignments and their consent decisions, in PostgreSQL (`training_assignments`,
 * `consent_decisions`). Every transition of a contact's tracks runs in one transaction that first
 * takes a transaction-scoped advisory lock on (portal, contact), so two clicks, two workers or two
 * assigners racing each other see one winner and the active-track limit cannot be overshot; a
 * unique index keeps one open (pending or active) assignment per contact and track besides.
 */
export class TrainingAssignmentStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a new pending assignment unless the contact already has the track pending (with a live
   * link) or active, or already has `maxActive` active tracks. A pending assignment whose link
   * expired is superseded by the new one.
   */
  async createPending(assignment: TrainingAssignment, maxActive: number, now: number): Promise<CreateAssignmentResult> {
    return this.db.transaction().execute(async (trx) => {
      await lockContact(trx, assignment.portalId, assignment.contactId);
      const open = await trx
        .selectFrom('training_assignments')
        .select(['id', 'state', 'link_expires_at'])
        .where('portal_id', '=', assignment.portalId)
        .where('contact_id', '=', assignment.contactId)
        .where('track', '=', assignment.track)
        .where('state', 'in', ['pending', 'active'])
        .executeTakeFirst();
      if (open?.state === 'active') return { outcome: 'already-active', existingId: open.id };
      if (open && open.link_expires_at.getTime() >= now) return { outcome: 'already-pending', existingId: open.id };
      if (open) await trx.updateTable('training_assignments').set({ state: 'superseded' }).where('id', '=', open.id).execute();
      const active = await countActive(trx, assignment.portalId, assignment.contactId);
      if (active >= maxActive) return { outcome: 'limit', activeCount: active };
      await trx
        .insertInto('training_assignments')
        .values({
          id: assignment.id,
          portal_id: assignment.portalId,
          contact_id: assignment.contactId,
          company_id: assignment.companyId,
          track: assignment.track,
          state: 'pending',
          contact_first_name: assignment.contactFirstName,
          time_zone: assignment.timeZone,
          assigned_at: new Date(assignment.assignedAt),
          assigned_by: JSON.stringify(assignment.assignedBy),
          link_expires_at: new Date(assignment.linkExpiresAt),
          warnings: JSON.stringify(assignment.warnings),
        })
        .execute();
      return { outcome: 'created' };
    });
  }

  /** Accepts a pending assignment (with its deadline) unless `maxActive` tracks are already active. */
  async accept(
    assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>,
    input: { now: number; maxActive: number; deadlineOn: CalendarDate; deadlineAt: number },
  ): Promise<DecideAssignmentResult> {
    return this.decide(assignment, 'accept', input.now, async (trx) => {
      const active = await countActive(trx, assignment.portalId, assignment.contactId);
      if (active >= input.maxActive) return { outcome: 'limit', activeCount: active };
      await trx
        .updateTable('training_assignments')
        .set({ state: 'active', decided_at: new Date(input.now), deadline_on: input.deadlineOn, deadline_at: new Date(input.deadlineAt) })
        .where('id', '=', assignment.id)
        .execute();
      return { outcome: 'active' };
    });
  }

  /** Declines a pending assignment. */
  async decline(assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>, now: number): Promise<DecideAssignmentResult> {
    return this.decide(assignment, 'decline', now, async (trx) => {
      await trx.updateTable('training_assignments').set({ state: 'declined', decided_at: new Date(now) }).where('id', '=', assignment.id).execute();
      return { outcome: 'declined' };
    });
  }

  /** Takes back a pending assignment (its link stops working). False when it was no longer pending. */
  async withdraw(assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>): Promise<boolean> {
    const result = await this.db
      .updateTable('training_assignments')
      .set({ state: 'withdrawn' })
      .where('id', '=', assignment.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async get(assignmentId: string): Promise<TrainingAssignment | null> {
    const row = await this.db.selectFrom('training_assignments').selectAll().where('id', '=', assignmentId).executeTakeFirst();
    return row ? toAssignment(row) : null;
  }

  /** The contact's pending and active tracks. */
  async contactTracks(portalId: string, contactId: string): Promise<ContactTrackEntry[]> {
    const rows = await this.db
      .selectFrom('training_assignments')
      .select(['id', 'track', 'state', 'link_expires_at'])
      .where('portal_id', '=', portalId)
      .where('contact_id', '=', contactId)
      .where('state', 'in', ['pending', 'active'])
      .execute();
    return rows.map((row) => ({
      track: row.track as TrackId,
      assignmentId: row.id,
      state: row.state as 'pending' | 'active',
      linkExpiresAt: row.state === 'active' ? 0 : row.link_expires_at.getTime(),
    }));
  }

  /** The contact's active assignments (full records), for deadlines. */
  async activeAssignments(portalId: string, contactId: string): Promise<TrainingAssignment[]> {
    const rows = await this.db
      .selectFrom('training_assignments')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('contact_id', '=', contactId)
      .where('state', '=', 'active')
      .execute();
    return rows.map(toAssignment);
  }

  /** Every accept or decline given for an assignment, oldest first. */
  async decisions(assignmentId: string): Promise<Array<{ decision: 'accept' | 'decline'; decidedAt: number }>> {
    const rows = await this.db.selectFrom('consent_decisions').select(['decision', 'decided_at']).where('assignment_id', '=', assignmentId).orderBy('id').execute();
    return rows.map((row) => ({ decision: row.decision, decidedAt: row.decided_at.getTime() }));
  }

  /** A decision on a pending assignment: locked, checked, applied and recorded in one transaction. */
  private async decide(
    assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>,
    decision: 'accept' | 'decline',
    now: number,
    apply: (trx: Kysely<Database>) => Promise<DecideAssignmentResult>,
  ): Promise<DecideAssignmentResult> {
    return this.db.transaction().execute(async (trx) => {
      await lockContact(trx, assignment.portalId, assignment.contactId);
      const row = await trx.selectFrom('training_assignments').select('state').where('id', '=', assignment.id).executeTakeFirst();
      if (!row) return { outcome: 'unknown' };
      if (row.state !== 'pending') return { outcome: 'used', state: row.state };
      const result = await apply(trx);
      if (result.outcome === 'active' || result.outcome === 'declined') {
        await trx
          .insertInto('consent_decisions')
          .values({ assignment_id: assignment.id, portal_id: assignment.portalId, contact_id: assignment.contactId, decision, decided_at: new Date(now) })
          .execute();
      }
      return result;
    });
  }
}

// Transaction-scoped, so it also holds on the embedded database (see start-embedded-database.ts).
async function lockContact(trx: Kysely<Database>, portalId: string, contactId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`training:${portalId}:${contactId}`}))`.execute(trx);
}

async function countActive(trx: Kysely<Database>, portalId: string, contactId: string): Promise<number> {
  const row = await trx
    .selectFrom('training_assignments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('portal_id', '=', portalId)
    .where('contact_id', '=', contactId)
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function toAssignment(row: Row): TrainingAssignment {
  return {
    id: row.id,
    portalId: row.portal_id,
    contactId: row.contact_id,
    companyId: row.company_id,
    track: row.track as TrackId,
    state: row.state,
    contactFirstName: row.contact_first_name,
    timeZone: row.time_zone,
    assignedAt: row.assigned_at.getTime(),
    assignedBy: row.assigned_by as AuditActor,
    linkExpiresAt: row.link_expires_at.getTime(),
    decidedAt: row.decided_at ? row.decided_at.getTime() : null,
    deadlineOn: row.deadline_on,
    deadlineAt: row.deadline_at ? row.deadline_at.getTime() : null,
    warnings: (row.warnings as string[] | null) ?? [],
  };
}
