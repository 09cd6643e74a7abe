import type { ChainableCommander, Redis } from 'ioredis';

/**
 * A Lua script Redis runs atomically, known by its name. Every script of the product is declared
 * with {@link defineRedisScript} and run with {@link runRedisScript} (or queued on a pipeline),
 * which define it on the connection once with ioredis's `defineCommand`: ioredis then sends it by
 * hash (EVALSHA) and its source only when Redis does not have it, after a restart say.
 */
export interface RedisScript {
  /** The command name on the connection; unique in the product. */
  readonly name: string;
  readonly source: string;
}

/** Every script declared in this process, by name: one name, one source. */
const declared = new Map<string, string>();

type ScriptCommand = (numberOfKeys: number, ...keysAndArgs: Array<string | number>) => Promise<unknown>;

/** Declares a script once, by name. Declaring a name twice with another source throws. */
export function defineRedisScript(name: string, source: string): RedisScript {
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`Redis script name "${name}" must be camelCase letters and digits`);
  const existing = declared.get(name);
  if (existing !== undefined && existing !== source) throw new Error(`Redis script "${name}" is already defined with another source`);
  declared.set(name, source);
  return { name, source };
}

/** The scripts defined on each connection. */
const definedOn = new WeakMap<Redis, Set<string>>();

/** Defines the scripts on the connection (once per connection). */
function defineOn(redis: Redis, scripts: readonly RedisScript[]): void {
  let defined = definedOn.get(redis);
  if (!defined) definedOn.set(redis, (defined = new Set()));
  for (const script of scripts) {
    if (defined.has(script.name)) continue;
    // A name of ioredis's own (a Redis command) would replace that command on the connection.
    if (script.name in redis) throw new Error(`Redis script name "${script.name}" is taken by a command of the connection`);
    // Without numberOfKeys the key count is the command's first argument, as with EVAL.
    redis.defineCommand(script.name, { lua: script.source });
    defined.add(script.name);
  }
}

function commandOf(target: Redis | ChainableCommander, script: RedisScript): ScriptCommand {
  const command = (target as unknown as Record<string, ScriptCommand | undefined>)[script.name];
  if (typeof command !== 'function') throw new Error(`Redis script "${script.name}" is not defined on this pipeline: create it with pipelineWithScripts`);
  return command.bind(target);
}

/** Runs a script with its keys and arguments. */
export function runRedisScript(redis: Redis, script: RedisScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  defineOn(redis, [script]);
  return commandOf(redis, script)(keys.length, ...keys, ...args);
}

/** A pipeline (or MULTI) on which the given scripts can be queued with {@link queueRedisScript}. */
export function pipelineWithScripts(redis: Redis, scripts: readonly RedisScript[]): ChainableCommander {
  // ioredis copies the connection's defined commands into a pipeline when it creates it.
  defineOn(redis, scripts);
  return redis.pipeline();
}

/** Queues a script on a pipeline made by {@link pipelineWithScripts}. */
export function queueRedisScript(pipeline: ChainableCommander, script: RedisScript, keys: readonly string[], args: ReadonlyArray<string | number>): void {
  void commandOf(pipeline, script)(keys.length, ...keys, ...args);
}
