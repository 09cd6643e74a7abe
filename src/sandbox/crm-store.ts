import {
  OBJECT_TYPES,
  STANDARD_GROUPS,
  createdProperty,
  lastModifiedProperty,
  standardProperties,
  type ObjectType,
  type PropertyDefinition,
  type PropertyGroupDefinition,
} from './property-catalog.js';
import { normalizePropertyValue, type PropertyValueError } from './property-value.js';

/** Who made a change: the app through the API, or a person in HubSpot's UI. */
export type ChangeSource = { kind: 'INTEGRATION'; appId: string } | { kind: 'CRM_UI'; userId: number };

export interface HistoryEntry {
  value: string;
  timestamp: string;
  sourceType: 'INTEGRATION' | 'CRM_UI' | 'API';
  sourceId?: string;
  updatedByUserId?: number;
}

export interface StoredRecord {
  id: string;
  objectType: ObjectType;
  /** Current values; an absent key is unset. */
  properties: Map<string, string>;
  /** Newest first, per property. */
  history: Map<string, HistoryEntry[]>;
  createdAt: number;
  updatedAt: number;
}

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface CompletedCallback {
  callbackId: string;
  outputFields: Record<string, string>;
  at: number;
}

/** What the store tells its listeners (the webhook dispatcher). */
export type CrmChange =
  | {
      kind: 'propertyChange';
      objectType: ObjectType;
      objectId: string;
      propertyName: string;
      value: string;
      source: ChangeSource;
      occurredAt: number;
    }
  | { kind: 'creation'; objectType: ObjectType; objectId: string; source: ChangeSource; occurredAt: number }
  | {
      kind: 'associationChange';
      fromType: ObjectType;
      fromId: string;
      toType: ObjectType;
      toId: string;
      typeId: number;
      removed: boolean;
      source: ChangeSource;
      occurredAt: number;
    };

/** HubSpot-defined association type ids, by direction. */
export const ASSOCIATION_TYPE_IDS: Partial<Record<ObjectType, Partial<Record<ObjectType, number>>>> = {
  companies: { contacts: 280, tasks: 191, notes: 189 },
  contacts: { companies: 279, tasks: 203, notes: 201 },
  tasks: { companies: 192, contacts: 204 },
  notes: { companies: 190, contacts: 202 },
};

export function associationTypeId(from: ObjectType, to: ObjectType): number | undefined {
  return ASSOCIATION_TYPE_IDS[from]?.[to];
}

const ID_BASES: Record<ObjectType, number> = {
  contacts: 51_000_000_001,
  companies: 31_000_000_001,
  tasks: 71_000_000_001,
  notes: 81_000_000_001,
};

export type WriteResult = { ok: true; record: StoredRecord; changed: string[] } | { ok: false; errors: PropertyValueError[] };

/** The in-memory CRM of one sandbox portal. */
export class CrmStore {
  readonly properties = new Map<ObjectType, Map<string, PropertyDefinition>>();
  readonly groups = new Map<ObjectType, Map<string, PropertyGroupDefinition>>();
  readonly records = new Map<ObjectType, Map<string, StoredRecord>>();
  readonly owners: Owner[] = [];
  readonly completedCallbacks: CompletedCallback[] = [];
  private readonly links = new Map<string, Map<string, Set<number>>>();
  private readonly nextIds = new Map<ObjectType, number>();
  private readonly listeners: Array<(change: CrmChange) => void> = [];

  constructor(private readonly now: () => number) {
    for (const type of OBJECT_TYPES) {
      this.properties.set(type, new Map(standardProperties(type).map((p) => [p.name, p])));
      this.groups.set(type, new Map(STANDARD_GROUPS[type].map((g) => [g.name, g])));
      this.records.set(type, new Map());
      this.nextIds.set(type, ID_BASES[type]);
    }
  }

  onChange(listener: (change: CrmChange) => void): void {
    this.listeners.push(listener);
  }

  propertiesOf(type: ObjectType): Map<string, PropertyDefinition> {
    return this.properties.get(type)!;
  }

  groupsOf(type: ObjectType): Map<string, PropertyGroupDefinition> {
    return this.groups.get(type)!;
  }

  recordsOf(type: ObjectType): Map<string, StoredRecord> {
    return this.records.get(type)!;
  }

  getRecord(type: ObjectType, id: string): StoredRecord | undefined {
    return this.recordsOf(type).get(id);
  }

  /** Validates every value first; writes nothing when one is refused (as HubSpot does). */
  validate(type: ObjectType, input: Record<string, unknown>): { values: Map<string, string>; errors: PropertyValueError[] } {
    const definitions = this.propertiesOf(type);
    const values = new Map<string, string>();
    const errors: PropertyValueError[] = [];
    for (const [name, raw] of Object.entries(input)) {
      const result = normalizePropertyValue(definitions.get(name), name, raw);
      if (result.ok) values.set(name, result.value);
      else errors.push(result.error);
    }
    return { values, errors };
  }

  createRecord(type: ObjectType, input: Record<string, unknown>, source: ChangeSource): WriteResult {
    const { values, errors } = this.validate(type, input);
    if (errors.length > 0) return { ok: false, errors };
    const at = this.now();
    const id = String(this.nextIds.get(type)!);
    this.nextIds.set(type, Number(id) + 1);
    const record: StoredRecord = { id, objectType: type, properties: new Map(), history: new Map(), createdAt: at, updatedAt: at };
    this.recordsOf(type).set(id, record);
    this.setSystemValues(record, at, true);
    this.emit({ kind: 'creation', objectType: type, objectId: id, source, occurredAt: at });
    const changed = this.applyValues(record, values, source, at);
    return { ok: true, record, changed };
  }

  /** Writes values on an existing record; returns the names whose value actually changed. */
  updateRecord(type: ObjectType, id: string, input: Record<string, unknown>, source: ChangeSource): WriteResult | undefined {
    const record = this.getRecord(type, id);
    if (!record) return undefined;
    const { values, errors } = this.validate(type, input);
    if (errors.length > 0) return { ok: false, errors };
    const at = this.now();
    const changed = this.applyValues(record, values, source, at);
    if (changed.length > 0) {
      record.updatedAt = at;
      this.setSystemValues(record, at, false);
    }
    return { ok: true, record, changed };
  }

  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, source: ChangeSource, typeId?: number): boolean {
    const forward = typeId ?? associationTypeId(fromType, toType);
    const backward = associationTypeId(toType, fromType);
    if (forward === undefined || backward === undefined) return false;
    const added = this.addLink(fromType, fromId, toType, toId, forward);
    this.addLink(toType, toId, fromType, fromId, backward);
    if (added) this.emitAssociation(fromType, fromId, toType, toId, forward, backward, false, source);
    return added;
  }

  disassociate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, source: ChangeSource): boolean {
    const forward = associationTypeId(fromType, toType);
    const backward = associationTypeId(toType, fromType);
    if (forward === undefined || backward === undefined) return false;
    const removed = this.links.get(key(fromType, fromId))?.delete(key(toType, toId)) ?? false;
    this.links.get(key(toType, toId))?.delete(key(fromType, fromId));
    if (removed) this.emitAssociation(fromType, fromId, toType, toId, forward, backward, true, source);
    return removed;
  }

  /** Associated ids of `toType`, in the order they were associated, with their type ids. */
  associationsOf(fromType: ObjectType, fromId: string, toType: ObjectType): Array<{ toId: string; typeIds: number[] }> {
    const prefix = `${toType}:`;
    const targets = this.links.get(key(fromType, fromId));
    if (!targets) return [];
    return [...targets.entries()]
      .filter(([target]) => target.startsWith(prefix))
      .map(([target, typeIds]) => ({ toId: target.slice(prefix.length), typeIds: [...typeIds] }));
  }

  private addLink(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeId: number): boolean {
    const fromKey = key(fromType, fromId);
    let targets = this.links.get(fromKey);
    if (!targets) {
      targets = new Map();
      this.links.set(fromKey, targets);
    }
    const toKey = key(toType, toId);
    const existing = targets.get(toKey);
    if (existing?.has(typeId)) return false;
    if (existing) existing.add(typeId);
    else targets.set(toKey, new Set([typeId]));
    return true;
  }

  private emitAssociation(
    fromType: ObjectType,
    fromId: string,
    toType: ObjectType,
    toId: string,
    forward: number,
    backward: number,
    removed: boolean,
    source: ChangeSource,
  ): void {
    const occurredAt = this.now();
    // HubSpot fires one event per side of an association between different object types.
    this.emit({ kind: 'associationChange', fromType, fromId, toType, toId, typeId: forward, removed, source, occurredAt });
    this.emit({ kind: 'associationChange', fromType: toType, fromId: toId, toType: fromType, toId: fromId, typeId: backward, removed, source, occurredAt });
  }

  private applyValues(record: StoredRecord, values: Map<string, string>, source: ChangeSource, at: number): string[] {
    const changed: string[] = [];
    for (const [name, value] of values) {
      const previous = record.properties.get(name) ?? '';
      // HubSpot records a history entry but fires no propertyChange for an unchanged value.
      if (previous === value) continue;
      if (value === '') record.properties.delete(name);
      else record.properties.set(name, value);
      this.pushHistory(record, name, value, source, at);
      changed.push(name);
      this.emit({ kind: 'propertyChange', objectType: record.objectType, objectId: record.id, propertyName: name, value, source, occurredAt: at });
    }
    return changed;
  }

  private setSystemValues(record: StoredRecord, at: number, created: boolean): void {
    const iso = new Date(at).toISOString();
    if (created) {
      record.properties.set(createdProperty(record.objectType), iso);
      record.properties.set('hs_object_id', record.id);
    }
    record.properties.set(lastModifiedProperty(record.objectType), iso);
  }

  private pushHistory(record: StoredRecord, name: string, value: string, source: ChangeSource, at: number): void {
    const entry: HistoryEntry =
      source.kind === 'INTEGRATION'
        ? { value, timestamp: new Date(at).toISOString(), sourceType: 'INTEGRATION', sourceId: source.appId }
        : { value, timestamp: new Date(at).toISOString(), sourceType: 'CRM_UI', sourceId: `userId:${source.userId}`, updatedByUserId: source.userId };
    const list = record.history.get(name) ?? [];
    list.unshift(entry);
    record.history.set(name, list);
  }

  private emit(change: CrmChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function key(type: ObjectType, id: string): string {
  return `${type}:${id}`;
}
