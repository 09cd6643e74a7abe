import type { ObjectType } from './property-catalog.js';

/** One direction of a custom (`USER_DEFINED`) association label. */
export interface AssociationLabel {
  typeId: number;
  /** The type id of the other direction. */
  inverseTypeId: number;
  fromType: ObjectType;
  toType: ObjectType;
  /** What this direction shows, e.g. `Registered partner`. */
  label: string;
  /** The internal name of the pair. */
  name: string;
}

export type LabelCreateResult = { ok: true; forward: AssociationLabel; backward: AssociationLabel } | { ok: false; message: string };

// Custom type ids are counted apart from HubSpot's defined ones so that the two never collide here.
const FIRST_CUSTOM_TYPE_ID = 1_001;

/** The custom association labels of a portal; each label is a pair of type ids, one per direction. */
export class AssociationLabels {
  private readonly byTypeId = new Map<number, AssociationLabel>();
  private nextTypeId = FIRST_CUSTOM_TYPE_ID;

  get(typeId: number): AssociationLabel | undefined {
    return this.byTypeId.get(typeId);
  }

  /** Labels from `fromType` to `toType`, oldest first. */
  between(fromType: ObjectType, toType: ObjectType): AssociationLabel[] {
    return [...this.byTypeId.values()].filter((l) => l.fromType === fromType && l.toType === toType);
  }

  /** Without `inverseLabel` both directions show `label`, as in HubSpot. */
  create(fromType: ObjectType, toType: ObjectType, input: { label?: unknown; name?: unknown; inverseLabel?: unknown }): LabelCreateResult {
    const label = typeof input.label === 'string' ? input.label.trim() : '';
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (label === '' || name === '') return { ok: false, message: 'Both "label" and "name" are required.' };
    if (!/^[a-z0-9_]+$/i.test(name)) return { ok: false, message: `Invalid name ${name}: use letters, digits and underscores.` };
    const taken = [...this.between(fromType, toType), ...this.between(toType, fromType)];
    if (taken.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
      return { ok: false, message: `An association label named ${name} already exists between ${fromType} and ${toType}.` };
    }
    const inverseLabel = typeof input.inverseLabel === 'string' && input.inverseLabel.trim() !== '' ? input.inverseLabel.trim() : label;
    const forwardId = this.nextTypeId++;
    const backwardId = this.nextTypeId++;
    const forward: AssociationLabel = { typeId: forwardId, inverseTypeId: backwardId, fromType, toType, label, name };
    const backward: AssociationLabel = { typeId: backwardId, inverseTypeId: forwardId, fromType: toType, toType: fromType, label: inverseLabel, name };
    this.byTypeId.set(forwardId, forward);
    this.byTypeId.set(backwardId, backward);
    return { ok: true, forward, backward };
  }
}
