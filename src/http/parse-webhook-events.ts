import { z } from 'zod';
import { AppError } from '../errors.js';
import { readWebhookEvents } from './read-webhook-events.js';
import type { ChangeOrigin, WebhookEvent } from './webhook-event.js';
import { legacyAssociationObjects, objectNamed, objectOfTypeId, splitSubscription, type CrmObject } from './webhook-event-objects.js';

export type { CrmObject } from './webhook-event-objects.js';

export type { AssociationChangeEvent, ChangeOrigin, OtherEvent, PropertyChangeEvent, WebhookEvent } from './webhook-event.js';

// The schema below is the definition of what the route accepts. The request path checks bodies
// with `readWebhookEvents`, a hand-written one-pass check of exactly these rules: zod takes about
// 4 µs per event, five times what JSON.parse takes, where the check takes 0.35 µs. The schema runs
// only when that check refuses a body, to name its problems in the 400.
// test/unit/http/parse-webhook-events-parity.test.ts holds the two to the same verdicts and events.

// HubSpot ids are JSON numbers today; strings of digits are accepted as well.
const recordId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const optionalText = z.union([z.string(), z.number()]).transform(String).optional();

// Unknown fields are kept (HubSpot adds fields without notice), known ones are checked.
const anyEvent = z.looseObject({
  subscriptionType: z.string().min(1),
  portalId: recordId,
  occurredAt: z.number().optional(),
  changeSource: optionalText,
  sourceId: optionalText,
});

const propertyChange = z.looseObject({
  objectId: recordId,
  propertyName: z.string().min(1),
  propertyValue: z.string().nullable().optional(),
});

// The generic `object.*` subscriptions name the object by its type id.
const objectTypeId = z.looseObject({ objectTypeId: z.string().min(1) });

const associationChange = z.looseObject({
  fromObjectId: recordId,
  toObjectId: recordId,
  associationRemoved: z.boolean().optional(),
  associationType: z.string().optional(),
  associationTypeId: z.union([z.number(), z.string()]).optional(),
});

const genericAssociationChange = z.looseObject({
  fromObjectTypeId: z.string().min(1),
  toObjectTypeId: z.string().min(1),
});

/**
 * Parses a webhook request body (already JSON-decoded): an array of HubSpot events, in the
 * legacy (`company.propertyChange`, `contact.associationChange`) and generic
 * (`object.propertyChange` with `objectTypeId`) shapes. Throws `AppError('INVALID_INPUT')`
 * naming every problem when the body is not an event array or a known event lacks a field it
 * needs; events of other subscription types pass as `other`.
 */
export function parseWebhookEvents(body: unknown): WebhookEvent[] {
  return readWebhookEvents(body) ?? parseWebhookEventsWithSchema(body);
}

/** How many malformed events a 400 describes; the rest are only counted. */
export const MAX_EVENTS_DESCRIBED = 20;

/**
 * The same as {@link parseWebhookEvents}, through the zod schema only: slower, and the one that
 * says what is wrong with a body. It describes at most {@link MAX_EVENTS_DESCRIBED} malformed
 * events and only counts the others with the fast check, so a body of 200,000 wrong elements
 * costs what the fast check costs, not 200,000 zod issues and a message of megabytes.
 */
export function parseWebhookEventsWithSchema(body: unknown): WebhookEvent[] {
  if (!Array.isArray(body)) {
    const envelope = z.array(anyEvent).safeParse(body);
    if (!envelope.success) throw invalid(envelope.error, 'expected a JSON array of HubSpot webhook events');
  }
  const rawEvents = body as unknown[];
  const problems: string[] = [];
  let described = 0;
  let undescribed = 0;
  const events: WebhookEvent[] = [];
  for (let index = 0; index < rawEvents.length; index += 1) {
    if (described === MAX_EVENTS_DESCRIBED) {
      if (!isWellFormedEvent(rawEvents[index])) undescribed += 1;
      continue;
    }
    const issues = eventProblems(rawEvents, index, events);
    if (issues.length === 0) continue;
    problems.push(...issues);
    described += 1;
  }
  if (problems.length === 0) return events;
  const more = undescribed > 0 ? `; and ${undescribed} more malformed event${undescribed === 1 ? '' : 's'}` : '';
  throw new AppError('INVALID_INPUT', `Webhook body has malformed events: ${problems.join('; ')}${more}`, {
    details: { problems, undescribedEvents: undescribed },
  });
}

/** The fast check's verdict on one element; anything but an object is refused without a call. */
function isWellFormedEvent(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && readWebhookEvents([raw]) !== undefined;
}

/** Parses event `index` onto `events`; returns its problems (none when it is well formed). */
function eventProblems(rawEvents: unknown[], index: number, events: WebhookEvent[]): string[] {
  const envelope = anyEvent.safeParse(rawEvents[index]);
  if (!envelope.success) return describeIssues(envelope.error, index);
  try {
    events.push(parseEvent(envelope.data, rawEvents, index));
    return [];
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    return describeIssues(error, index);
  }
}

function parseEvent(envelope: z.infer<typeof anyEvent>, rawEvents: unknown[], index: number): WebhookEvent {
  const raw = rawEvents[index];
  const origin: ChangeOrigin = {
    portalId: envelope.portalId,
    subscriptionType: envelope.subscriptionType,
    changeSource: envelope.changeSource,
    sourceId: envelope.sourceId,
    occurredAt: envelope.occurredAt,
  };
  const [scope, action] = splitSubscription(envelope.subscriptionType);
  if (action === 'propertyChange') {
    const event = propertyChange.parse(raw);
    const object = scope === 'object' ? objectOfTypeId(objectTypeId.parse(raw).objectTypeId) : objectNamed(scope);
    return { ...origin, kind: 'propertyChange', object, objectId: event.objectId, propertyName: event.propertyName };
  }
  if (action === 'associationChange') {
    const event = associationChange.parse(raw);
    const [fromObject, toObject] =
      scope === 'object'
        ? genericAssociationObjects(genericAssociationChange.parse(raw))
        : legacyAssociationObjects(scope, event.associationType, event.associationTypeId);
    return {
      ...origin,
      kind: 'associationChange',
      from: { object: fromObject, id: event.fromObjectId },
      to: { object: toObject, id: event.toObjectId },
      removed: event.associationRemoved ?? false,
    };
  }
  return { ...origin, kind: 'other' };
}

function genericAssociationObjects(event: z.infer<typeof genericAssociationChange>): [CrmObject, CrmObject] {
  return [objectOfTypeId(event.fromObjectTypeId), objectOfTypeId(event.toObjectTypeId)];
}

function invalid(error: z.ZodError, summary: string): AppError {
  const problems = describeIssues(error);
  return new AppError('INVALID_INPUT', `Webhook body is not valid: ${summary}. ${problems.slice(0, 5).join('; ')}`, { details: problems });
}

function describeIssues(error: z.ZodError, index?: number): string[] {
  return error.issues.map((issue) => {
    const path = index === undefined ? issue.path : [index, ...issue.path];
    const where = path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    return `${where || '(body)'}: ${issue.message}`;
  });
}
