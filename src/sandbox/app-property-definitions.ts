import { buildPropertySchema, type PropertySpec } from '../hubspot/property-schema.js';
import type { Program } from '../program/program-schema.js';
import { propertyDefinition, type PropertyDefinition, type PropertyGroupDefinition } from './property-catalog.js';

/**
 * The app's property group and properties exactly as `partner-enablement setup` creates them
 * (the product's own schema). The demo seed pre-creates them so that sandbox mode works before
 * setup has run; setup then finds nothing to change.
 */
export function appPropertyDefinitions(
  program: Program,
  at: string,
): { group: PropertyGroupDefinition; companies: PropertyDefinition[]; contacts: PropertyDefinition[] } {
  const schema = buildPropertySchema(program);
  const toDefinition = (spec: PropertySpec) => propertyDefinition({ ...spec, options: spec.options.map(({ label, value }) => ({ label, value })) }, at);
  return {
    group: { ...schema.group, archived: false },
    companies: schema.companies.map(toDefinition),
    contacts: schema.contacts.map(toDefinition),
  };
}
