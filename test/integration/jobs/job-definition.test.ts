import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, jobData, parseJobData } from '../../../src/jobs/job-definition.js';
import { recalculationSettings, retryDelayMs } from '../../../src/jobs/recalculation-settings.js';

const example = defineJob({ name: 'example', version: 3, payload: z.object({ portalId: z.string() }).strict() });

describe('job definitions', () => {
  it('stores the payload with its version and reads it back', () => {
    expect(parseJobData(example, jobData(example, { portalId: '1' }))).toEqual({ portalId: '1' });
  });

  it('refuses to store a payload that does not match its schema', () => {
    expect(() => jobData(example, { portalId: 1 } as unknown as { portalId: string })).toThrow();
  });

  it('treats another version as unrecoverable', () => {
    expect(() => parseJobData(example, { v: 2, portalId: '1' })).toThrow(UnrecoverableError);
  });

  it('treats a payload with personal data in extra fields as unrecoverable', () => {
    expect(() => parseJobData(example, { v: 3, portalId: '1', email: 'a@b.c' })).toThrow(UnrecoverableError);
  });
});

describe('retry delays', () => {
  const settings = { backoffBaseMs: 1000, backoffMaxMs: 300_000 };
  const noJitter = () => 0.5;

  it('doubles from the base delay', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, settings, noJitter))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap', () => {
    expect(retryDelayMs(30, settings, noJitter)).toBe(300_000);
  });

  it('spreads retries by at most 10% either way', () => {
    expect(retryDelayMs(1, settings, () => 0)).toBe(900);
    expect(retryDelayMs(1, settings, () => 1)).toBe(1100);
  });
});

describe('recalculation settings', () => {
  it('claim 1,000 companies at a time by default', () => {
    expect(recalculationSettings().claimSize).toBe(1_000);
  });

  it('refuse a claim size that would take nothing from a shard', () => {
    expect(() => recalculationSettings({ claimSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
