import type { Logger } from '../logger.js';

/** One thing to stop at shutdown, in the order given. */
export interface ShutdownStep {
  /** For the log: `web`, `worker`, `queue`, `redis`. */
  name: string;
  stop(): Promise<void>;
}

/** The part of `process` this needs (tests pass an EventEmitter). */
export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface RunUntilSignalOptions {
  logger: Logger;
  /** Default `['SIGTERM', 'SIGINT']`. */
  signals?: NodeJS.Signals[];
  /** Default `process`. */
  source?: SignalSource;
  /** Called when a second signal arrives during shutdown: the operator insists. Default exits with 1. */
  onForce?: () => void;
  /**
   * Called once the signal listeners are in place: where a command says it is ready, so a
   * supervisor that stops it on that line never meets a process without its listeners (which
   * would die of the signal without shutting down).
   */
  onListening?: () => void;
}

/**
 * Waits for SIGTERM or SIGINT, then stops the steps one after the other (stop accepting
 * requests, let the worker finish or hand back its jobs, close queues, quit Redis). A failing
 * step is logged and the next one still runs. Resolves with the signal once all have stopped;
 * the command then returns its exit code.
 */
export async function runUntilSignal(steps: ShutdownStep[], options: RunUntilSignalOptions): Promise<NodeJS.Signals> {
  const source = options.source ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const received = await new Promise<NodeJS.Signals>((resolve) => {
    const listeners = signals.map((signal) => {
      const listener = () => {
        for (const [s, l] of listeners) source.removeListener(s, l);
        resolve(signal);
      };
      source.once(signal, listener);
      return [signal, listener] as const;
    });
    options.onListening?.();
  });
  options.logger.info({ signal: received }, 'shutting down');
  const force = () => {
    options.logger.warn('second signal: exiting without waiting');
    (options.onForce ?? (() => process.exit(1)))();
  };
  for (const signal of signals) source.once(signal, force);
  try {
    for (const step of steps) {
      try {
        await step.stop();
      } catch (error) {
        options.logger.error({ step: step.name, err: { message: (error as Error).message } }, 'shutdown step failed');
      }
    }
  } finally {
    for (const signal of signals) source.removeListener(signal, force);
  }
  options.logger.info('stopped');
  return received;
}
