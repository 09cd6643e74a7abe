import type { PropertyType } from './property-type.js';

/** How to compare values of one property: its HubSpot type, and whether it holds several values. */
export interface PropertyComparison {
  type: PropertyType;
  multiple: boolean;
}

type Value = string | null | undefined;

function asInstant(value: string): number | undefined {
  if (/^-?\d+$/.test(value)) return Number(value);
  // A bare date is midnight UTC, which is how HubSpot stores date properties.
  const parsed = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Whether HubSpot already holds `desired`. Unset, null and the empty string are the same (writing
 * '' clears a property). Beyond that, values HubSpot spells differently from how the app writes
 * them still count as equal, so that an unchanged output never costs a write: numbers by value
 * (`85` = `85.0`), dates and datetimes by instant (`2026-03-01` = its epoch milliseconds, ISO with
 * or without milliseconds), multi-select values as sets (`a;b` = `b;a`), booleans without case.
 */
export function sameHubSpotValue(current: Value, desired: Value, comparison?: PropertyComparison): boolean {
  const a = current ?? '';
  const b = desired ?? '';
  if (a === b) return true;
  if (a === '' || b === '' || !comparison) return false;
  switch (comparison.type) {
    case 'number':
      return Number(a) === Number(b) && !Number.isNaN(Number(a));
    case 'date':
    case 'datetime': {
      const instantA = asInstant(a);
      return instantA !== undefined && instantA === asInstant(b);
    }
    case 'bool':
      return a.toLowerCase() === b.toLowerCase();
    case 'enumeration': {
      if (!comparison.multiple) return false;
      const setA = new Set(a.split(';').filter(Boolean));
      const setB = new Set(b.split(';').filter(Boolean));
      return setA.size === setB.size && [...setA].every((value) => setB.has(value));
    }
    default:
      return false;
  }
}

/** The desired values HubSpot does not hold yet: exactly what a write must carry. */
export function diffOutputProperties(
  current: Record<string, Value>,
  desired: Record<string, string>,
  comparisons: ReadonlyMap<string, PropertyComparison> = new Map(),
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [name, value] of Object.entries(desired)) {
    if (!sameHubSpotValue(current[name], value, comparisons.get(name))) changed[name] = value;
  }
  return changed;
}
