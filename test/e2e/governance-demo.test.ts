import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/redis-server.js';
import { repoRoot, runCli } from '../support/run-cli.js';

/*
 * Issue 13: the demo portal carries 18 months of deals, so `partner-enablement governance close`
 * on the sandbox moves partners visibly. `npm start` with the seed program (quarterly governance)
 * in its own process, then the close of the last ended quarter by hand, as a newcomer runs it: a
 * dry run that writes nothing, the close, and the same close again. What moved is read back from
 * the sandbox through HubSpot's API, not taken from the command's text.
 */

const BIN = path.join(repoRoot, 'bin/partner-enablement.mjs');
const NODE = path.join(repoRoot, 'node_modules/.bin/node');
const READY = 'Partner enablement is ready';
const SEED_PROGRAM = path.join(repoRoot, 'examples/program-registered-silver-gold-platinum.json');
const START_TIMEOUT_MS = 150_000;
const TIERS = ['none', 'bronze', 'silver', 'gold', 'platinum'];
const PROPERTIES = ['name', 'pe_is_partner', 'pe_tier', 'pe_quarters_above', 'pe_quarters_below', 'pe_tier_outlook', 'pe_program_status'];

let child: ChildProcess | undefined;
let tempDir: string;
let env: Record<string, string>;
let hubspot: Client;
let serverUrl: string;
let portalId: string;

interface Partner {
  id: string;
  name: string;
  tier: string;
  properties: Record<string, string | null>;
}

async function partners(): Promise<Map<string, Partner>> {
  const page = await hubspot.crm.companies.basicApi.getPage(100, undefined, PROPERTIES);
  const found = new Map<string, Partner>();
  for (const company of page.results) {
    if (company.properties.pe_is_partner !== 'true') continue;
    found.set(company.id, { id: company.id, name: company.properties.name ?? '', tier: company.properties.pe_tier ?? 'none', properties: company.properties });
  }
  expect(page.paging?.next).toBeUndefined();
  return found;
}

async function noteBodies(companyId: string): Promise<string[]> {
  const associated = await hubspot.crm.associations.v4.basicApi.getPage('companies', companyId, 'notes');
  if (associated.results.length === 0) return [];
  const notes = await hubspot.crm.objects.notes.batchApi.read({ inputs: associated.results.map((note) => ({ id: String(note.toObjectId) })), properties: ['hs_note_body'], propertiesWithHistory: [] });
  return notes.results.map((note) => note.properties.hs_note_body ?? '');
}

/** The partner card's tier history, through the workspace's `hubspot.fetch` stand-in (it signs as HubSpot does). */
async function cardHistory(companyId: string): Promise<Array<{ quarter: string; before: { id: string }; after: { id: string } }>> {
  const url = `${serverUrl}/hubspot/cards/partner-enablement?portalId=${portalId}&companyId=${companyId}`;
  const response = await fetch(`${serverUrl}/workspace/api/hubspot-fetch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
  expect(response.status).toBe(200);
  const card = (await response.json()) as { governance?: { history: Array<{ quarter: string; before: { id: string }; after: { id: string } }> } };
  return card.governance?.history ?? [];
}

beforeAll(async () => {
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'pe-gov-demo-'));
  const stateFile = path.join(tempDir, 'sandbox.json');
  // No token, no Redis, no database: sandbox mode with its private redis-server and embedded database.
  env = { HOME: tempDir, SANDBOX_STATE_FILE: stateFile, PROGRAM_FILE: SEED_PROGRAM, LOG_LEVEL: 'warn' };
  const port = await freePort();
  const started = spawn(NODE, [BIN, 'start'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  let output = '';
  started.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const deadline = Date.now() + START_TIMEOUT_MS - 10_000;
  while (!output.includes(READY)) {
    if (started.exitCode !== null) throw new Error(`partner-enablement start exited with ${started.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`partner-enablement start was not ready in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { sandboxUrl: string; accessToken: string; serverUrl: string; portalId: string };
  serverUrl = state.serverUrl;
  portalId = state.portalId;
  // The test reads the portal while the product works on it, within the same 110 requests per 10 s:
  // like any HubSpot client, it waits out a 429 (the SDK's retry waits 10 s, then 20 s).
  hubspot = new Client({ accessToken: state.accessToken, basePath: state.sandboxUrl, numberOfApiCallRetries: 2 });
}, START_TIMEOUT_MS);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(tempDir, { recursive: true, force: true });
});

describe('governance close on the demo portal (seed program, quarterly governance)', () => {
  it('advances one partner and demotes another at the close of the last ended quarter, once', async () => {
    const before = await partners();

    const dryRun = await runCli(['governance', 'close', '--dry-run'], { env });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const quarter = /^Dry run of the close of (\d{4}Q[1-4]): 30 partners, (\d+) would change\. Nothing was written\./.exec(dryRun.stdout)?.[1];
    expect(quarter, dryRun.stdout).toBeDefined();
    expect(dryRun.stdout).toContain('Would move:');
    // A dry run writes nothing: HubSpot holds what it held.
    expect(await partners()).toEqual(before);

    const closed = await runCli(['governance', 'close'], { env });
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(new RegExp(`^Closed ${quarter}: 30 partners, [1-9]\\d* changed; [1-9]\\d* note\\(s\\)`));
    const after = await partners();

    const rank = (tier: string) => TIERS.indexOf(tier);
    const advanced = [...after.values()].filter((partner) => rank(partner.tier) > rank(before.get(partner.id)!.tier));
    const demoted = [...after.values()].filter((partner) => rank(partner.tier) < rank(before.get(partner.id)!.tier));
    expect(advanced.length).toBeGreaterThanOrEqual(1);
    expect(demoted.length).toBeGreaterThanOrEqual(1);
    // Nobody else moved: the others held (and some of them are recommended for exit).
    expect([...after.values()].filter((partner) => partner.tier === before.get(partner.id)!.tier).length).toBe(30 - advanced.length - demoted.length);

    // The command named each of them, from → to, as HubSpot now holds them, and so did the dry run.
    const tierName = (tier: string) => ({ none: 'no tier', bronze: 'Registered', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' })[tier]!;
    for (const [partner, verb] of [...advanced.map((p) => [p, 'advanced'] as const), ...demoted.map((p) => [p, 'demoted'] as const)]) {
      const from = tierName(before.get(partner.id)!.tier);
      const to = tierName(partner.tier);
      expect(closed.stdout).toContain(`  ${partner.name} (company ${partner.id}): ${from} → ${to}, ${verb}: qualified ${verb === 'advanced' ? 'above' : 'below'} ${from} in `);
      expect(dryRun.stdout).toContain(`  ${partner.name} (company ${partner.id}): ${from} → ${to}, ${verb}: `);
      // A note on the company says it, and the card's tier history shows the close after the demo's past quarters.
      expect((await noteBodies(partner.id)).filter((body) => body.includes(`close of ${quarter}: ${from} → ${to}`))).toHaveLength(1);
      const history = await cardHistory(partner.id);
      expect(history[0]).toMatchObject({ quarter, before: { id: before.get(partner.id)!.tier }, after: { id: partner.tier } });
      expect(history.length).toBeGreaterThan(1);
    }
    expect(demoted[0]!.properties.pe_quarters_below).toBe('0');

    // The same quarter again changes nothing.
    const again = await runCli(['governance', 'close'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^${quarter} was closed already: 30 partners, [1-9]\\d* changed\\. A close never runs twice\\.`));
    expect(await partners()).toEqual(after);
    for (const partner of [...advanced, ...demoted]) {
      expect((await noteBodies(partner.id)).filter((body) => body.includes(`close of ${quarter}`))).toHaveLength(1);
    }
  }, 180_000);
});
