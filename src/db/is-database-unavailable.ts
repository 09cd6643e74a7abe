/** Socket errors of a database that is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/**
 * True when an error says the database is away rather than that a statement was wrong: a refused
 * or broken connection, a pool that could not connect in time, or PostgreSQL's own "connection
 * exception" (SQLSTATE class 08) and "operator intervention" (57P01–57P03: shutting down, starting
 * up). Requests answer 503 for these (the caller retries); jobs throw and are retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code))) return true;
  return /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
}
