import { AppError } from '../errors.js';

/** What went wrong with one HubSpot request, in the terms the retry policy decides on. */
export type HubSpotFailure =
  | (FailureBase & {
      kind: 'rate-limited';
      status: 429;
      /** `TEN_SECONDLY_ROLLING`, `DAILY`, `SECONDLY` (search) or undefined when HubSpot named none. */
      policyName: string | undefined;
      /** From `Retry-After` (not promised by HubSpot). */
      retryAfterMs: number | undefined;
      /** From `X-HubSpot-RateLimit-Interval-Milliseconds`. */
      intervalMs: number | undefined;
    })
  | (FailureBase & { kind: 'server'; status: number })
  | (FailureBase & { kind: 'network'; status: undefined })
  | (FailureBase & { kind: 'rejected'; status: number });

interface FailureBase {
  message: string;
  category: string | undefined;
  subCategory: string | undefined;
  correlationId: string | undefined;
  /** HubSpot's per-value error details (property names, record ids in `context`). */
  errors?: HubSpotErrorDetail[];
}

export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  context?: Record<string, string[]>;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string> | undefined;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number' && 'body' in error;
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true;
  // Node's fetch wraps every socket failure as `TypeError: fetch failed`.
  return error instanceof TypeError && error.message === 'fetch failed';
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function positiveNumber(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function bodyField(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

function errorDetails(body: unknown): HubSpotErrorDetail[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return undefined;
  return errors.map((entry: unknown) => {
    const detail = (entry ?? {}) as { message?: unknown; code?: unknown; context?: unknown };
    return {
      message: String(detail.message ?? ''),
      ...(typeof detail.code === 'string' ? { code: detail.code } : {}),
      ...(detail.context && typeof detail.context === 'object' ? { context: detail.context as Record<string, string[]> } : {}),
    };
  });
}

/**
 * Reads an error thrown by the SDK (an `ApiException` carrying status, HubSpot's error body and
 * response headers) or by `fetch`. Anything else is not a HubSpot failure — a bug on our side — and
 * answers undefined, so it is never retried.
 */
export function describeHubSpotFailure(error: unknown): HubSpotFailure | undefined {
  if (isApiException(error)) {
    const { code: status, body, headers } = error;
    const base: FailureBase = {
      message: bodyField(body, 'message') ?? (typeof body === 'string' && body ? body.slice(0, 500) : `HTTP ${status}`),
      category: bodyField(body, 'category'),
      subCategory: bodyField(body, 'subCategory'),
      correlationId: bodyField(body, 'correlationId'),
      errors: errorDetails(body),
    };
    if (status === 429) {
      const retryAfterSeconds = positiveNumber(header(headers, 'retry-after'));
      return {
        ...base,
        kind: 'rate-limited',
        status,
        policyName: bodyField(body, 'policyName'),
        retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
        intervalMs: positiveNumber(header(headers, 'x-hubspot-ratelimit-interval-milliseconds')),
      };
    }
    if (status >= 500 || status === 0) return { ...base, kind: 'server', status };
    return { ...base, kind: 'rejected', status };
  }
  if (isNetworkError(error)) {
    return {
      kind: 'network',
      status: undefined,
      message: (error as Error).message,
      category: undefined,
      subCategory: undefined,
      correlationId: undefined,
    };
  }
  return undefined;
}

/** Details every HubSpot AppError carries; never the token, never request bodies. */
export interface HubSpotErrorDetails {
  operation: string;
  portalId: string;
  status: number | undefined;
  category: string | undefined;
  subCategory: string | undefined;
  correlationId: string | undefined;
  /** HubSpot's per-value details of a 400 (which property, which record). */
  errors?: HubSpotErrorDetail[];
  policyName?: string | undefined;
  /** For `HUBSPOT_RATE_LIMITED`: when the portal may be called again (epoch ms). */
  retryAt?: number;
}

/** The AppError a caller sees once the client has given up on a request. */
export function hubSpotFailureToAppError(
  failure: HubSpotFailure,
  context: { operation: string; portalId: string; retryAt?: number },
): AppError {
  const details: HubSpotErrorDetails = {
    operation: context.operation,
    portalId: context.portalId,
    status: failure.status,
    category: failure.category,
    subCategory: failure.subCategory,
    correlationId: failure.correlationId,
    ...(failure.errors ? { errors: failure.errors } : {}),
  };
  const where = `${context.operation} (portal ${context.portalId})`;
  switch (failure.kind) {
    case 'rate-limited':
      return new AppError('HUBSPOT_RATE_LIMITED', `HubSpot rate limit ${failure.policyName ?? ''} reached on ${where}: ${failure.message}`, {
        details: { ...details, policyName: failure.policyName, retryAt: context.retryAt },
      });
    case 'server':
    case 'network':
      return new AppError('HUBSPOT_UNAVAILABLE', `HubSpot did not answer ${where}: ${failure.message}`, { details });
    case 'rejected':
      return new AppError(
        failure.status === 404 ? 'NOT_FOUND' : 'HUBSPOT_REJECTED',
        `HubSpot rejected ${where} with ${failure.status} ${failure.category ?? ''}: ${failure.message}`,
        { details },
      );
  }
}
