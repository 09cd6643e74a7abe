import crypto from 'node:crypto';

/**
 * Error bodies the way HubSpot writes them. The SDK deserializes these into its `Error` /
 * `StandardError` models, so field names matter more than wording.
 */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: Array<{ message: string; code?: string; in?: string; context?: Record<string, string[]> }>;
  links?: Record<string, string>;
  errorType?: string;
  policyName?: string;
}

/** One entry of `errors[]` in a 207 answer (`StandardError`). */
export interface StandardErrorBody {
  status: 'error';
  category: string;
  subCategory?: string;
  message: string;
  context: Record<string, string[]>;
  errors: unknown[];
  links: Record<string, string>;
}

export function newCorrelationId(): string {
  return crypto.randomUUID();
}

export function errorBody(
  category: string,
  message: string,
  extra: Partial<Omit<HubSpotErrorBody, 'status' | 'message' | 'category' | 'correlationId'>> = {},
): HubSpotErrorBody {
  return { status: 'error', message, correlationId: newCorrelationId(), category, ...extra };
}

export function standardError(
  category: string,
  message: string,
  context: Record<string, string[]>,
  subCategory?: string,
): StandardErrorBody {
  return {
    status: 'error',
    category,
    ...(subCategory ? { subCategory } : {}),
    message,
    context,
    errors: [],
    links: {},
  };
}

export function unauthorizedBody(): HubSpotErrorBody {
  return errorBody(
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );
}

export function notFoundBody(message = 'resource not found'): HubSpotErrorBody {
  return errorBody('OBJECT_NOT_FOUND', message);
}

export function tooManyInputsBody(limit: number, received: number): HubSpotErrorBody {
  return errorBody('VALIDATION_ERROR', `Batch input limit exceeded: received ${received} inputs, the limit is ${limit}.`, {
    context: { limit: [String(limit)], received: [String(received)] },
  });
}

export function invalidJsonBody(detail: string): HubSpotErrorBody {
  return errorBody('VALIDATION_ERROR', `Invalid input JSON on line 1: ${detail}`);
}

/** The body of a 429, as HubSpot writes it: no `category`, but `errorType`, `policyName` and `requestId`. */
export interface RateLimitBody {
  status: 'error';
  message: string;
  errorType: 'RATE_LIMIT';
  correlationId: string;
  policyName: RateLimitPolicy;
  requestId: string;
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';

export function rateLimitBody(policyName: RateLimitPolicy): RateLimitBody {
  const limitName = { TEN_SECONDLY_ROLLING: 'ten_secondly_rolling', DAILY: 'daily', SECONDLY: 'secondly' }[policyName];
  return {
    status: 'error',
    message: `You have reached your ${limitName} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: newCorrelationId(),
    policyName,
    requestId: newCorrelationId(),
  };
}

/** One refused value, with the batch input it came from (when in a batch). */
export interface RefusedValue {
  name: string;
  error: string;
  message: string;
  inputId?: string;
}

/**
 * HubSpot refuses the whole write (400, nothing stored) when one value is invalid, and lists
 * every refused value in the message as JSON. `errors[]` repeats them in structured form.
 */
export function propertyValidationBody(refused: RefusedValue[], portalId: number): HubSpotErrorBody {
  const listed = refused.map((r) => ({
    isValid: false,
    message: r.message,
    error: r.error,
    name: r.name,
    localizedErrorMessage: r.message,
    portalId,
  }));
  return errorBody('VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(listed)}`, {
    errors: refused.map((r) => ({
      message: r.message,
      code: r.error,
      context: { propertyName: [r.name], ...(r.inputId !== undefined ? { id: [r.inputId] } : {}) },
    })),
  });
}
