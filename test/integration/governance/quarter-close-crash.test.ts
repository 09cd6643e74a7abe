import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { QUARTER_CLOSED_ACTION } from '../../../src/governance/quarter-close-store.js';
import { repoRoot } from '../../support/run-cli.js';
import { notesOf, partnerIds, startQuarterCloseRig, type QuarterCloseRig } from './quarter-close-harness.js';

const redisUrl = inject('redisUrl');
let rig: QuarterCloseRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const AFTER_Q2 = Date.parse('2026-07-02T12:00:00Z');
const AFTER_Q3 = Date.parse('2026-10-02T12:00:00Z');
const LEASE_MS = 60_000;

/** Closes a quarter in a worker process of its own that SIGKILLs itself at `crashAt`. */
function closeInProcessKilledAt(rig: QuarterCloseRig, quarter: string, crashAt: string): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), ['bin/run-ts.mjs', 'test/integration/governance/close-quarter-process.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SANDBOX_URL: rig.sandbox.url,
        SANDBOX_TOKEN: rig.sandbox.accessToken,
        PORTAL_ID: rig.portalId,
        REDIS_URL: rig.redisUrl,
        DATABASE_URL: rig.databaseUrl,
        PREFIX: rig.prefix,
        NOW: String(rig.clock.now),
        QUARTER: quarter,
        PARTNER_ENABLEMENT_CRASH_AT: crashAt,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

describe('a quarter close killed part-way, then two workers', () => {
  for (const crashAt of ['quarter-close.after-snapshots', 'quarter-close.after-batch']) {
    it(`closes every partner exactly once after a crash at ${crashAt}`, async () => {
      rig = await startQuarterCloseRig(redisUrl);
      const first = rig.closer({ leaseMs: LEASE_MS });
      rig.clock.now = AFTER_Q2;
      await first.close.closeQuarter(rig.portalId, '2026Q2');

      rig.clock.now = AFTER_Q3;
      const killed = await closeInProcessKilledAt(rig, '2026Q3', crashAt);
      expect(killed.signal, killed.output).toBe('SIGKILL');
      const partial = await rig.store.snapshotsOfQuarter(rig.portalId, '2026Q3');
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(partnerIds(rig.sandbox).length);

      // Within the lease the dead worker's claim holds: nobody runs the close.
      const early = rig.closer({ leaseMs: LEASE_MS, batchSize: 2 });
      expect((await early.close.closeQuarter(rig.portalId, '2026Q3')).status).toBe('claimed-elsewhere');

      // After it, two workers on two pools see the scheduler fire at once: one takes the close over.
      rig.clock.now = AFTER_Q3 + LEASE_MS + 1;
      const [a, b] = [rig.closer({ leaseMs: LEASE_MS, batchSize: 2 }), rig.closer({ leaseMs: LEASE_MS, batchSize: 2 })];
      const outcomes = await Promise.all([a.close.closeQuarter(rig.portalId, '2026Q3'), b.close.closeQuarter(rig.portalId, '2026Q3')]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['claimed-elsewhere', 'closed']);
      expect(outcomes.find((outcome) => outcome.status === 'closed')).toMatchObject({ resumed: true });

      const snapshots = await rig.store.snapshotsOfQuarter(rig.portalId, '2026Q3');
      expect(snapshots.map((snapshot) => snapshot.company_id)).toEqual([...partnerIds(rig.sandbox)].sort());
      const moved = snapshots.filter((snapshot) => snapshot.tier_before !== snapshot.tier_after);
      expect(moved.length).toBeGreaterThan(0);
      for (const snapshot of snapshots) {
        const notes = notesOf(rig.sandbox, snapshot.company_id).filter((body) => body.includes('close of 2026Q3'));
        expect(notes, snapshot.company_id).toHaveLength(snapshot.tier_before === snapshot.tier_after ? 0 : 1);
        expect(rig.sandbox.store.getCompany(snapshot.company_id)!.properties.pe_tier ?? 'none').toBe(snapshot.tier_after);
      }
      const carried = await rig.db.selectFrom('audit_entries').select('company_id').where('action', '=', QUARTER_CLOSED_ACTION)
        .where(sql<string>`after->>'quarter'`, '=', '2026Q3').execute();
      expect(carried.map((row) => row.company_id).sort()).toEqual(snapshots.map((snapshot) => snapshot.company_id).sort());
      const closes = await rig.db.selectFrom('quarter_closes').selectAll().where('quarter', '=', '2026Q3').execute();
      expect(closes).toHaveLength(1);
      expect(closes[0]).toMatchObject({ partners: snapshots.length, changed: moved.length });
      expect(closes[0]!.finished_at).not.toBeNull();

      // And it is finished once: a later attempt finds it closed.
      expect((await a.close.closeQuarter(rig.portalId, '2026Q3')).status).toBe('already-closed');
    });
  }
});
