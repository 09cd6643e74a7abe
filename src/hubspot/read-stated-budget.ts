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
 * The portal's budgets as one HubSpot answer states them: the 10-second one in
 * `X-HubSpot-RateLimit-Max`, `-Interval-Milliseconds` and `-Remaining`, and on search answers the
 * per-second one in `X-HubSpot-RateLimit-Secondly` and `-Secondly-Remaining`.
 * Undefined when the answer states none of them (an endpoint without the headers).
 */
export function readStatedBudget(headers: Record<string, string> | undefined): StatedBudget | undefined {
  if (!headers) return undefined;
  const max = headerNumber(headers, 'x-hubspot-ratelimit-max');
  const intervalMs = headerNumber(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  const remaining = headerNumber(headers, 'x-hubspot-ratelimit-remaining');
  const secondly = headerNumber(headers, 'x-hubspot-ratelimit-secondly');
  const secondlyRemaining = headerNumber(headers, 'x-hubspot-ratelimit-secondly-remaining');
  const stated: StatedBudget = {
    ...(max !== undefined ? { max } : {}),
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(secondly !== undefined ? { secondly } : {}),
    ...(secondlyRemaining !== undefined ? { secondlyRemaining } : {}),
  };
  return Object.keys(stated).length === 0 ? undefined : stated;
}
