import type { HistoryEntry, StoredRecord } from './crm-store.js';
import { alwaysReturnedProperties, defaultReadProperties, type PropertyDefinition } from './property-catalog.js';

/** A record as HubSpot's v3 objects API returns it. */
export interface RecordView {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, HistoryEntry[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface ViewOptions {
  /** Properties asked for; none means HubSpot's default set for the type. */
  properties?: string[];
  propertiesWithHistory?: string[];
  definitions: Map<string, PropertyDefinition>;
}

/**
 * Asked-for properties that exist come back (null when unset); names that are not defined are
 * left out silently, as HubSpot does on reads.
 */
export function recordView(record: StoredRecord, options: ViewOptions): RecordView {
  const asked = options.properties && options.properties.length > 0 ? options.properties : defaultReadProperties(record.objectType);
  const names = new Set([...asked, ...alwaysReturnedProperties(record.objectType)]);
  const properties: Record<string, string | null> = {};
  for (const name of names) {
    if (!options.definitions.has(name)) continue;
    properties[name] = record.properties.get(name) ?? null;
  }
  const view: RecordView = {
    id: record.id,
    properties,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: false,
  };
  if (options.propertiesWithHistory && options.propertiesWithHistory.length > 0) {
    view.propertiesWithHistory = {};
    for (const name of options.propertiesWithHistory) {
      if (!options.definitions.has(name)) continue;
      view.propertiesWithHistory[name] = record.history.get(name) ?? [];
    }
  }
  return view;
}

/** Splits `a,b` query values (also repeated `?properties=a&properties=b`). */
export function listParam(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  const names = parts.map((p) => p.trim()).filter((p) => p !== '');
  return names.length > 0 ? names : undefined;
}
