import type { ChangeOrigin, WebhookEvent } from './webhook-event.js';
import { legacyAssociationObjects, objectNamed, objectOfTypeId, splitSubscription } from './webhook-event-objects.js';

const DIGITS = /^\d+$/;

/**
 * The webhook route's fast path: one pass over a JSON-decoded body that checks exactly what the
 * zod schema in parse-webhook-events.ts checks (unknown fields accepted, both the legacy and the
 * generic `object.*` shapes, association changes) and builds the same events. Resolves with
 * undefined as soon as anything is off, without saying what: the caller then runs the schema,
 * which names the problem for the 400.
 */
export function readWebhookEvents(body: unknown): WebhookEvent[] | undefined {
  if (!Array.isArray(body)) return undefined;
  const events: WebhookEvent[] = [];
  const portals = new PortalIds();
  for (let index = 0; index < body.length; index += 1) {
    const event = readEvent(body[index], portals);
    if (event === undefined) return undefined;
    events.push(event);
  }
  return events;
}

type Fields = Record<string, unknown>;

function readEvent(raw: unknown, portals: PortalIds): WebhookEvent | undefined {
  if (!isObject(raw)) return undefined;
  const origin = readOrigin(raw, portals);
  if (origin === undefined) return undefined;
  const [scope, action] = splitSubscription(origin.subscriptionType);
  if (action === 'propertyChange') return readPropertyChange(raw, scope, origin);
  if (action === 'associationChange') return readAssociationChange(raw, scope, origin);
  return { ...origin, kind: 'other' };
}

function readOrigin(raw: Fields, portals: PortalIds): ChangeOrigin | undefined {
  const { subscriptionType, occurredAt, changeSource, sourceId } = raw;
  if (!isNonEmptyString(subscriptionType)) return undefined;
  const portalId = portals.read(raw.portalId);
  if (portalId === undefined) return undefined;
  if (occurredAt !== undefined && !isFiniteNumber(occurredAt)) return undefined;
  if (!isOptionalText(changeSource) || !isOptionalText(sourceId)) return undefined;
  return {
    portalId,
    subscriptionType,
    changeSource: changeSource === undefined ? undefined : String(changeSource),
    sourceId: sourceId === undefined ? undefined : String(sourceId),
    occurredAt,
  };
}

/** `recordId` for the portal id, which is the same in every event of a request: checked once. */
class PortalIds {
  private raw: unknown;
  private id: string | undefined;

  read(raw: unknown): string | undefined {
    if (raw !== this.raw || this.id === undefined) {
      this.raw = raw;
      this.id = recordId(raw);
    }
    return this.id;
  }
}

function readPropertyChange(raw: Fields, scope: string, origin: ChangeOrigin): WebhookEvent | undefined {
  const objectId = recordId(raw.objectId);
  const { propertyName, propertyValue } = raw;
  if (objectId === undefined || !isNonEmptyString(propertyName)) return undefined;
  if (propertyValue !== undefined && propertyValue !== null && typeof propertyValue !== 'string') return undefined;
  let object;
  if (scope === 'object') {
    if (!isNonEmptyString(raw.objectTypeId)) return undefined;
    object = objectOfTypeId(raw.objectTypeId);
  } else {
    object = objectNamed(scope);
  }
  return { ...origin, kind: 'propertyChange', object, objectId, propertyName };
}

function readAssociationChange(raw: Fields, scope: string, origin: ChangeOrigin): WebhookEvent | undefined {
  const fromId = recordId(raw.fromObjectId);
  const toId = recordId(raw.toObjectId);
  const { associationRemoved, associationType, associationTypeId } = raw;
  if (fromId === undefined || toId === undefined) return undefined;
  if (associationRemoved !== undefined && typeof associationRemoved !== 'boolean') return undefined;
  if (associationType !== undefined && typeof associationType !== 'string') return undefined;
  if (!isOptionalText(associationTypeId)) return undefined;
  let ends;
  if (scope === 'object') {
    const { fromObjectTypeId, toObjectTypeId } = raw;
    if (!isNonEmptyString(fromObjectTypeId) || !isNonEmptyString(toObjectTypeId)) return undefined;
    ends = [objectOfTypeId(fromObjectTypeId), objectOfTypeId(toObjectTypeId)] as const;
  } else {
    ends = legacyAssociationObjects(scope, associationType, associationTypeId);
  }
  return {
    ...origin,
    kind: 'associationChange',
    from: { object: ends[0], id: fromId },
    to: { object: ends[1], id: toId },
    removed: associationRemoved ?? false,
  };
}

// As zod's object check: anything non-null of type object except arrays.
function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

// zod's number() refuses NaN and ±Infinity.
function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `string | number` or absent (the schema's `optionalText`, and `associationTypeId`). */
function isOptionalText(value: unknown): value is string | number | undefined {
  return value === undefined || typeof value === 'string' || isFiniteNumber(value);
}

/** The schema's `recordId`: a non-negative safe integer, or a string of ASCII digits; as a string. */
function recordId(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? integerText(value) : undefined;
  if (typeof value === 'string') return DIGITS.test(value) ? value : undefined;
  return undefined;
}

/**
 * `String(n)` for a non-negative safe integer. HubSpot ids have 11 digits and more, past V8's small
 * integers, and `String` converts those as doubles: writing the two halves as small integers is
 * twice as fast, and ids are most of the work on this path.
 */
function integerText(n: number): string {
  if (n < 1e9) return String(n);
  const high = Math.floor(n / 1e9);
  const low = String(n - high * 1e9);
  return String(high) + '000000000'.slice(low.length) + low;
}
