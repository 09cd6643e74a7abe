import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What a running sandbox mode tells CLI commands started beside it (`recalc`, `audit`): where its
 * sandbox HubSpot, Redis and database are. Sandbox values only (the sandbox's own token and secret are
 * fixed demo strings, not secrets); the file is removed when sandbox mode stops.
 */
export const sandboxStateSchema = z.object({
  pid: z.number().int(),
  serverUrl: z.string(),
  sandboxUrl: z.string(),
  redisUrl: z.string(),
  /** The embedded database's address (or `DATABASE_URL`'s) — a local sandbox address, no secret. */
  databaseUrl: z.string(),
  portalId: z.string(),
  appId: z.string(),
  accessToken: z.string(),
  clientSecret: z.string(),
  startedAt: z.string(),
});

export type SandboxState = z.infer<typeof sandboxStateSchema>;

export function writeSandboxState(file: string, state: SandboxState): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** The state of the sandbox mode that wrote `file`, or null when there is none or its process is gone. */
export function readSandboxState(file: string): SandboxState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const parsed = sandboxStateSchema.safeParse(safeJson(text));
  if (!parsed.success || !isAlive(parsed.data.pid)) return null;
  return parsed.data;
}

/** Removes the file if it is this process's. */
export function removeSandboxState(file: string, pid: number = process.pid): void {
  const parsed = sandboxStateSchema.safeParse(safeJson(readOrEmpty(file)));
  if (parsed.success && parsed.data.pid === pid) rmSync(file, { force: true });
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
