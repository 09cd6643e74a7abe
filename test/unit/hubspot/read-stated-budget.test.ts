import { describe, expect, it } from 'vitest';
import { readStatedBudget } from '../../../src/hubspot/read-stated-budget.js';

describe('readStatedBudget', () => {
  it("reads HubSpot's 10-second budget headers, whatever their case", () => {
    expect(
      readStatedBudget({ 'x-hubspot-ratelimit-max': '100', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000', 'x-hubspot-ratelimit-remaining': '0' }),
    ).toEqual({ max: 100, intervalMs: 10_000, remaining: 0 });
  });

  it('answers undefined for an answer that states no budget', () => {
    expect(readStatedBudget({ 'content-type': 'application/json' })).toBeUndefined();
    expect(readStatedBudget(undefined)).toBeUndefined();
  });

  it('leaves out a header that is not a whole number', () => {
    expect(readStatedBudget({ 'x-hubspot-ratelimit-max': 'lots', 'x-hubspot-ratelimit-remaining': '-3', 'x-hubspot-ratelimit-interval-milliseconds': '' })).toBeUndefined();
    expect(readStatedBudget({ 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '1.5' })).toEqual({ max: 190 });
  });

  it("reads a search answer's per-second budget headers", () => {
    expect(readStatedBudget({ 'X-HubSpot-RateLimit-Secondly': '5', 'x-hubspot-ratelimit-secondly-remaining': '3', 'x-hubspot-ratelimit-max': '110' })).toEqual({
      max: 110,
      secondly: 5,
      secondlyRemaining: 3,
    });
  });
});
