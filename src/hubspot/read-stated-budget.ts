import type { StatedBudget } from './rate-limiter.js';

function headerNumber(headers: Record<string, string>, name: string): number | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const number = Number(value);
    return value.trim() !== '' && Number.isInteger(number) && number >= 0 ? number : undefined;
  }
  return undefined;
}

/**
 * The portal's 10-second budget as one HubSpot answer states it: `X-HubSpot-RateLimit-Max`,
 * `-Interval-Milliseconds` and `-Remaining`.
 * Undefined when the answer states none of them (an endpoint without the headers).
 */
export function readStatedBudget(headers: Record<string, string> | undefined): StatedBudget | undefined {
  if (!headers) return undefined;
  const max = headerNumber(headers, 'x-hubspot-ratelimit-max');
  const intervalMs = headerNumber(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  const remaining = headerNumber(headers, 'x-hubspot-ratelimit-remaining');
  if (max === undefined && intervalMs === undefined && remaining === undefined) return undefined;
  return { ...(max !== undefined ? { max } : {}), ...(intervalMs !== undefined ? { intervalMs } : {}), ...(remaining !== undefined ? { remaining } : {}) };
}
