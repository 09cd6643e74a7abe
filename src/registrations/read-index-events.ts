import type { IndexEvent } from './index-event.js';

const OBJECT_BY_TYPE_ID: Record<string, IndexEvent['object']> = { '0-2': 'company', '0-3': 'deal' };
const OBJECT_BY_NAME: Record<string, IndexEvent['object']> = { company: 'company', deal: 'deal' };
// Deal→company association type ids (unlabelled 5 and 341, primary 6 and 342 the other way), so a
// legacy association event without object type ids still names the deal.
const DEAL_COMPANY_TYPE_IDS = new Set(['5', '6', '341', '342']);

/** Company properties whose change moves a customer in the index; the others (partner inputs) do not. */
const COMPANY_INDEX_PROPERTIES = new Set(['name', 'domain', 'website', 'pe_is_partner']);

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return undefined;
}

function objectOf(raw: Record<string, unknown>, scope: string, key: 'objectTypeId' | 'fromObjectTypeId' | 'toObjectTypeId'): IndexEvent['object'] | undefined {
  if (scope !== 'object') return OBJECT_BY_NAME[scope.toLowerCase()];
  const typeId = raw[key];
  return typeof typeId === 'string' ? OBJECT_BY_TYPE_ID[typeId] ?? OBJECT_BY_NAME[typeId.toLowerCase()] : undefined;
}

/**
 * The index events in a body of HubSpot webhook events: creations, property changes, deletions
 * and restorations of companies and deals (of a company, only changes to its name, domain, website
 * or partner flag), and deal↔company association changes (which change a
 * deal's customer). A deal's creation and a new deal↔company association also ask for the
 * direct-deal guard. Anything else, and anything malformed, is left out: the webhook route has
 * already answered for the body's shape, and the nightly repair catches what is missed.
 */
export function readIndexEvents(rawEvents: readonly unknown[]): IndexEvent[] {
  const events: IndexEvent[] = [];
  for (const raw of rawEvents) {
    if (typeof raw !== 'object' || raw === null) continue;
    const record = raw as Record<string, unknown>;
    const subscriptionType = typeof record.subscriptionType === 'string' ? record.subscriptionType : '';
    const dot = subscriptionType.indexOf('.');
    if (dot < 0) continue;
    const scope = subscriptionType.slice(0, dot);
    const action = subscriptionType.slice(dot + 1);
    if (action === 'associationChange') {
      const from = objectOf(record, scope, 'fromObjectTypeId');
      const to = scope === 'object' ? objectOf(record, scope, 'toObjectTypeId') : undefined;
      const [fromId, toId] = [idOf(record.fromObjectId), idOf(record.toObjectId)];
      const typeId = String(record.associationTypeId ?? '');
      const dealFirst = from === 'deal' && (to === 'company' || (to === undefined && DEAL_COMPANY_TYPE_IDS.has(typeId)));
      const dealSecond = from === 'company' && (to === 'deal' || (to === undefined && DEAL_COMPANY_TYPE_IDS.has(typeId)));
      // A new association may put the deal on a protected customer; a removed one cannot.
      const guard = record.associationRemoved !== true && record.associationRemoved !== 'true';
      if (dealFirst && fromId) events.push({ object: 'deal', objectId: fromId, deleted: false, ...(guard ? { guard } : {}) });
      if (dealSecond && toId) events.push({ object: 'deal', objectId: toId, deleted: false, ...(guard ? { guard } : {}) });
      continue;
    }
    if (!['creation', 'propertyChange', 'deletion', 'restore'].includes(action)) continue;
    const object = objectOf(record, scope, 'objectTypeId');
    if (object === 'company' && action === 'propertyChange' && !COMPANY_INDEX_PROPERTIES.has(String(record.propertyName))) continue;
    const objectId = idOf(record.objectId);
    if (!object || !objectId) continue;
    const guard = object === 'deal' && action === 'creation';
    events.push({ object, objectId, deleted: action === 'deletion', ...(guard ? { guard } : {}) });
  }
  return events;
}
