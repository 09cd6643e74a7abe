import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../support/run-cli.js';
import { allCompanyIds, startRecalculationRig, type RecalculationRig } from './recalculation-harness.js';

const redisUrl = inject('redisUrl');
let rig: RecalculationRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** Recalculates companies in a worker process of its own that SIGKILLs itself at `crashAt`. */
function recalculateInProcessKilledAt(rig: RecalculationRig, companyIds: string[], crashAt: string): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), ['bin/run-ts.mjs', 'test/integration/recalculation/recalculate-process.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SANDBOX_URL: rig.sandbox.url,
        SANDBOX_TOKEN: rig.sandbox.accessToken,
        PORTAL_ID: rig.portalId,
        REDIS_URL: redisUrl,
        DATABASE_URL: rig.databaseUrl,
        PREFIX: rig.prefix,
        NOW: String(rig.clock.now),
        COMPANY_IDS: companyIds.join(','),
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

describe('a worker killed in the middle of a batch', () => {
  it('leaves no audit row and no score point of that batch, and the next run records the points once', async () => {
    rig = await startRecalculationRig(redisUrl);
    const ids = allCompanyIds(rig.sandbox);

    const killed = await recalculateInProcessKilledAt(rig, ids, 'recalculation.before-commit');
    expect(killed.signal, killed.output).toBe('SIGKILL');
    // HubSpot got the outputs (that write cannot be rolled back)…
    expect(rig.sandbox.seed.partners.every((partner) => rig!.sandbox.store.getCompany(partner.id)!.properties.pe_tier === partner.expectedTier)).toBe(true);
    // …but the batch's audit entries and points were one transaction, never committed.
    const count = async (table: 'audit_entries' | 'score_points') =>
      Number((await rig!.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('audit_entries')).toBe(0);
    expect(await count('score_points')).toBe(0);

    await rig.recalculator.recalculatePartners(rig.portalId, ids);
    expect(await count('score_points')).toBe(rig.sandbox.seed.partners.length);
  });
});
