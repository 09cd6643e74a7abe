/** A property definition as HubSpot's properties API returns it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'bool' | 'enumeration' | 'date' | 'datetime';
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined: boolean;
  formField: boolean;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
}

export interface PropertyOption {
  label: string;
  value: string;
  description?: string;
  displayOrder: number;
  hidden: boolean;
}

export interface PropertyGroupDefinition {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** Object types the sandbox stores, by their plural API name. */
export const OBJECT_TYPES = ['companies', 'contacts', 'deals', 'tasks', 'notes'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** HubSpot's object type ids (`0-2` companies …) as webhooks carry them. */
export const OBJECT_TYPE_IDS: Record<ObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  tasks: '0-27',
  notes: '0-46',
};

/** Singular names (`company`), as legacy webhook subscription types and hsmeta files use them. */
export const OBJECT_SINGULAR: Record<ObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tasks: 'task',
  notes: 'note',
};

/** Accepts `companies`, `company`, `COMPANY` and `0-2`, as HubSpot does in paths. */
export function normalizeObjectType(value: string): ObjectType | undefined {
  const lower = value.toLowerCase();
  for (const type of OBJECT_TYPES) {
    if (lower === type || lower === OBJECT_SINGULAR[type] || lower === OBJECT_TYPE_IDS[type]) return type;
  }
  return undefined;
}

const EPOCH = '2020-01-01T00:00:00.000Z';

type PropertySeed = Pick<PropertyDefinition, 'name' | 'label' | 'type' | 'fieldType'> &
  Partial<Omit<PropertyDefinition, 'options'>> & { options?: Array<string | { label: string; value: string }> };

/** Fills in the fields HubSpot always returns. */
export function propertyDefinition(seed: PropertySeed, at = EPOCH): PropertyDefinition {
  const { options, ...rest } = seed;
  return {
    description: '',
    groupName: 'companyinformation',
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: false,
    formField: false,
    createdAt: at,
    updatedAt: at,
    archived: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    ...rest,
    options: (options ?? []).map((option, index) =>
      typeof option === 'string'
        ? { label: option, value: option, displayOrder: index, hidden: false }
        : { ...option, displayOrder: index, hidden: false },
    ),
  };
}

function standard(seed: PropertySeed & { readOnly?: boolean }): PropertyDefinition {
  const { readOnly, ...rest } = seed;
  return propertyDefinition({
    ...rest,
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: readOnly ?? false },
  });
}

const text = (name: string, label: string, groupName: string) =>
  standard({ name, label, type: 'string', fieldType: 'text', groupName });
const readOnlyDate = (name: string, label: string, groupName: string) =>
  standard({ name, label, type: 'datetime', fieldType: 'date', groupName, readOnly: true });
const objectId = (groupName: string) =>
  standard({ name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', groupName, readOnly: true });
// Owner ids are validated against the owners list by HubSpot; the sandbox marks the options external.
const owner = (groupName: string) =>
  standard({ name: 'hubspot_owner_id', label: 'Owner', type: 'enumeration', fieldType: 'select', groupName, externalOptions: true });

/** HubSpot's standard property groups that the standard properties below live in. */
export const STANDARD_GROUPS: Record<ObjectType, PropertyGroupDefinition[]> = {
  companies: [{ name: 'companyinformation', label: 'Company information', displayOrder: 0, archived: false }],
  contacts: [{ name: 'contactinformation', label: 'Contact information', displayOrder: 0, archived: false }],
  deals: [{ name: 'dealinformation', label: 'Deal information', displayOrder: 0, archived: false }],
  tasks: [{ name: 'task', label: 'Task information', displayOrder: 0, archived: false }],
  notes: [{ name: 'engagement', label: 'Engagement information', displayOrder: 0, archived: false }],
};

/** The subset of HubSpot's standard properties the app and the demo use. */
export function standardProperties(type: ObjectType): PropertyDefinition[] {
  switch (type) {
    case 'companies':
      return [
        text('name', 'Company name', 'companyinformation'),
        text('domain', 'Company domain name', 'companyinformation'),
        text('city', 'City', 'companyinformation'),
        text('country', 'Country/Region', 'companyinformation'),
        text('phone', 'Phone number', 'companyinformation'),
        owner('companyinformation'),
        readOnlyDate('createdate', 'Create date', 'companyinformation'),
        readOnlyDate('hs_lastmodifieddate', 'Last modified date', 'companyinformation'),
        objectId('companyinformation'),
      ];
    case 'contacts':
      return [
        text('firstname', 'First name', 'contactinformation'),
        text('lastname', 'Last name', 'contactinformation'),
        standard({ name: 'email', label: 'Email', type: 'string', fieldType: 'text', groupName: 'contactinformation', hasUniqueValue: true }),
        text('jobtitle', 'Job title', 'contactinformation'),
        text('phone', 'Phone number', 'contactinformation'),
        owner('contactinformation'),
        readOnlyDate('createdate', 'Create date', 'contactinformation'),
        readOnlyDate('lastmodifieddate', 'Last modified date', 'contactinformation'),
        objectId('contactinformation'),
      ];
    case 'deals':
      return [
        text('dealname', 'Deal name', 'dealinformation'),
        standard({ name: 'amount', label: 'Amount', type: 'number', fieldType: 'number', groupName: 'dealinformation' }),
        standard({ name: 'closedate', label: 'Close date', type: 'datetime', fieldType: 'date', groupName: 'dealinformation' }),
        // Options of both come from the deal pipelines; the store checks a stage against its pipeline.
        standard({ name: 'pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', groupName: 'dealinformation', externalOptions: true }),
        standard({ name: 'dealstage', label: 'Deal stage', type: 'enumeration', fieldType: 'radio', groupName: 'dealinformation', externalOptions: true }),
        standard({ name: 'dealtype', label: 'Deal type', type: 'enumeration', fieldType: 'radio', groupName: 'dealinformation', options: ['newbusiness', 'existingbusiness'] }),
        text('description', 'Deal description', 'dealinformation'),
        owner('dealinformation'),
        // Calculated by HubSpot from the stage and the amount; never written by the API.
        standard({ name: 'hs_is_closed', label: 'Is closed', type: 'bool', fieldType: 'booleancheckbox', groupName: 'dealinformation', readOnly: true, calculated: true, options: ['true', 'false'] }),
        standard({ name: 'hs_is_closed_won', label: 'Is closed won', type: 'bool', fieldType: 'booleancheckbox', groupName: 'dealinformation', readOnly: true, calculated: true, options: ['true', 'false'] }),
        standard({ name: 'amount_in_home_currency', label: 'Amount in company currency', type: 'number', fieldType: 'number', groupName: 'dealinformation', readOnly: true, calculated: true }),
        readOnlyDate('createdate', 'Create date', 'dealinformation'),
        readOnlyDate('hs_lastmodifieddate', 'Last modified date', 'dealinformation'),
        objectId('dealinformation'),
      ];
    case 'tasks':
      return [
        text('hs_task_subject', 'Task title', 'task'),
        standard({ name: 'hs_task_body', label: 'Task notes', type: 'string', fieldType: 'html', groupName: 'task' }),
        standard({
          name: 'hs_task_status',
          label: 'Task status',
          type: 'enumeration',
          fieldType: 'select',
          groupName: 'task',
          options: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
        }),
        standard({
          name: 'hs_task_priority',
          label: 'Priority',
          type: 'enumeration',
          fieldType: 'select',
          groupName: 'task',
          options: ['NONE', 'LOW', 'MEDIUM', 'HIGH'],
        }),
        standard({
          name: 'hs_task_type',
          label: 'Task type',
          type: 'enumeration',
          fieldType: 'select',
          groupName: 'task',
          options: ['TODO', 'CALL', 'EMAIL', 'LINKED_IN', 'MEETING'],
        }),
        standard({ name: 'hs_timestamp', label: 'Due date', type: 'datetime', fieldType: 'date', groupName: 'task' }),
        owner('task'),
        readOnlyDate('hs_createdate', 'Create date', 'task'),
        readOnlyDate('hs_lastmodifieddate', 'Last modified date', 'task'),
        objectId('task'),
      ];
    case 'notes':
      return [
        standard({ name: 'hs_note_body', label: 'Note body', type: 'string', fieldType: 'html', groupName: 'engagement' }),
        standard({ name: 'hs_timestamp', label: 'Activity date', type: 'datetime', fieldType: 'date', groupName: 'engagement' }),
        owner('engagement'),
        readOnlyDate('hs_createdate', 'Create date', 'engagement'),
        readOnlyDate('hs_lastmodifieddate', 'Last modified date', 'engagement'),
        objectId('engagement'),
      ];
  }
}

/** Properties HubSpot returns on every read whether asked for or not. */
export function alwaysReturnedProperties(type: ObjectType): string[] {
  switch (type) {
    case 'companies':
      return ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];
    case 'contacts':
      return ['createdate', 'lastmodifieddate', 'hs_object_id'];
    case 'deals':
      return ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];
    default:
      return ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];
  }
}

/** Properties HubSpot returns when a read names none. */
export function defaultReadProperties(type: ObjectType): string[] {
  switch (type) {
    case 'companies':
      return ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'];
    case 'contacts':
      return ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];
    case 'deals':
      return ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'];
    case 'tasks':
      return ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_task_subject', 'hs_timestamp'];
    case 'notes':
      return ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_note_body', 'hs_timestamp'];
  }
}

/** The property that carries the last-modified time of a record of this type. */
export function lastModifiedProperty(type: ObjectType): string {
  return type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

export function createdProperty(type: ObjectType): string {
  return type === 'companies' || type === 'contacts' || type === 'deals' ? 'createdate' : 'hs_createdate';
}
