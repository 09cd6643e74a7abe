/**
 * Settings whose keys are open-ended ids (a catalogue) rather than a fixed shape. In these, a key
 * set to `null` removes that entry from the defaults; everywhere else `null` stays `null`, so that
 * the schema can say which setting cannot be empty instead of reporting it as missing.
 */
const CATALOGUE_KEYS = new Set(['certifications']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeValue(base: unknown, override: unknown, isCatalogue: boolean): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    if (value === null && isCatalogue) {
      delete merged[key];
      continue;
    }
    merged[key] = mergeValue(base[key], value, false);
  }
  return merged;
}

/**
 * Lays a vendor's partial program over the defaults. Objects merge key by key, at any depth;
 * arrays and scalars replace the default whole (a tier's `permissions` list is the vendor's list,
 * not the default's plus the vendor's); in the certification catalogue, `null` removes a default
 * certification. The result is not validated here.
 */
export function mergeProgramOverride(defaults: unknown, override: Record<string, unknown>): unknown {
  if (!isPlainObject(defaults)) return override;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    merged[key] = mergeValue(defaults[key], value, CATALOGUE_KEYS.has(key));
  }
  return merged;
}
