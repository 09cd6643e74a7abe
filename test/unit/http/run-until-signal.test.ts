import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runUntilSignal } from '../../../src/http/run-until-signal.js';
import { createLogger } from '../../../src/logger.js';

const logger = createLogger({ level: 'silent' });

describe('runUntilSignal', () => {
  it('stops every step in order when SIGTERM arrives, and resolves with the signal', async () => {
    const source = new EventEmitter();
    const stopped: string[] = [];
    const step = (name: string) => ({ name, stop: async () => void stopped.push(name) });

    const running = runUntilSignal([step('web'), step('worker'), step('redis')], { logger, source });
    expect(stopped).toEqual([]);
    source.emit('SIGTERM');

    expect(await running).toBe('SIGTERM');
    expect(stopped).toEqual(['web', 'worker', 'redis']);
  });

  it('runs the remaining steps when one fails', async () => {
    const source = new EventEmitter();
    const stopped: string[] = [];

    const running = runUntilSignal(
      [
        { name: 'web', stop: async () => Promise.reject(new Error('already closed')) },
        { name: 'redis', stop: async () => void stopped.push('redis') },
      ],
      { logger, source },
    );
    source.emit('SIGINT');
    await running;

    expect(stopped).toEqual(['redis']);
  });

  it('forces the exit when a second signal arrives during shutdown', async () => {
    const source = new EventEmitter();
    let forced = false;
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });

    const running = runUntilSignal([{ name: 'worker', stop: () => slow }], { logger, source, onForce: () => (forced = true) });
    source.emit('SIGTERM');
    await new Promise((r) => setImmediate(r));
    source.emit('SIGTERM');
    release();
    await running;

    expect(forced).toBe(true);
  });

  it('leaves no signal listener behind', async () => {
    const source = new EventEmitter();
    const running = runUntilSignal([], { logger, source });
    source.emit('SIGTERM');
    await running;

    expect(source.listenerCount('SIGTERM') + source.listenerCount('SIGINT')).toBe(0);
  });
});
