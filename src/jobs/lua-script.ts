import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run atomically in Redis, sent by hash once the server has it. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: crypto.createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs a script by its hash and falls back to sending its source the first time (or after a
 * Redis restart emptied the script cache).
 */
export async function runLuaScript(
  redis: Redis,
  script: LuaScript,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
