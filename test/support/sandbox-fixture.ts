import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

/** A fixed demo "today", so that seeded certification statuses never drift with the calendar. */
export const SANDBOX_TODAY = '2026-11-15';

/** The real SDK pointed at a sandbox; no SDK retries, so every answer reaches the test as is. */
export function sandboxClient(sandbox: Sandbox, overrides: { accessToken?: string } = {}): Client {
  return new Client({ accessToken: overrides.accessToken ?? sandbox.accessToken, basePath: sandbox.url, numberOfApiCallRetries: 0 });
}

/**
 * Starts a sandbox before the file's tests and stops it after. Call at the top of a test file
 * (or a describe block); the getters are valid inside tests.
 */
export function useSandbox(options: SandboxOptions = {}): { sandbox(): Sandbox; client(): Client } {
  let sandbox: Sandbox | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ today: SANDBOX_TODAY, ...options });
    client = sandboxClient(sandbox);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  return {
    sandbox: () => {
      if (!sandbox) throw new Error('useSandbox(): the sandbox is only available inside tests');
      return sandbox;
    },
    client: () => {
      if (!client) throw new Error('useSandbox(): the client is only available inside tests');
      return client;
    },
  };
}

/** Starts a sandbox for one test body and always stops it. */
export async function withSandbox<T>(options: SandboxOptions, body: (sandbox: Sandbox, client: Client) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox({ today: SANDBOX_TODAY, ...options });
  try {
    return await body(sandbox, sandboxClient(sandbox));
  } finally {
    await sandbox.stop();
  }
}
