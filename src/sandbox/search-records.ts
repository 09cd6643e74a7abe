import type { CrmStore, StoredRecord } from './crm-store.js';
import { normalizeObjectType, type ObjectType, type PropertyDefinition } from './property-catalog.js';

/** HubSpot's search limits. */
export const SEARCH_LIMITS = { pageSize: 200, totalResults: 10_000, filterGroups: 5, filtersPerGroup: 6 } as const;

interface Filter {
  propertyName?: unknown;
  operator?: unknown;
  value?: unknown;
  values?: unknown;
  highValue?: unknown;
}

interface SearchBody {
  filterGroups?: Array<{ filters?: Filter[] }>;
  sorts?: Array<{ propertyName?: unknown; direction?: unknown } | string>;
  limit?: unknown;
  after?: unknown;
}

export type SearchOutcome =
  | { ok: true; total: number; records: StoredRecord[]; nextAfter: string | undefined }
  | { ok: false; message: string };

/**
 * Filter groups are ORed, filters inside a group ANDed. String equality ignores case, like
 * HubSpot's. `after` is an offset; HubSpot stops paging at 10,000 results. The pseudo-property
 * `associations.company` (`.contact`, `.deal`) matches records associated with the given ids.
 */
export function searchRecords(store: CrmStore, type: ObjectType, body: SearchBody): SearchOutcome {
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMITS.pageSize) {
    return { ok: false, message: `limit must be between 0 and ${SEARCH_LIMITS.pageSize}, got ${String(body.limit)}` };
  }
  const offset = body.after === undefined || body.after === '' ? 0 : Number(body.after);
  if (!Number.isInteger(offset) || offset < 0) return { ok: false, message: `after must be a paging token, got ${String(body.after)}` };
  if (offset + limit > SEARCH_LIMITS.totalResults) {
    return { ok: false, message: `The search can page through at most ${SEARCH_LIMITS.totalResults} results: narrow the filters.` };
  }
  const groups = body.filterGroups ?? [];
  if (groups.length > SEARCH_LIMITS.filterGroups) {
    return { ok: false, message: `Too many filter groups: ${groups.length} (maximum ${SEARCH_LIMITS.filterGroups})` };
  }
  const definitions = store.propertiesOf(type);
  const matching = [...store.recordsOf(type).values()].filter(
    (record) => groups.length === 0 || groups.some((group) => (group.filters ?? []).every((filter) => matches(store, record, filter, definitions))),
  );
  sortRecords(matching, body.sorts, definitions);
  const page = matching.slice(offset, offset + limit);
  const next = offset + limit;
  const nextAfter = next < matching.length && next < SEARCH_LIMITS.totalResults ? String(next) : undefined;
  return { ok: true, total: matching.length, records: page, nextAfter };
}

function matches(store: CrmStore, record: StoredRecord, filter: Filter, definitions: Map<string, PropertyDefinition>): boolean {
  const name = String(filter.propertyName ?? '');
  if (name.startsWith('associations.')) return matchesAssociation(store, record, name.slice('associations.'.length), filter);
  const actual = name === 'hs_object_id' ? record.id : record.properties.get(name);
  const definition = definitions.get(name);
  const operator = String(filter.operator ?? 'EQ');
  switch (operator) {
    case 'HAS_PROPERTY':
      return actual !== undefined && actual !== '';
    case 'NOT_HAS_PROPERTY':
      return actual === undefined || actual === '';
    case 'EQ':
      return actual !== undefined && compare(actual, filter.value, definition) === 0;
    case 'NEQ':
      return actual === undefined || compare(actual, filter.value, definition) !== 0;
    case 'IN':
      return actual !== undefined && asList(filter.values).some((v) => compare(actual, v, definition) === 0);
    case 'NOT_IN':
      return actual === undefined || !asList(filter.values).some((v) => compare(actual, v, definition) === 0);
    case 'GT':
      return actual !== undefined && compare(actual, filter.value, definition) > 0;
    case 'GTE':
      return actual !== undefined && compare(actual, filter.value, definition) >= 0;
    case 'LT':
      return actual !== undefined && compare(actual, filter.value, definition) < 0;
    case 'LTE':
      return actual !== undefined && compare(actual, filter.value, definition) <= 0;
    case 'BETWEEN':
      return (
        actual !== undefined && compare(actual, filter.value, definition) >= 0 && compare(actual, filter.highValue, definition) <= 0
      );
    case 'CONTAINS_TOKEN':
      return actual !== undefined && actual.toLowerCase().includes(String(filter.value ?? '').replace(/\*/g, '').toLowerCase());
    default:
      return false;
  }
}

function matchesAssociation(store: CrmStore, record: StoredRecord, target: string, filter: Filter): boolean {
  const toType = normalizeObjectType(target);
  const ids = toType ? store.associationsOf(record.objectType, record.id, toType).map((link) => link.toId) : [];
  switch (String(filter.operator ?? 'EQ')) {
    case 'EQ':
      return ids.includes(String(filter.value ?? ''));
    case 'IN':
      return asList(filter.values).some((value) => ids.includes(String(value)));
    case 'HAS_PROPERTY':
      return ids.length > 0;
    case 'NOT_HAS_PROPERTY':
      return ids.length === 0;
    default:
      return false;
  }
}

function asList(values: unknown): unknown[] {
  return Array.isArray(values) ? values : [];
}

function compare(actual: string, expected: unknown, definition: PropertyDefinition | undefined): number {
  const type = definition?.type ?? 'number';
  if (type === 'number' || (definition === undefined && /^\d+$/.test(actual))) {
    return Math.sign(Number(actual) - Number(expected));
  }
  if (type === 'date' || type === 'datetime') return Math.sign(toMillis(actual) - toMillis(String(expected)));
  const a = actual.toLowerCase();
  const b = String(expected ?? '').toLowerCase();
  return a === b ? 0 : a < b ? -1 : 1;
}

function toMillis(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function sortRecords(records: StoredRecord[], sorts: SearchBody['sorts'], definitions: Map<string, PropertyDefinition>): void {
  const first = sorts?.[0];
  const name = typeof first === 'string' ? first.replace(/^-/, '') : String(first?.propertyName ?? 'hs_object_id');
  const descending = typeof first === 'string' ? first.startsWith('-') : first?.direction === 'DESCENDING';
  const value = (r: StoredRecord) => (name === 'hs_object_id' ? r.id : (r.properties.get(name) ?? ''));
  records.sort((a, b) => {
    const order = compare(value(a), value(b), definitions.get(name)) || Number(a.id) - Number(b.id);
    return descending ? -order : order;
  });
}
