import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export interface OnRedisReconnectOptions {
  /** Tries of `action` after one reconnection before waiting for the next. Default 30. */
  attempts?: number;
  /** Pause between tries, growing to this. Default 2,000 ms. */
  maxDelayMs?: number;
}

/**
 * Runs `action` each time the connection is ready again after it was lost, retrying it while
 * Redis is still coming up. A Redis that restarted may be empty, and what lives only in Redis
 * (job schedulers, the sweep marker) must be put back by the running process, not by a restart of
 * it. Resolves the returned function to stop watching.
 */
export function onRedisReconnect(redis: Redis, action: () => Promise<void>, logger: Logger, options: OnRedisReconnectOptions = {}): () => void {
  const attempts = options.attempts ?? 30;
  const maxDelayMs = options.maxDelayMs ?? 2000;
  let lost = false;
  let stopped = false;
  let running = false;

  const onClose = () => {
    lost = true;
  };
  const run = async () => {
    running = true;
    try {
      for (let attempt = 1; attempt <= attempts && !stopped; attempt++) {
        try {
          await action();
          return;
        } catch (error) {
          logger.warn({ attempt, err: { message: (error as Error).message } }, 'restoring what Redis holds after a reconnection failed; trying again');
          await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 200, maxDelayMs)));
        }
      }
    } finally {
      running = false;
    }
  };
  const onReady = () => {
    if (!lost || stopped) return;
    lost = false;
    if (running) return;
    void run();
  };
  redis.on('close', onClose);
  redis.on('ready', onReady);
  return () => {
    stopped = true;
    redis.off('close', onClose);
    redis.off('ready', onReady);
  };
}
