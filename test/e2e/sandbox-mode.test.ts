import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@hubspot/api-client';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/redis-server.js';

/*
 * `npm start` with no HubSpot token, as a newcomer runs it: the real command in its own process,
 * sandbox HubSpot and all. It must print that it is ready, answer /healthz and /readyz, have
 * evaluated the demo partners, and stop cleanly (exit 0) on SIGTERM.
 */

const BIN = path.resolve('bin/partner-enablement.mjs');
const READY = 'Partner enablement is ready';
/** A first start creates the embedded database's data directory: on a busy machine that takes a while. */
const START_TIMEOUT_MS = 100_000;

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  port: number;
  stateFile: string;
}

let running: Started | undefined;
let tempDir: string | undefined;

afterEach(() => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
});

async function startProduct(env: Record<string, string>): Promise<Started> {
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'pe-e2e-'));
  const port = await freePort();
  const stateFile = path.join(tempDir, 'sandbox.json');
  // Only what the product reads: no HubSpot token, so sandbox mode.
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tempDir, PORT: String(port), SANDBOX_STATE_FILE: stateFile, LOG_LEVEL: 'warn', ...env };
  const child = spawn(process.execPath, [BIN, 'start'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  running = { child, output: () => output, exit, port, stateFile };
  const deadline = Date.now() + 75_000;
  while (!output.includes(READY)) {
    if (child.exitCode !== null) throw new Error(`partner-enablement start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`partner-enablement start was not ready within 75 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return running;
}

/** The error code of a TCP connection to the port, or 'connected'. */
function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function checkRunningProduct(started: Started): Promise<void> {
  const base = `http://localhost:${started.port}`;
  expect(started.output()).toContain(`${READY} at ${base}`);
  expect(await getJson(`${base}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
  const ready = await getJson(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(ready.body.checks).toEqual({ redis: 'ok', hubspot: 'ok', database: 'ok' });
  // No DATABASE_URL: the embedded database keeps its data beside the state file.
  expect(existsSync(path.join(path.dirname(started.stateFile), 'database', 'PG_VERSION'))).toBe(true);

  // The banner names a demo partner to look at; the sandbox (found through the state file) has its outputs.
  const partnerId = /partner-enablement audit (\d+)/.exec(started.output())?.[1];
  expect(partnerId).toBeDefined();
  const state = JSON.parse(readFileSync(started.stateFile, 'utf8')) as { sandboxUrl: string; accessToken: string; serverUrl: string };
  expect(state.serverUrl).toBe(base);
  const hubspot = new Client({ accessToken: state.accessToken, basePath: state.sandboxUrl, numberOfApiCallRetries: 0 });
  const company = await hubspot.crm.companies.basicApi.getById(partnerId!, ['pe_tier', 'pe_readiness_score', 'pe_readiness_trend', 'pe_readiness_evaluated_at']);
  expect(company.properties.pe_tier).toBe('gold');
  expect(company.properties.pe_readiness_score).toMatch(/^\d+$/);
  expect(company.properties.pe_readiness_trend).toBe('stable');
  expect(company.properties.pe_readiness_evaluated_at).toBeTruthy();
}

async function stopWithSigterm(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  const code = await Promise.race([started.exit, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
  expect(code, started.output()).toBe(0);
  expect(existsSync(started.stateFile)).toBe(false);
}

describe('npm start without a HubSpot token (sandbox mode)', () => {
  it('runs against the sandbox with the test Redis, answers health checks, evaluates the demo partners and stops on SIGTERM', async () => {
    const started = await startProduct({ REDIS_URL: inject('redisUrl') });
    await checkRunningProduct(started);
    expect(started.output()).not.toContain('private redis-server');
    await stopWithSigterm(started);
  }, START_TIMEOUT_MS);

  it('starts a private redis-server when REDIS_URL is unset', async () => {
    const started = await startProduct({});
    expect(started.output()).toContain('a private redis-server, gone when this stops');
    const redisPort = /Redis\s+redis:\/\/127\.0\.0\.1:(\d+)/.exec(started.output())?.[1];
    await checkRunningProduct(started);
    await stopWithSigterm(started);
    // Its redis-server went with it.
    expect(await connectError(Number(redisPort))).toBe('ECONNREFUSED');
  }, START_TIMEOUT_MS);
});
