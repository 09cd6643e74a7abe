import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/db/apply-migrations.js';
import type { Database } from '../../../src/db/database-schema.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { ScoreHistoryStore, type HistoryPoint } from '../../../src/recalculation/score-history-store.js';
import { DATABASE_BACKENDS, type TestDatabase } from '../../support/test-database.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 15, 9);
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
const aPoint = (at: number, score = 50): HistoryPoint => ({ at, day: dayOf(at), score, tier: 'silver', trend: 'stable' });
let portal = 0;

describe.each(DATABASE_BACKENDS)('score history store on $name', ({ create }) => {
  let database: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await create();
    db = openDatabase(database.url, { maxConnections: 4 });
    await applyMigrations(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('reads back what it recorded, oldest first, per company', async () => {
    const store = new ScoreHistoryStore(db);
    const portalId = String(++portal);
    await store.append(portalId, [
      { companyId: 'a', point: aPoint(T0 + DAY, 60) },
      { companyId: 'a', point: aPoint(T0, 55) },
      { companyId: 'b', point: { ...aPoint(T0), score: 20, tier: 'bronze', trend: 'declining' } },
    ]);
    const histories = await store.read(portalId, ['a', 'b', 'c'], T0 + 2 * DAY);
    expect(histories.get('a')).toEqual([aPoint(T0, 55), aPoint(T0 + DAY, 60)]);
    expect(histories.get('b')).toEqual([{ ...aPoint(T0), score: 20, tier: 'bronze', trend: 'declining' }]);
    expect(histories.get('c')).toEqual([]);
  });

  it("keeps a day's first point: a later one the same day, or the same one again, adds nothing", async () => {
    const store = new ScoreHistoryStore(db);
    const portalId = String(++portal);
    await store.append(portalId, [{ companyId: 'a', point: aPoint(T0, 40) }]);
    await store.append(portalId, [{ companyId: 'a', point: aPoint(T0 + 3_600_000, 90) }]);
    await store.append(portalId, [{ companyId: 'a', point: aPoint(T0, 40) }]);
    expect((await store.read(portalId, ['a'], T0 + DAY)).get('a')).toEqual([aPoint(T0, 40)]);
  });

  it('reads the points of the last readDays and the newest older one, which says where the window started', async () => {
    const store = new ScoreHistoryStore(db, { readDays: 60 });
    const portalId = String(++portal);
    await store.append(portalId, [
      { companyId: 'a', point: aPoint(T0, 10) },
      { companyId: 'a', point: aPoint(T0 + 10 * DAY, 20) },
      { companyId: 'a', point: aPoint(T0 + 20 * DAY, 30) },
      { companyId: 'a', point: aPoint(T0 + 100 * DAY, 40) },
    ]);
    const history = (await store.read(portalId, ['a'], T0 + 101 * DAY)).get('a')!;
    expect(history.map((p) => p.score)).toEqual([30, 40]);
  });

  it('keeps portals apart', async () => {
    const store = new ScoreHistoryStore(db);
    const portalId = String(++portal);
    await store.append(portalId, [{ companyId: 'a', point: aPoint(T0, 10) }]);
    expect((await store.read(String(++portal), ['a'], T0 + DAY)).get('a')).toEqual([]);
  });
});
