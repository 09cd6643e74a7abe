import { isAppError } from '../errors.js';

/**
 * Exit codes of every `partner-enablement` command, so that scripts can tell a mistake in how the
 * command was called from a problem in what it was given.
 */
export const EXIT_CODES = {
  /** Done. Warnings about odd values do not change this. */
  OK: 0,
  /** Something failed that is not the caller's input (a bug, a service down). */
  FAILURE: 1,
  /** Unknown command or option, wrong number of arguments: see `--help`. */
  USAGE: 2,
  /** The input could not be read or is not what the command accepts (unparseable JSON, wrong shape). */
  INVALID_INPUT: 3,
  /** The program file or the environment is invalid. */
  INVALID_CONFIGURATION: 4,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code for an error a command let escape. */
export function exitCodeFor(error: unknown): ExitCode {
  if (isAppError(error, 'INVALID_INPUT')) return EXIT_CODES.INVALID_INPUT;
  if (isAppError(error, 'INVALID_PROGRAM') || isAppError(error, 'INVALID_CONFIG')) return EXIT_CODES.INVALID_CONFIGURATION;
  return EXIT_CODES.FAILURE;
}
