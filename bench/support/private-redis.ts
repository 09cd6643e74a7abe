import crypto from 'node:crypto';
import { startRedisServer } from '../../test/support/redis-server.js';

export interface BenchRedis {
  url: string;
  /** A key prefix no other run uses (several benches may share one Redis). */
  prefix: string;
  stop(): Promise<void>;
}

/**
 * The Redis a bench runs on: the given one (the smoke tests pass the test run's), else a private
 * `redis-server` started for the bench and stopped after it. Never the machine's own Redis.
 */
export async function benchRedis(name: string, url?: string): Promise<BenchRedis> {
  const prefix = `bench:${name}:${crypto.randomBytes(4).toString('hex')}`;
  if (url) return { url, prefix, stop: async () => undefined };
  const server = await startRedisServer();
  return { url: server.url, prefix, stop: () => server.stop() };
}
