import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * What a connection is for, which decides how it behaves while Redis is away:
 * - `worker`: BullMQ workers and anything that must wait Redis out. Commands queue until Redis is
 *   back (`maxRetriesPerRequest: null`, which BullMQ requires for workers).
 * - `client`: request handlers (the webhook route). Commands fail fast when Redis is away, so the
 *   route answers 503 within HubSpot's 5-second limit and HubSpot delivers again later.
 */
export type RedisRole = 'worker' | 'client';

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` (config `REDIS_URL`). */
  url: string;
  role: RedisRole;
  /** Client name shown by `CLIENT LIST`, for operators. Default `partner-enablement:<role>`. */
  name?: string;
  /** Connection errors are logged here (once per outage, not once per retry). */
  logger?: Logger;
}

/** Opens a Redis connection configured for its role. */
export function createRedisConnection(options: RedisConnectionOptions): Redis {
  const redis = new Redis(options.url, {
    connectionName: options.name ?? `partner-enablement:${options.role}`,
    maxRetriesPerRequest: options.role === 'worker' ? null : 1,
    // A client answers HTTP requests: a Redis that hangs must not hold them past HubSpot's 5 s.
    ...(options.role === 'client' ? { commandTimeout: 2000 } : {}),
    // Reconnect for ever, backing off to 2 s: an operator restarting Redis must not need to
    // restart the app as well.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  watchConnection(redis, options);
  return redis;
}

function watchConnection(redis: Redis, options: RedisConnectionOptions): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    options.logger?.error({ err: { message: error.message }, role: options.role }, 'redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    options.logger?.info({ role: options.role }, 'redis connection restored');
  });
}

/**
 * Reads Redis's `maxmemory-policy` and warns unless it is `noeviction`: with any other policy a
 * full Redis silently drops queued jobs and pending recalculations. Returns the policy, or
 * undefined when the server does not say (some managed services hide INFO fields).
 */
export async function checkEvictionPolicy(redis: Redis, logger?: Logger): Promise<string | undefined> {
  const info = await redis.info('memory');
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === undefined) {
    logger?.warn('could not read Redis maxmemory-policy; make sure it is noeviction, or queued jobs may be dropped');
  } else if (policy !== 'noeviction') {
    logger?.warn(
      { maxmemoryPolicy: policy },
      `Redis maxmemory-policy is ${policy}: set it to noeviction (CONFIG SET maxmemory-policy noeviction, and in redis.conf), or Redis will drop queued jobs when memory is full`,
    );
  }
  return policy;
}
