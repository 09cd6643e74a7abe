import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

/** Pino's numeric levels: 40 is `warn`. */
const WARN = 40;

export interface BenchLogger {
  logger: Logger;
  /** Warning and error lines the product wrote (429 pauses, refused writes…), newest last. */
  readonly warnings: string[];
}

/**
 * The product's logger at `info`, as in production, so that the cost of building log lines is in
 * the measurement; the lines go nowhere (no terminal I/O in the numbers) except warnings and
 * errors, which are kept for the report.
 */
export function createBenchLogger(level: 'info' | 'warn' | 'silent' = 'info'): BenchLogger {
  const warnings: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const line = chunk.toString('utf8');
      // Cheap check before parsing: only warn+ lines are kept.
      if (/"level":"(warn|error|fatal)"/.test(line) || levelOf(line) >= WARN) warnings.push(line.trim());
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), warnings };
}

function levelOf(line: string): number {
  const match = /"level":(\d+)/.exec(line);
  return match ? Number(match[1]) : 0;
}
