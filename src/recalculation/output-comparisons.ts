import type { PropertyComparison } from '../hubspot/diff-output-properties.js';
import { buildPropertySchema } from '../hubspot/property-schema.js';
import type { Program } from '../program/program-schema.js';

/**
 * How each company output compares (its HubSpot type, multi-select or not), so the recalculation
 * can tell whether an evaluation changed anything before it decides to stamp
 * `pe_readiness_evaluated_at`. The repository builds the same map for its own diff; it does not
 * export it, so this one is derived from the same property schema.
 */
export function companyOutputComparisons(program: Program): Map<string, PropertyComparison> {
  return new Map(buildPropertySchema(program).companies.map((spec) => [spec.name, { type: spec.type, multiple: spec.fieldType === 'checkbox' }]));
}
