/**
 * Webhook request bodies (already JSON-decoded) the parse tests are about. The parity test runs
 * every one of them through both the fast check and the zod schema, so a body added here is held
 * to both.
 */

/** The fields every HubSpot event carries. */
export const eventBase = { eventId: 1, subscriptionId: 2, portalId: 62515, appId: 16111050, occurredAt: 1752613920733, attemptNumber: 0 };

/** Bodies the route accepts. */
export const acceptedBodies = {
  legacyCompanyChange: [
    { ...eventBase, subscriptionType: 'company.propertyChange', objectId: 1246965, propertyName: 'pe_tier', propertyValue: 'gold', changeSource: 'CRM_UI', sourceId: 'userId:1' },
  ],
  genericPropertyChanges: [
    { ...eventBase, subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 1, propertyName: 'pe_is_partner', propertyValue: 'true' },
    { ...eventBase, subscriptionType: 'object.propertyChange', objectTypeId: '0-1', objectId: 2, propertyName: 'pe_partner_role', propertyValue: 'sales' },
    { ...eventBase, subscriptionType: 'object.propertyChange', objectTypeId: '0-3', objectId: 3, propertyName: 'amount', propertyValue: '10' },
  ],
  numericSourceId: [
    { ...eventBase, subscriptionType: 'company.propertyChange', objectId: 1, propertyName: 'pe_tier', changeSource: 'INTEGRATION', sourceId: 16111050 },
  ],
  legacyContactAssociation: [
    { ...eventBase, subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_COMPANY', fromObjectId: 11, toObjectId: 22, associationRemoved: true, isPrimaryAssociation: false },
  ],
  labelledAssociation: [{ ...eventBase, subscriptionType: 'company.associationChange', associationTypeId: 280, fromObjectId: 22, toObjectId: 11 }],
  genericAssociation: [
    { ...eventBase, subscriptionType: 'object.associationChange', fromObjectTypeId: '0-2', toObjectTypeId: '0-1', fromObjectId: 22, toObjectId: 11, associationRemoved: false },
  ],
  otherSubscription: [{ ...eventBase, subscriptionType: 'contact.creation', objectId: 5, changeFlag: 'CREATED' }],
  /** HubSpot's published signature test vector. */
  publishedVector: [
    { eventId: 531833541, subscriptionId: 3923621, portalId: 48807704, appId: 16111050, occurredAt: 1752613920733, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 138017612137, changeFlag: 'CREATED', changeSource: 'CRM_UI', sourceId: 'userId:76023669' },
  ],
  empty: [],
  idsAsDigitStrings: [{ ...eventBase, portalId: '62515', subscriptionType: 'company.propertyChange', objectId: '0012', propertyName: 'pe_tier', propertyValue: null }],
  idsAroundABillion: [999_999_999, 1_000_000_000, 1_000_000_001, 1_000_000_000_000, 12_345_678_901].map((objectId) => ({
    ...eventBase,
    subscriptionType: 'company.propertyChange',
    objectId,
    propertyName: 'pe_tier',
  })),
  largestSafeId: [{ ...eventBase, subscriptionType: 'company.propertyChange', objectId: 2 ** 53 - 1, propertyName: 'pe_tier' }],
  unknownFields: [
    { ...eventBase, subscriptionType: 'company.propertyChange', objectId: 5003, propertyName: 'pe_tier', isSensitive: false, somethingNew: { nested: 1 } },
  ],
  noOptionalFields: [{ subscriptionType: 'company.propertyChange', portalId: 1, objectId: 0, propertyName: 'p' }],
  associationTypeIdAsText: [{ ...eventBase, subscriptionType: 'contact.associationChange', associationTypeId: '279', fromObjectId: 1, toObjectId: 2 }],
  noDotInSubscriptionType: [{ ...eventBase, subscriptionType: 'propertyChange', objectId: 1, propertyName: 'pe_tier' }],
} satisfies Record<string, unknown>;

/** Bodies the route refuses with 400. */
export const refusedBodies = {
  notAnArray: { events: [] },
  malformedEvents: [
    { ...eventBase, subscriptionType: 'company.propertyChange', objectId: 1, propertyName: 'pe_tier' },
    { ...eventBase, subscriptionType: 'company.propertyChange', propertyName: 'pe_tier' },
    { ...eventBase, subscriptionType: 'object.propertyChange', objectId: 3, propertyName: 'pe_tier' },
  ],
  associationWithoutEnds: [{ ...eventBase, subscriptionType: 'contact.associationChange', fromObjectId: 1 }],
  portalIdNotANumber: [{ ...eventBase, portalId: 'acme', subscriptionType: 'contact.creation' }],
  arrayOfStrings: ['company.propertyChange'],
  nullBody: null,
  eventIsAnArray: [[]],
  eventIsNull: [null],
  emptySubscriptionType: [{ ...eventBase, subscriptionType: '' }],
  unsafeObjectId: [{ ...eventBase, subscriptionType: 'company.propertyChange', objectId: 2 ** 53, propertyName: 'pe_tier' }],
  negativeObjectId: [{ ...eventBase, subscriptionType: 'company.propertyChange', objectId: -1, propertyName: 'pe_tier' }],
  fractionalObjectId: [{ ...eventBase, subscriptionType: 'company.propertyChange', objectId: 1.5, propertyName: 'pe_tier' }],
  numericPropertyValue: [{ ...eventBase, subscriptionType: 'company.propertyChange', objectId: 1, propertyName: 'pe_tier', propertyValue: 5 }],
  nullOccurredAt: [{ ...eventBase, occurredAt: null, subscriptionType: 'contact.creation' }],
  booleanSourceId: [{ ...eventBase, subscriptionType: 'contact.creation', sourceId: true }],
  emptyObjectTypeId: [{ ...eventBase, subscriptionType: 'object.propertyChange', objectTypeId: '', objectId: 1, propertyName: 'pe_tier' }],
  textAssociationRemoved: [{ ...eventBase, subscriptionType: 'contact.associationChange', fromObjectId: 1, toObjectId: 2, associationRemoved: 'true' }],
  genericAssociationWithoutTypes: [{ ...eventBase, subscriptionType: 'object.associationChange', fromObjectId: 1, toObjectId: 2 }],
  nonAsciiDigits: [{ ...eventBase, portalId: '١٢', subscriptionType: 'contact.creation' }],
} satisfies Record<string, unknown>;
