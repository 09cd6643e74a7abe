import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { TierReviewTaskStore } from '../../../src/governance/tier-review-task-store.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

const NOW = Date.parse('2026-11-15T07:00:00Z');
const LEASE_MS = 5 * 60_000;

describe.each(DATABASE_BACKENDS)('the review tasks store on $name', ({ create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let portal = 0;
  /** A portal of its own per test, so the tests share one migrated database. */
  const nextPortal = () => String(++portal);

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 2 });
    await applyMigrations(db);
  }, 240_000);
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('lets one run claim a review day; another finds it busy, then created once recorded', async () => {
    const portalId = nextPortal();
    const [a, b] = [new TierReviewTaskStore(db, { owner: 'a' }), new TierReviewTaskStore(db, { owner: 'b' })];
    const reviews = [{ companyId: '101', reviewOn: '2026-11-15' }, { companyId: '102', reviewOn: '2026-11-10' }];

    expect(await a.claim(portalId, reviews, NOW)).toEqual(new Map([['101', { kind: 'claimed' }], ['102', { kind: 'claimed' }]]));
    expect(await b.claim(portalId, reviews, NOW + 1000)).toEqual(new Map([['101', { kind: 'busy' }], ['102', { kind: 'busy' }]]));

    await a.recordCreated(portalId, [{ ...reviews[0]!, taskId: '9001' }], NOW + 2000);
    expect(await b.claim(portalId, reviews, NOW + 3000)).toEqual(new Map([['101', { kind: 'created', taskId: '9001' }], ['102', { kind: 'busy' }]]));
    expect(await a.rowsOf(portalId, '101')).toMatchObject([{ review_on: '2026-11-15', state: 'created', task_id: '9001', claimed_by: 'a' }]);
  });

  it('hands a claim left past its lease to exactly one other run, and only that run records the task', async () => {
    const portalId = nextPortal();
    const review = { companyId: '201', reviewOn: '2026-11-15' };
    const [dead, b, c] = ['dead', 'b', 'c'].map((owner) => new TierReviewTaskStore(db, { owner }));
    await dead!.claim(portalId, [review], NOW);

    const later = NOW + LEASE_MS + 1;
    const claims = await Promise.all([b!.claim(portalId, [review], later), c!.claim(portalId, [review], later)]);
    expect(claims.map((claim) => claim.get('201')!.kind).sort()).toEqual(['busy', 'taken-over']);

    // The dead run's late record changes nothing: the claim is no longer its own.
    await dead!.recordCreated(portalId, [{ ...review, taskId: '1' }], later);
    const winner = claims[0]!.get('201')!.kind === 'taken-over' ? b! : c!;
    await winner.recordCreated(portalId, [{ ...review, taskId: '2' }], later);
    expect(await b!.rowsOf(portalId, '201')).toMatchObject([{ state: 'created', task_id: '2', claimed_by: winner.owner }]);
  });

  it('gives a failed run\'s claims up at once, and deletes the claims of tasks HubSpot refused', async () => {
    const portalId = nextPortal();
    const [failed, refused] = [{ companyId: '301', reviewOn: '2026-11-15' }, { companyId: '302', reviewOn: '2026-11-15' }];
    const a = new TierReviewTaskStore(db, { owner: 'a' });
    const b = new TierReviewTaskStore(db, { owner: 'b' });
    await a.claim(portalId, [failed, refused], NOW);

    await a.abandon(portalId, [failed]);
    await a.release(portalId, [refused]);

    // Well within the lease: the abandoned claim is taken over, the released one claimed afresh.
    expect(await b.claim(portalId, [failed, refused], NOW + 1000)).toEqual(new Map([['302', { kind: 'claimed' }], ['301', { kind: 'taken-over' }]]));
  });

  it('keeps each review day of a partner apart', async () => {
    const portalId = nextPortal();
    const a = new TierReviewTaskStore(db, { owner: 'a' });
    await a.claim(portalId, [{ companyId: '401', reviewOn: '2026-11-08' }], NOW);
    await a.recordCreated(portalId, [{ companyId: '401', reviewOn: '2026-11-08', taskId: '7' }], NOW);

    expect(await a.claim(portalId, [{ companyId: '401', reviewOn: '2026-11-15' }], NOW)).toEqual(new Map([['401', { kind: 'claimed' }]]));
    expect((await a.rowsOf(portalId, '401')).map((row) => `${row.review_on} ${row.state}`)).toEqual(['2026-11-08 created', '2026-11-15 claimed']);
  });
});
