/** A HubSpot property's data type, as the properties API names it. */
export type PropertyType = 'bool' | 'enumeration' | 'number' | 'date' | 'datetime' | 'string';
