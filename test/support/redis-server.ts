import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from '../../src/sandbox-mode/find-free-port.js';

export interface RedisServerOptions {
  /** Keep data on disk (append-only file), so that a restart keeps it. */
  persistence?: boolean;
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** SIGKILL the server, as a crash would. */
  kill(): Promise<void>;
  /** Start it again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export const freePort = findFreePort;

async function waitUntilReady(port: number, deadlineMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // A refused connection while the server boots is expected; the loop below retries it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() - started > deadlineMs) throw new Error(`redis-server on port ${port} did not start: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
}

/** Starts a private `redis-server` on a free port (tests never use the machine's own Redis). */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-redis-'));
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', options.persistence ? 'yes' : 'no',
    '--appendfsync', 'always',
    '--maxmemory-policy', 'noeviction',
    '--logfile', '',
  ];
  let child: ChildProcess | undefined;
  const launch = async () => {
    const spawned = spawn('redis-server', args, { stdio: 'ignore' });
    child = spawned;
    const failedToSpawn = new Promise<never>((_, reject) =>
      spawned.once('error', (error) =>
        reject(new Error(`cannot run redis-server (install it: apt-get install -y redis-server): ${error.message}`)),
      ),
    );
    await Promise.race([waitUntilReady(port), failedToSpawn]);
  };
  const exited = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      child?.kill('SIGKILL');
      await exited();
    },
    async restart() {
      await launch();
    },
    async stop() {
      child?.kill('SIGTERM');
      await exited();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
