import { Redis } from 'ioredis';
import { AppError } from '../errors.js';

export interface EnsureRedisReachableOptions {
  /** Whether `REDIS_URL` was set (else the default address was tried), for the message. */
  configured: boolean;
  /** How long to keep trying a Redis that refuses or does not answer. Default 5,000 ms. */
  timeoutMs?: number;
}

/** Answers that no retry can change: wrong password, wrong user, no such database. */
const PERMANENT = /WRONGPASS|NOAUTH|NOPERM|invalid (username|password)|DB index is out of range|ERR invalid DB index/i;

/**
 * Fails at start, with one line naming `REDIS_URL` and the address tried, when Redis cannot be
 * used: a malformed URL (`INVALID_CONFIG`), or no Redis answering PING within the timeout
 * (`SERVICE_UNAVAILABLE`). Without it the process would wait for Redis for ever with nothing
 * listening. Once running, the product rides out Redis outages instead (see src/redis.ts).
 */
export async function ensureRedisReachable(url: string, options: EnsureRedisReachableOptions): Promise<void> {
  const where = describeRedisUrl(url);
  const variable = options.configured ? `REDIS_URL (${where})` : `REDIS_URL is not set, and the default ${where}`;
  if (!URL.canParse(url) || !['redis:', 'rediss:'].includes(new URL(url).protocol)) {
    throw new AppError('INVALID_CONFIG', `REDIS_URL must be a redis:// or rediss:// URL, got "${where}"`);
  }
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  let lastError = 'no answer';
  for (;;) {
    const remaining = deadline - Date.now();
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: Math.max(remaining, 100), connectionName: 'partner-enablement:probe' });
    // The event says why a connection failed (ECONNREFUSED, ENOTFOUND); the rejection only that it closed.
    let cause: string | undefined;
    probe.on('error', (error: Error) => {
      cause ??= error.message;
    });
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      lastError = cause ?? (error as Error).message;
    } finally {
      probe.disconnect();
    }
    if (PERMANENT.test(lastError) || Date.now() + 250 >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new AppError('SERVICE_UNAVAILABLE', `cannot use Redis: ${variable} did not answer (${lastError}); start Redis there or set REDIS_URL to one that runs`);
}

/** The URL without its password, for messages. */
function describeRedisUrl(url: string): string {
  if (!URL.canParse(url)) return url.replace(/\/\/[^@/]*@/, '//***@');
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}
