import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';
import type { TrackId } from '../../../src/program/program-schema.js';
import type { TrainingAssignment } from '../../../src/training/training-assignment.js';
import { TrainingAssignmentStore } from '../../../src/training/training-assignment-store.js';

const now = Date.parse('2026-05-01T10:00:00Z');
const day = 86_400_000;
let contactSequence = 0;

function anAssignment(overrides: Partial<TrainingAssignment> = {}): TrainingAssignment {
  return {
    id: randomUUID(),
    portalId: '1',
    contactId: `c${++contactSequence}`,
    companyId: 'co1',
    track: 'sales',
    state: 'pending',
    contactFirstName: 'Ada',
    timeZone: 'UTC',
    assignedAt: now,
    assignedBy: { type: 'operator', id: 'test' },
    linkExpiresAt: now + 14 * day,
    decidedAt: null,
    deadlineOn: null,
    deadlineAt: null,
    warnings: [],
    ...overrides,
  };
}

describe.each(DATABASE_BACKENDS)('training assignment store on $name', ({ create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let store: TrainingAssignmentStore;

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
    store = new TrainingAssignmentStore(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const accept = (assignment: TrainingAssignment) =>
    store.accept(assignment, { now, maxActive: 3, deadlineOn: '2026-05-15', deadlineAt: now + 14 * day });

  async function activeTracks(contactId: string, tracks: TrackId[]): Promise<void> {
    for (const track of tracks) {
      const assignment = anAssignment({ contactId, track });
      await store.createPending(assignment, 3, now);
      await accept(assignment);
    }
  }

  it('lets one of two simultaneous accepts of the same link through', async () => {
    const assignment = anAssignment();
    await store.createPending(assignment, 3, now);

    const outcomes = await Promise.all([accept(assignment), accept(assignment)]);

    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['active', 'used']);
  });

  it('keeps the deadline and state of an accepted assignment', async () => {
    const assignment = anAssignment();
    await store.createPending(assignment, 3, now);
    await accept(assignment);

    const stored = await store.get(assignment.id);

    expect([stored?.state, stored?.deadlineOn, stored?.decidedAt, stored?.warnings]).toEqual(['active', '2026-05-15', now, []]);
  });

  it('never lets a contact reach four active tracks, even when accepts race', async () => {
    const contactId = `c${++contactSequence}`;
    await activeTracks(contactId, ['foundation', 'sales']);
    const technical = anAssignment({ contactId, track: 'technical' });
    const advanced = anAssignment({ contactId, track: 'advanced' });
    await store.createPending(technical, 3, now);
    await store.createPending(advanced, 3, now);

    const outcomes = await Promise.all([accept(technical), accept(advanced)]);

    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['active', 'limit']);
    expect((await store.contactTracks('1', contactId)).filter((t) => t.state === 'active')).toHaveLength(3);
  });

  it('answers with the pending assignment instead of creating a second one for the same track', async () => {
    const first = anAssignment();
    await store.createPending(first, 3, now);

    const second = await store.createPending(anAssignment({ contactId: first.contactId }), 3, now);

    expect(second).toEqual({ outcome: 'already-pending', existingId: first.id });
  });

  it('replaces a pending assignment whose link expired, and the old link can no longer be used', async () => {
    const old = anAssignment({ linkExpiresAt: now - 1 });
    await store.createPending(old, 3, now - 14 * day);

    const renewed = await store.createPending(anAssignment({ contactId: old.contactId }), 3, now);

    expect(renewed.outcome).toBe('created');
    expect(await accept(old)).toEqual({ outcome: 'used', state: 'superseded' });
  });

  it('removes a declined track from the contact and keeps the decision', async () => {
    const assignment = anAssignment();
    await store.createPending(assignment, 3, now);

    await store.decline(assignment, now);

    expect(await store.contactTracks('1', assignment.contactId)).toEqual([]);
    expect((await store.get(assignment.id))?.state).toBe('declined');
  });

  it('withdraws a pending assignment so that its link can no longer be accepted', async () => {
    const assignment = anAssignment();
    await store.createPending(assignment, 3, now);

    await store.withdraw(assignment);

    expect(await accept(assignment)).toEqual({ outcome: 'used', state: 'withdrawn' });
    expect(await store.contactTracks('1', assignment.contactId)).toEqual([]);
  });

  it('refuses to create an assignment when the contact already has three active tracks', async () => {
    const contactId = `c${++contactSequence}`;
    await activeTracks(contactId, ['foundation', 'sales', 'technical']);

    const result = await store.createPending(anAssignment({ contactId, track: 'advanced' }), 3, now);

    expect(result).toEqual({ outcome: 'limit', activeCount: 3 });
  });

  it('records every consent decision, and a second click on a used link records none', async () => {
    const assignment = anAssignment();
    await store.createPending(assignment, 3, now);
    await accept(assignment);
    await store.decline(assignment, now + day);

    expect(await store.decisions(assignment.id)).toEqual([{ decision: 'accept', decidedAt: now }]);
  });
});
