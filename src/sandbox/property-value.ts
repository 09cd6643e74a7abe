import { DateTime } from 'luxon';
import type { PropertyDefinition } from './property-catalog.js';

/** Why HubSpot refused one property value (its `error` codes). */
export interface PropertyValueError {
  name: string;
  error: 'PROPERTY_DOESNT_EXIST' | 'INVALID_OPTION' | 'INVALID_NUMBER' | 'INVALID_BOOLEAN' | 'INVALID_DATE' | 'INVALID_DATETIME' | 'READ_ONLY_VALUE';
  message: string;
}

export type NormalizedValue = { ok: true; value: string } | { ok: false; error: PropertyValueError };

/**
 * Checks one written value against its definition and returns it as HubSpot stores it (always a
 * string; `''` clears). Dates come back as `YYYY-MM-DD`, datetimes as ISO-8601 UTC.
 */
export function normalizePropertyValue(definition: PropertyDefinition | undefined, name: string, raw: unknown): NormalizedValue {
  if (!definition || definition.archived) {
    return fail(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
  }
  if (definition.modificationMetadata.readOnlyValue) {
    return fail(name, 'READ_ONLY_VALUE', `Property "${name}" is a read only property; its value cannot be set.`);
  }
  const value = raw === null || raw === undefined ? '' : String(raw);
  if (value === '') return { ok: true, value: '' };
  switch (definition.type) {
    case 'number':
      return normalizeNumber(name, value);
    case 'bool':
      return normalizeBoolean(name, value);
    case 'enumeration':
      return normalizeEnumeration(definition, value);
    case 'date':
      return normalizeDate(name, value);
    case 'datetime':
      return normalizeDateTime(name, value);
    default:
      return { ok: true, value };
  }
}

function fail(name: string, error: PropertyValueError['error'], message: string): NormalizedValue {
  return { ok: false, error: { name, error, message } };
}

function normalizeNumber(name: string, value: string): NormalizedValue {
  const trimmed = value.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) {
    return fail(name, 'INVALID_NUMBER', `${value} is not a valid number for property "${name}"`);
  }
  return { ok: true, value: String(Number(trimmed)) };
}

function normalizeBoolean(name: string, value: string): NormalizedValue {
  const lower = value.trim().toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    return fail(name, 'INVALID_BOOLEAN', `${value} is not a valid boolean for property "${name}": use true or false`);
  }
  return { ok: true, value: lower };
}

function normalizeEnumeration(definition: PropertyDefinition, value: string): NormalizedValue {
  if (definition.externalOptions) return { ok: true, value };
  const allowed = definition.options.map((option) => option.value);
  const values = definition.fieldType === 'checkbox' ? value.split(';').filter((v) => v !== '') : [value];
  const invalid = values.find((v) => !allowed.includes(v));
  if (invalid !== undefined) {
    return fail(
      definition.name,
      'INVALID_OPTION',
      `${invalid} was not one of the allowed options: [${allowed.join(', ')}]`,
    );
  }
  return { ok: true, value: values.join(';') };
}

function normalizeDate(name: string, value: string): NormalizedValue {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const parsed = DateTime.fromISO(value, { zone: 'utc' });
    if (parsed.isValid) return { ok: true, value };
  }
  if (/^\d+$/.test(value)) {
    const parsed = DateTime.fromMillis(Number(value), { zone: 'utc' });
    if (parsed.isValid && parsed.startOf('day').toMillis() === parsed.toMillis()) {
      return { ok: true, value: parsed.toISODate() ?? value };
    }
  }
  return fail(name, 'INVALID_DATE', `${value} is not a valid date for property "${name}": use YYYY-MM-DD or epoch milliseconds at midnight UTC`);
}

function normalizeDateTime(name: string, value: string): NormalizedValue {
  const parsed = /^\d+$/.test(value)
    ? DateTime.fromMillis(Number(value), { zone: 'utc' })
    : DateTime.fromISO(value, { zone: 'utc', setZone: false });
  if (!parsed.isValid) {
    return fail(name, 'INVALID_DATETIME', `${value} is not a valid datetime for property "${name}": use epoch milliseconds or ISO-8601`);
  }
  return { ok: true, value: parsed.toUTC().toISO() ?? value };
}
