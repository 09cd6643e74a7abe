import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import { findFreePort } from './find-free-port.js';

/** A `redis-server` this process started for itself and stops on exit. */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** The `redis-server` executable. Default `redis-server` on the PATH. */
  command?: string;
  /** How long to wait for it to answer PING. Default 10,000 ms. */
  startTimeoutMs?: number;
}

/** What to tell someone who has no redis-server, by platform. */
export function howToGetRedis(): string {
  return [
    'Sandbox mode needs Redis and no REDIS_URL is set, so it starts a private redis-server, which is not installed.',
    'Install one:  Debian/Ubuntu: sudo apt-get install redis-server   macOS: brew install redis   (any Redis ≥ 6.2 works)',
    'or point the app at a running Redis:  REDIS_URL=redis://127.0.0.1:6379 npm start',
  ].join('\n');
}

/**
 * Starts `redis-server` on a free port of 127.0.0.1 with no persistence (the sandbox's data is
 * gone on exit anyway) and `maxmemory-policy noeviction` (BullMQ's requirement). Throws
 * `SERVICE_UNAVAILABLE` with install instructions when the executable is missing.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await findFreePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'partner-enablement-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--logfile', ''];
  const child = spawn(options.command ?? 'redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<NodeJS.ErrnoException | number | null>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    child.once('exit', (code) => resolve(code));
  });
  try {
    await waitForPing(port, exited, options.startTimeoutMs ?? 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await stopChild(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(port: number, exited: Promise<NodeJS.ErrnoException | number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let early: NodeJS.ErrnoException | number | null | undefined;
  void exited.then((outcome) => {
    early = outcome;
  });
  for (;;) {
    if (early !== undefined) {
      if (early instanceof Error && early.code === 'ENOENT') throw new AppError('SERVICE_UNAVAILABLE', howToGetRedis());
      throw new AppError('SERVICE_UNAVAILABLE', `redis-server exited before it answered (${early instanceof Error ? early.message : `exit code ${early}`})`);
    }
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      if (Date.now() > deadline) throw new AppError('SERVICE_UNAVAILABLE', `redis-server on port ${port} did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
