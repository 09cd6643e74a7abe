import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

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
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}
