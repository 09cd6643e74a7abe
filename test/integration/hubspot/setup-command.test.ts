import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { main } from '../../../src/cli/main.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

interface Captured {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

function captureIo(env: NodeJS.ProcessEnv = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdin: Readable.from([]),
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (err += text) },
      env,
      now: () => Date.UTC(2026, 10, 22),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty' });
});

afterAll(async () => {
  await sandbox.stop();
});

describe('partner-enablement setup', () => {
  it('says what it needs when there is no HubSpot connection', async () => {
    const run = captureIo();
    expect(await main(['setup'], run.io)).toBe(4);
    expect(run.stderr()).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(run.stderr()).toContain('--sandbox');
  });

  it('refuses an unknown option', async () => {
    const run = captureIo();
    expect(await main(['setup', '--force'], run.io)).toBe(2);
    expect(run.stderr()).toContain('unknown option --force');
  });

  it('changes nothing in a dry run and prints the plan', async () => {
    const run = captureIo();
    expect(await main(['setup', '--sandbox-url', sandbox.url, '--dry-run'], run.io)).toBe(0);
    expect(run.stdout()).toContain('(dry run)');
    expect(run.stdout()).toMatch(/companies\s+pe_tier\s+would create/);
    expect(run.stdout()).toMatch(/deals\s+pe_registration_status\s+would create/);
    expect(run.stdout()).toMatch(/deal pipeline "Partner registrations"\s+would create/);
    expect(sandbox.requests.entries.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('creates the properties, then says a second run has nothing to change', async () => {
    const first = captureIo();
    expect(await main(['setup', '--sandbox-url', sandbox.url], first.io)).toBe(0);
    expect(first.stdout()).toMatch(/contacts\s+pe_cert_master_partner_expires_on\s+created/);
    expect(first.stdout()).toMatch(/^created \d+, updated 0, unchanged 0$/m);
    expect(first.stdout()).toMatch(/deals\s+deal pipeline "Partner registrations"\s+created/);
    expect(first.stdout()).toMatch(/deals\s+association label "Registered partner" \(deal → company\)\s+created/);

    sandbox.requests.reset();
    const second = captureIo();
    expect(await main(['setup', '--sandbox-url', sandbox.url], second.io)).toBe(0);
    expect(second.stdout()).toContain('Nothing to change');
    expect(second.stdout()).toMatch(/deal pipeline "Partner registrations"\s+unchanged/);
    expect(second.stdout()).toMatch(/association label "Registered partner" \(deal → company\)\s+unchanged/);
    expect(sandbox.requests.entries.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('says plainly what registrations do on a plan without a second pipeline or custom labels, and succeeds', async () => {
    const starter = await startSandbox({ seed: 'empty', plan: { customAssociationLabels: false, dealPipelines: 1 } });
    try {
      const run = captureIo();
      expect(await main(['setup', '--sandbox-url', starter.url], run.io)).toBe(0);
      expect(run.stdout()).toMatch(/^created \d+, updated 0, unchanged 0$/m);
      expect(run.stdout()).toMatch(/deal pipeline "Partner registrations"\s+NOT AVAILABLE: .*registrations go to the default pipeline/);
      expect(run.stdout()).toMatch(/association label "Registered partner" \(deal → company\)\s+NOT AVAILABLE: .*named by pe_partner_company_id alone/);
      expect(starter.store.raw.propertiesOf('deals').has('pe_partner_company_id')).toBe(true);
    } finally {
      await starter.stop();
    }
  });

  it('tries itself out on a fresh built-in sandbox portal', async () => {
    const run = captureIo();
    expect(await main(['setup', '--sandbox'], run.io)).toBe(0);
    expect(run.stdout()).toContain('a fresh sandbox portal');
    expect(run.stdout()).toMatch(/created \d+, updated 0, unchanged 0/);
  });
});
