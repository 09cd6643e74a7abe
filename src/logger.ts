import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { redactLiveLinks } from './redact-live-links.js';

/** The product's logger: one JSON line per event, with portal, company and job ids as fields. */
export type Logger = PinoLogger;

export interface LoggerOptions {
  /** Minimum level written. Default `info` (config `LOG_LEVEL`). */
  level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Process role written on every line (`web`, `worker`, `cli`), so mixed logs stay readable. */
  role?: string;
  /** Where lines go. Default standard output. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/**
 * Paths never written, whatever a caller passes in: tokens, secrets, signatures and the
 * headers that carry them. Personal data is kept out by logging ids only, which no redaction
 * list could guarantee.
 */
export const REDACTED_PATHS = [
  'accessToken',
  'clientSecret',
  'token',
  'secret',
  'authorization',
  '*.accessToken',
  '*.clientSecret',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'headers["x-hubspot-signature"]',
  'headers["x-hubspot-signature-v3"]',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.role ? { role: options.role } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => withoutLiveLinks(object, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactLiveLinks(arg) : arg)) as Parameters<typeof method>);
        },
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}

// Deep enough for every field the product logs; deeper values are dropped rather than risk a token.
const MAX_DEPTH = 8;

/**
 * A copy of a log line's fields with every live link's token redacted, wherever a caller put
 * one: a path, a URL, an error message or stack. (A child logger's bindings are not passed here:
 * bind ids only.)
 */
function withoutLiveLinks(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactLiveLinks(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) {
    // Same class (the log shows its name) and own fields (an AppError's `code`), checked like the rest.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object) as Error, withoutLiveLinks({ ...value }, depth + 1));
    copy.message = redactLiveLinks(value.message);
    copy.stack = value.stack === undefined ? undefined : redactLiveLinks(value.stack);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => withoutLiveLinks(item, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutLiveLinks(item, depth + 1)]));
}
