import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../support/run-cli.js';
import { createPartner, startLifecycleRig, tasksOf, type LifecycleRig } from './lifecycle-harness.js';

const redisUrl = inject('redisUrl');
let rig: LifecycleRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** Runs one lifecycle sweep in a worker process of its own that SIGKILLs itself at `crashAt`. */
function sweepInProcessKilledAt(rig: LifecycleRig, crashAt: string): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), ['bin/run-ts.mjs', 'test/integration/lifecycle/reminder-sweep-process.ts'], {
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

const LEASE_MS = 5 * 60_000;

describe('a renewal reminder whose worker is killed mid-way', () => {
  it.each([
    { crashAt: 'reminder.claimed', what: 'after the claim, before the task', emailed: 1 },
    { crashAt: 'reminder.task-created', what: 'after the task was created, before the ledger knew', emailed: 1 },
    { crashAt: 'reminder.task-recorded', what: 'after the task was recorded, before the email', emailed: 0 },
  ])('is finished by the next worker with exactly one task when killed $what', async ({ crashAt, emailed }) => {
    rig = await startLifecycleRig(redisUrl, '2026-02-19T07:00:00Z');
    const partner = createPartner(rig.sandbox, {
      timeZone: 'Europe/Berlin',
      contacts: [{ firstName: 'Ada', lastName: 'Lovelace', certifications: { sales_fundamentals: '2025-04-20' } }],
    });
    await rig.evaluate([partner.companyId]);
    rig.clock.now = Date.parse('2026-02-19T08:00:30Z');

    const killed = await sweepInProcessKilledAt(rig, crashAt);
    expect(killed.signal, killed.output).toBe('SIGKILL');
    const [contactId] = partner.contactIds;
    const id = { contactId: contactId!, certificationId: 'sales_fundamentals', expiresOn: '2026-04-20', offsetDays: 60 };
    const left = await rig.db.selectFrom('reminder_ledger').selectAll().where('contact_id', '=', contactId!).execute();
    expect(left).toHaveLength(1);
    expect(left[0]!.state).toBe(crashAt === 'reminder.task-recorded' ? 'task-created' : 'claimed');
    expect(tasksOf(rig.sandbox, partner.companyId)).toHaveLength(crashAt === 'reminder.claimed' ? 0 : 1);

    // Before the dead worker's lease is over (the partner woken early, by a re-evaluation), nobody
    // touches its reminder, and the partner is woken again soon.
    rig.clock.now += 60_000;
    await rig.lifecycle.deps.schedule.set([{ portalId: rig.portalId, companyId: partner.companyId, kind: 'reminder', at: rig.clock.now - 1 }]);
    const early = await rig.lifecycle.sweep();
    expect(early.reminders.map((reminder) => reminder.outcome)).toEqual(['in-progress']);
    expect(tasksOf(rig.sandbox, partner.companyId)).toHaveLength(crashAt === 'reminder.claimed' ? 0 : 1);

    // After it, the restarted worker's sweep takes it over and finishes it.
    rig.clock.now += LEASE_MS;
    const report = await rig.lifecycle.sweep();
    expect(report.reminders.filter((reminder) => reminder.outcome === 'sent')).toHaveLength(1);

    const tasks = tasksOf(rig.sandbox, partner.companyId);
    expect(tasks).toHaveLength(1);
    const row = await rig.lifecycle.deps.ledger.read(rig.portalId, { ...id, offsetDays: left[0]!.offset_days });
    expect(row).toMatchObject({ state: 'sent', task_id: tasks[0]!.id });
    expect(rig.outbox.outbox).toHaveLength(emailed);

    // And once more, nothing.
    await rig.lifecycle.deps.schedule.set([{ portalId: rig.portalId, companyId: partner.companyId, kind: 'reminder', at: rig.clock.now - 1 }]);
    await rig.lifecycle.sweep();
    expect(tasksOf(rig.sandbox, partner.companyId)).toHaveLength(1);
  });
});
