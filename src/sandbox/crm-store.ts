import { AssociationLabels } from './association-labels.js';
import { DealPipelines } from './deal-pipelines.js';
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
  | { kind: 'deletion'; objectType: ObjectType; objectId: string; source: ChangeSource; occurredAt: number }
  | {
      kind: 'associationChange';
      fromType: ObjectType;
      fromId: string;
      toType: ObjectType;
      toId: string;
      typeId: number;
      /** `USER_DEFINED` for a custom label's type id. */
      category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
      removed: boolean;
      source: ChangeSource;
      occurredAt: number;
    };

/** HubSpot-defined association type ids, by direction. */
export const ASSOCIATION_TYPE_IDS: Partial<Record<ObjectType, Partial<Record<ObjectType, number>>>> = {
  companies: { contacts: 280, deals: 342, tasks: 191, notes: 189 },
  contacts: { companies: 279, deals: 4, tasks: 203, notes: 201 },
  deals: { companies: 341, contacts: 3, tasks: 215, notes: 213 },
  tasks: { companies: 192, contacts: 204, deals: 216 },
  notes: { companies: 190, contacts: 202, deals: 214 },
};

/** HubSpot's labelled "Primary" company of a deal (and its inverse), besides the unlabelled ids above. */
export const PRIMARY_TYPE_IDS: Partial<Record<ObjectType, Partial<Record<ObjectType, number>>>> = {
  deals: { companies: 5 },
  companies: { deals: 6 },
};

export function associationTypeId(from: ObjectType, to: ObjectType): number | undefined {
  return ASSOCIATION_TYPE_IDS[from]?.[to];
}

const ID_BASES: Record<ObjectType, number> = {
  contacts: 51_000_000_001,
  companies: 31_000_000_001,
  deals: 41_000_000_001,
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
  readonly pipelines: DealPipelines;
  readonly labels = new AssociationLabels();
  private readonly links = new Map<string, Map<string, Set<number>>>();
  private readonly nextIds = new Map<ObjectType, number>();
  private readonly listeners: Array<(change: CrmChange) => void> = [];

  constructor(
    private readonly now: () => number,
    /** Deal pipelines the portal's plan allows. Default 15 (Sales Hub Professional). */
    dealPipelineLimit = 15,
  ) {
    this.pipelines = new DealPipelines(now, dealPipelineLimit);
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
  validate(type: ObjectType, input: Record<string, unknown>, id?: string): { values: Map<string, string>; errors: PropertyValueError[] } {
    const definitions = this.propertiesOf(type);
    const values = new Map<string, string>();
    const errors: PropertyValueError[] = [];
    for (const [name, raw] of Object.entries(input)) {
      const result = normalizePropertyValue(definitions.get(name), name, raw);
      if (result.ok) values.set(name, result.value);
      else errors.push(result.error);
    }
    if (type === 'deals' && errors.length === 0) errors.push(...this.stageErrors(values, id === undefined ? undefined : this.getRecord(type, id)));
    return { values, errors };
  }

  /** A deal's stage must belong to its pipeline (the default pipeline when none is named). */
  private stageErrors(values: Map<string, string>, current: StoredRecord | undefined): PropertyValueError[] {
    const pipelineId = values.get('pipeline') || current?.properties.get('pipeline') || 'default';
    if (!this.pipelines.get(pipelineId)) {
      return [{ name: 'pipeline', error: 'INVALID_OPTION', message: `${pipelineId} was not one of the allowed options: pipeline does not exist` }];
    }
    const stageId = values.get('dealstage') ?? (values.has('pipeline') ? current?.properties.get('dealstage') : undefined);
    if (stageId === undefined || stageId === '') return [];
    if (this.pipelines.stage(pipelineId, stageId)) return [];
    const allowed = this.pipelines.get(pipelineId)!.stages.map((stage) => stage.id).join(', ');
    return [{ name: 'dealstage', error: 'INVALID_OPTION', message: `${stageId} was not one of the allowed options: [${allowed}] of pipeline ${pipelineId}` }];
  }

  /** What HubSpot calculates on a deal from its stage and amount (one company currency here). */
  private dealCalculations(record: StoredRecord): Map<string, string> {
    const pipelineId = record.properties.get('pipeline') ?? 'default';
    const stage = this.pipelines.stage(pipelineId, record.properties.get('dealstage') ?? '');
    const closed = stage?.metadata.isClosed === 'true';
    return new Map([
      ['hs_is_closed', String(closed)],
      ['hs_is_closed_won', String(closed && Number(stage?.metadata.probability) === 1)],
      ['amount_in_home_currency', record.properties.get('amount') ?? ''],
    ]);
  }

  createRecord(type: ObjectType, input: Record<string, unknown>, source: ChangeSource): WriteResult {
    const { values, errors } = this.validate(type, input);
    if (errors.length > 0) return { ok: false, errors };
    // HubSpot puts a deal without a pipeline in the default one.
    if (type === 'deals' && !values.get('pipeline')) values.set('pipeline', 'default');
    const at = this.now();
    const id = String(this.nextIds.get(type)!);
    this.nextIds.set(type, Number(id) + 1);
    const record: StoredRecord = { id, objectType: type, properties: new Map(), history: new Map(), createdAt: at, updatedAt: at };
    this.recordsOf(type).set(id, record);
    this.setSystemValues(record, at, true);
    this.emit({ kind: 'creation', objectType: type, objectId: id, source, occurredAt: at });
    const changed = this.applyValues(record, values, source, at);
    if (type === 'deals') this.applyValues(record, this.dealCalculations(record), source, at);
    return { ok: true, record, changed };
  }

  /** Writes values on an existing record; returns the names whose value actually changed. */
  updateRecord(type: ObjectType, id: string, input: Record<string, unknown>, source: ChangeSource): WriteResult | undefined {
    const record = this.getRecord(type, id);
    if (!record) return undefined;
    const { values, errors } = this.validate(type, input, id);
    if (errors.length > 0) return { ok: false, errors };
    const at = this.now();
    const changed = this.applyValues(record, values, source, at);
    if (type === 'deals' && changed.length > 0) this.applyValues(record, this.dealCalculations(record), source, at);
    if (changed.length > 0) {
      record.updatedAt = at;
      this.setSystemValues(record, at, false);
    }
    return { ok: true, record, changed };
  }

  /**
   * Associates two records, unlabelled or with `typeId`: a custom label's type id (its inverse
   * goes the other way, and the unlabelled association comes with it, as in HubSpot) or a
   * HubSpot-defined one such as a deal's primary company.
   */
  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, source: ChangeSource, typeId?: number): boolean {
    const plainForward = associationTypeId(fromType, toType);
    const plainBackward = associationTypeId(toType, fromType);
    if (plainForward === undefined || plainBackward === undefined) return false;
    const forward = typeId ?? plainForward;
    const label = this.labels.get(forward);
    const primary = PRIMARY_TYPE_IDS[fromType]?.[toType] === forward ? PRIMARY_TYPE_IDS[toType]?.[fromType] : undefined;
    const backward = label?.inverseTypeId ?? primary ?? plainBackward;
    let added = false;
    if (forward !== plainForward) added = this.associate(fromType, fromId, toType, toId, source) || added;
    const linked = this.addLink(fromType, fromId, toType, toId, forward);
    this.addLink(toType, toId, fromType, fromId, backward);
    if (linked) this.emitAssociation(fromType, fromId, toType, toId, forward, backward, false, source, label ? 'USER_DEFINED' : 'HUBSPOT_DEFINED');
    return linked || added;
  }

  /** Deletes a record and its associations; false when it did not exist. */
  archiveRecord(type: ObjectType, id: string, source: ChangeSource): boolean {
    if (!this.recordsOf(type).delete(id)) return false;
    const own = key(type, id);
    for (const target of this.links.get(own)?.keys() ?? []) this.links.get(target)?.delete(own);
    this.links.delete(own);
    this.emit({ kind: 'deletion', objectType: type, objectId: id, source, occurredAt: this.now() });
    return true;
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
    category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' = 'HUBSPOT_DEFINED',
  ): void {
    const occurredAt = this.now();
    // HubSpot fires one event per side of an association between different object types.
    this.emit({ kind: 'associationChange', fromType, fromId, toType, toId, typeId: forward, category, removed, source, occurredAt });
    this.emit({ kind: 'associationChange', fromType: toType, fromId: toId, toType: fromType, toId: fromId, typeId: backward, category, removed, source, occurredAt });
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
