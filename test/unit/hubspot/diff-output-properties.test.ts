import { describe, expect, it } from 'vitest';
import { diffOutputProperties, sameHubSpotValue } from '../../../src/hubspot/diff-output-properties.js';

const number = { type: 'number', multiple: false } as const;
const date = { type: 'date', multiple: false } as const;
const datetime = { type: 'datetime', multiple: false } as const;
const checkbox = { type: 'enumeration', multiple: true } as const;
const select = { type: 'enumeration', multiple: false } as const;
const bool = { type: 'bool', multiple: false } as const;

describe('sameHubSpotValue', () => {
  it('treats unset, null and empty as the same', () => {
    expect(sameHubSpotValue(undefined, '')).toBe(true);
    expect(sameHubSpotValue(null, '')).toBe(true);
  });

  it('sees a value replacing an empty one as a change', () => {
    expect(sameHubSpotValue(null, 'gold', select)).toBe(false);
  });

  it('sees clearing a value as a change', () => {
    expect(sameHubSpotValue('gold', '', select)).toBe(false);
  });

  it('compares numbers by value', () => {
    expect(sameHubSpotValue('85.0', '85', number)).toBe(true);
    expect(sameHubSpotValue('85', '86', number)).toBe(false);
  });

  it('compares a date with its epoch milliseconds at midnight UTC', () => {
    expect(sameHubSpotValue('1772323200000', '2026-03-01', date)).toBe(true);
    expect(sameHubSpotValue('2026-03-02', '2026-03-01', date)).toBe(false);
  });

  it('compares datetimes by instant', () => {
    expect(sameHubSpotValue('2026-11-22T05:59:36Z', '2026-11-22T05:59:36.000Z', datetime)).toBe(true);
  });

  it('compares multi-select values as sets', () => {
    expect(sameHubSpotValue('co_sell;access_portal', 'access_portal;co_sell', checkbox)).toBe(true);
    expect(sameHubSpotValue('access_portal', 'access_portal;co_sell', checkbox)).toBe(false);
  });

  it('keeps single-select values exact', () => {
    expect(sameHubSpotValue('gold', 'Gold', select)).toBe(false);
  });

  it('compares booleans without case', () => {
    expect(sameHubSpotValue('True', 'true', bool)).toBe(true);
  });

  it('compares exactly when the property is unknown', () => {
    expect(sameHubSpotValue('85.0', '85')).toBe(false);
  });
});

describe('diffOutputProperties', () => {
  it('carries only the values that differ', () => {
    const comparisons = new Map([['pe_readiness_score', number]]);
    expect(
      diffOutputProperties(
        { pe_readiness_score: '85.0', pe_tier: 'silver', pe_gaps_summary: null },
        { pe_readiness_score: '85', pe_tier: 'gold', pe_gaps_summary: '' },
        comparisons,
      ),
    ).toEqual({ pe_tier: 'gold' });
  });

  it('is empty when HubSpot holds every desired value', () => {
    expect(diffOutputProperties({ pe_tier: 'gold' }, { pe_tier: 'gold' })).toEqual({});
  });
});
