/**
 * The answer to the one network call of HubSpot's project parser: the component schemas it
 * downloads from `project-components-external/project-schemas/v3/<platformVersion>` and compiles
 * with Ajv (draft 2020-12), keyed by internal component type (`mapToInternalType`: app →
 * APPLICATION, card → CARD, pages → PAGE, webhooks → WEBHOOKS, workflow-action → WORKFLOW_ACTION).
 *
 * HubSpot's own schemas are not published, so these are written here from HubSpot's configuration
 * reference for each component (required fields, value sets, HTTPS URLs). They are deliberately
 * closed (`additionalProperties: false`) so a misspelt key fails here instead of being ignored at
 * upload. A component type missing from this map is reported by the parser as unsupported, which
 * is the right answer for a type this project does not use.
 */

const httpsUrl = { type: 'string', format: 'uri', pattern: '^https://' } as const;
const nonEmptyString = { type: 'string', minLength: 1 } as const;

const application = {
  type: 'object',
  required: ['name', 'distribution', 'auth'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 8192 },
    logo: { type: 'string' },
    distribution: { enum: ['private', 'marketplace'] },
    auth: {
      type: 'object',
      required: ['type', 'requiredScopes'],
      additionalProperties: false,
      properties: {
        type: { enum: ['static', 'oauth'] },
        redirectUrls: { type: 'array', items: { type: 'string', format: 'uri' } },
        requiredScopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9._-]*$' } },
        optionalScopes: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9._-]*$' } },
        conditionallyRequiredScopes: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9._-]*$' } },
      },
    },
    permittedUrls: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fetch: { type: 'array', uniqueItems: true, items: httpsUrl },
        iframe: { type: 'array', uniqueItems: true, items: httpsUrl },
        img: { type: 'array', uniqueItems: true, items: httpsUrl },
      },
    },
    support: {
      type: 'object',
      additionalProperties: false,
      properties: {
        supportEmail: { type: 'string', format: 'email' },
        documentationUrl: httpsUrl,
        supportUrl: httpsUrl,
        supportPhone: { type: 'string' },
      },
    },
  },
  // Static auth tokens are for one account at a time: only a privately distributed app can use them.
  if: { properties: { auth: { properties: { type: { const: 'static' } } } } },
  then: { properties: { distribution: { const: 'private' } } },
} as const;

const card = {
  type: 'object',
  required: ['name', 'location', 'entrypoint', 'objectTypes'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string' },
    location: { enum: ['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar'] },
    entrypoint: { type: 'string', pattern: '^/app/cards/[^/].*\\.(tsx|jsx|ts|js)$' },
    // HubSpot's examples use both spellings: `companies` (2025.2) and `COMPANY` (2026.03).
    objectTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^([a-z_]+|[A-Z_]+|[0-9]+-[0-9]+)$' } },
  },
} as const;

const crmObjectSubscription = {
  type: 'object',
  required: ['subscriptionType', 'objectType', 'active'],
  additionalProperties: false,
  properties: {
    subscriptionType: {
      enum: [
        'object.creation',
        'object.deletion',
        'object.merge',
        'object.restore',
        'object.propertyChange',
        'object.associationChange',
      ],
    },
    objectType: nonEmptyString,
    propertyName: nonEmptyString,
    active: { type: 'boolean' },
  },
  // One property per property-change subscription; no wildcards.
  if: { properties: { subscriptionType: { const: 'object.propertyChange' } } },
  then: { required: ['propertyName'] },
  else: { not: { required: ['propertyName'] } },
} as const;

const legacySubscription = {
  type: 'object',
  required: ['subscriptionType', 'active'],
  additionalProperties: false,
  properties: {
    subscriptionType: { type: 'string', pattern: '^[a-z_]+\\.[A-Za-z]+$' },
    propertyName: nonEmptyString,
    active: { type: 'boolean' },
  },
} as const;

const webhooks = {
  type: 'object',
  required: ['settings', 'subscriptions'],
  additionalProperties: false,
  properties: {
    settings: {
      type: 'object',
      required: ['targetUrl'],
      additionalProperties: false,
      properties: {
        targetUrl: httpsUrl,
        maxConcurrentRequests: { type: 'integer', minimum: 5, maximum: 100 },
      },
    },
    subscriptions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        crmObjects: { type: 'array', maxItems: 1000, items: crmObjectSubscription },
        legacyCrmObjects: { type: 'array', maxItems: 1000, items: legacySubscription },
        hubEvents: { type: 'array', items: legacySubscription },
      },
    },
  },
} as const;

const option = {
  type: 'object',
  required: ['value', 'label'],
  additionalProperties: false,
  properties: { value: nonEmptyString, label: nonEmptyString, description: { type: 'string' }, displayOrder: { type: 'integer' } },
} as const;

const typeDefinition = {
  type: 'object',
  required: ['name', 'type', 'fieldType'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
    type: { enum: ['string', 'number', 'bool', 'date', 'datetime', 'enumeration', 'phone_number'] },
    fieldType: {
      enum: ['text', 'textarea', 'number', 'booleancheckbox', 'date', 'select', 'radio', 'checkbox', 'phonenumber', 'calculation_equation'],
    },
    options: { type: 'array', items: option },
    optionsUrl: httpsUrl,
    referencedObjectType: { type: 'string' },
    helpText: { type: 'string' },
    description: { type: 'string' },
  },
  // An enumeration lists its options (or where to fetch them).
  if: { properties: { type: { const: 'enumeration' } } },
  then: { anyOf: [{ required: ['options'], properties: { options: { minItems: 1 } } }, { required: ['optionsUrl'] }] },
} as const;

const labelMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

const workflowAction = {
  type: 'object',
  required: ['actionUrl', 'supportedClients', 'objectTypes', 'labels'],
  additionalProperties: false,
  properties: {
    actionUrl: httpsUrl,
    isPublished: { type: 'boolean' },
    supportedClients: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['client'],
        additionalProperties: false,
        properties: { client: { enum: ['WORKFLOWS', 'AGENTS'] } },
      },
    },
    objectTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^([A-Z_]+|[0-9]+-[0-9]+)$' } },
    inputFields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['typeDefinition', 'supportedValueTypes'],
        additionalProperties: false,
        properties: {
          typeDefinition,
          supportedValueTypes: {
            type: 'array',
            minItems: 1,
            items: { enum: ['STATIC_VALUE', 'OBJECT_PROPERTY', 'FIELD_DATA', 'ENROLLED_OBJECT'] },
          },
          isRequired: { type: 'boolean' },
        },
      },
    },
    outputFields: {
      type: 'array',
      items: { type: 'object', required: ['typeDefinition'], additionalProperties: false, properties: { typeDefinition } },
    },
    // What the workflow's history shows for a run whose output fields match `conditions` (an output
    // field name → its value, or the values it may have); the message is
    // `labels.<lang>.executionRules[labelName]`.
    executionRules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['labelName', 'conditions'],
        additionalProperties: false,
        properties: {
          labelName: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
          conditions: {
            type: 'object',
            minProperties: 1,
            propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
            additionalProperties: {
              anyOf: [{ type: 'string' }, { type: 'array', minItems: 1, items: { type: 'string' } }],
            },
          },
        },
      },
    },
    labels: {
      type: 'object',
      required: ['en'],
      additionalProperties: {
        type: 'object',
        required: ['actionName'],
        additionalProperties: false,
        properties: {
          actionName: nonEmptyString,
          actionDescription: { type: 'string' },
          actionCardContent: { type: 'string' },
          appDisplayName: { type: 'string' },
          inputFieldLabels: labelMap,
          inputFieldDescriptions: labelMap,
          inputFieldOptionLabels: { type: 'object', additionalProperties: labelMap },
          outputFieldLabels: labelMap,
          executionRules: labelMap,
        },
      },
    },
  },
} as const;

/** App pages (`type: "pages"`, internal PAGE): one component per app, its entrypoint in `app/pages/`. */
const pages = {
  type: 'object',
  required: ['entrypoint'],
  additionalProperties: false,
  properties: {
    entrypoint: { type: 'string', pattern: '^/app/pages/[^/].*\\.(tsx|jsx|ts|js)$' },
  },
} as const;

/** Component schemas by platform version, then by internal component type. */
export const COMPONENT_SCHEMAS: Record<string, Record<string, unknown>> = {
  '2026.03': {
    APPLICATION: application,
    CARD: card,
    PAGE: pages,
    WEBHOOKS: webhooks,
    WORKFLOW_ACTION: workflowAction,
  },
};
