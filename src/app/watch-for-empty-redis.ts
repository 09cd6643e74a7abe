import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export interface WatchForEmptyRedisOptions {
  /** Resolves true when what the running workers put in Redis (their job schedulers) is gone. */
  isEmptied: () => Promise<boolean>;
  /** Puts it back: the job schedulers and a catch-up sweep. */
  restore: () => Promise<void>;
  /** The key of the lock that lets one worker among several restore, once while the lock lasts. */
  lockKey: string;
  /** How often to look. */
  intervalMs: number;
  /** How long the lock keeps other workers from restoring too. Default the longer of a minute and two intervals. */
  lockMs?: number;
  logger: Logger;
}

/**
 * Looks every `intervalMs` whether Redis was emptied while the connection stayed up (a FLUSHALL,
 * a failover to an empty replica), which no reconnection reveals, and restores what the workers
 * keep there. One worker restores: the first to take the lock, which outlasts a restore. Resolves
 * the returned function to stop watching.
 */
export function watchForEmptyRedis(redis: Redis, options: WatchForEmptyRedisOptions): () => void {
  const { isEmptied, restore, lockKey, intervalMs, logger } = options;
  const lockMs = options.lockMs ?? Math.max(60_000, 2 * intervalMs);
  let checking = false;
  const check = async () => {
    if (checking || redis.status !== 'ready') return;
    checking = true;
    try {
      if (!(await isEmptied())) return;
      const locked = await redis.set(lockKey, String(process.pid), 'PX', lockMs, 'NX');
      if (locked !== 'OK') return;
      logger.warn('redis was found without the job schedules: restoring them and sweeping');
      await restore();
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'checking whether redis was emptied failed; looking again at the next interval');
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
