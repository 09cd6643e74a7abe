import crypto from 'node:crypto';
import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';

/** A command as Redis received it: its name (lower case) and arguments. */
export type RedisCommand = string[];

/**
 * Runs `action` and returns, with its result, every command the `watched` connection sent Redis
 * meanwhile (through `MONITOR`, so it counts what reached the server). Commands a Lua script runs
 * inside Redis are not counted: they cost no round trip. Other connections are ignored, so test
 * files sharing one Redis do not disturb the count.
 */
export async function commandsSentBy<T>(watched: Redis, action: () => Promise<T>): Promise<{ result: T; commands: RedisCommand[] }> {
  await watched.ping();
  const source = `127.0.0.1:${(watched.stream as Socket).localPort}`;
  const monitor = await watched.monitor();
  const commands: RedisCommand[] = [];
  const marker = `end-of-count-${crypto.randomBytes(4).toString('hex')}`;
  let sawMarker!: () => void;
  const markerSeen = new Promise<void>((resolve) => {
    sawMarker = resolve;
  });
  let counting = true;
  monitor.on('monitor', (_time: string, args: string[], from: string) => {
    if (!counting || from !== source) return;
    if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) {
      counting = false;
      return sawMarker();
    }
    commands.push([args[0]!.toLowerCase(), ...args.slice(1)]);
  });
  try {
    const result = await action();
    // MONITOR reports commands in the order Redis ran them: once the marker shows, all are in.
    await watched.echo(marker);
    await markerSeen;
    return { result, commands };
  } finally {
    monitor.disconnect();
  }
}
