/** Objects an event may be about; `other` is anything the app does not read (deals, tickets…). */
export type CrmObject = 'company' | 'contact' | 'other';

/** HubSpot object type ids of the objects the app reads. */
const OBJECT_TYPE_IDS: Record<string, CrmObject> = { '0-1': 'contact', '0-2': 'company' };

// HubSpot's association type ids between contacts and companies: 1 and 279 contact→company
// (primary, unlabeled), 2 and 280 company→contact.
const ASSOCIATION_TYPE_IDS: Record<string, [CrmObject, CrmObject]> = {
  '1': ['contact', 'company'],
  '279': ['contact', 'company'],
  '2': ['company', 'contact'],
  '280': ['company', 'contact'],
};

/** `company.propertyChange` → `['company', 'propertyChange']`; no dot → `['', whole]`. */
export function splitSubscription(subscriptionType: string): [string, string] {
  const dot = subscriptionType.indexOf('.');
  return dot < 0 ? ['', subscriptionType] : [subscriptionType.slice(0, dot), subscriptionType.slice(dot + 1)];
}

/** The object a legacy subscription scope (`company`, `CONTACT`…) names. */
export function objectNamed(name: string): CrmObject {
  const lower = name.toLowerCase();
  return lower === 'company' || lower === 'contact' ? lower : 'other';
}

/** The object a generic (`object.*`) event names by its type id (`0-2`), or by name. */
export function objectOfTypeId(typeId: string): CrmObject {
  return OBJECT_TYPE_IDS[typeId] ?? objectNamed(typeId);
}

/**
 * Both ends of a legacy `contact.associationChange` / `company.associationChange`: the target is
 * named in `associationType` (`CONTACT_TO_COMPANY`); labelled associations may carry only
 * `associationTypeId`.
 */
export function legacyAssociationObjects(
  scope: string,
  associationType: string | undefined,
  associationTypeId: number | string | undefined,
): [CrmObject, CrmObject] {
  const from = objectNamed(scope);
  const named = /_TO_([A-Z_]+)$/.exec(associationType ?? '')?.[1];
  if (named) return [from, objectNamed(named)];
  const byId = associationTypeId === undefined ? undefined : ASSOCIATION_TYPE_IDS[String(associationTypeId)];
  if (byId && byId[0] === from) return byId;
  return [from, 'other'];
}
