import { describe, expect, it } from 'vitest';
import { buildPropertySchema, type PropertySpec } from '../../../src/hubspot/property-schema.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { REGISTRATION_PIPELINE } from '../../../src/hubspot/registration-pipeline.js';
import { appPortalProperties } from '../../../src/sandbox/app-portal-properties.js';
import { REGISTRATION_STAGES } from '../../../src/sandbox/demo-deals.js';
import type { PropertyDefinition } from '../../../src/sandbox/property-catalog.js';
import { registrationDealProperties } from '../../../src/sandbox/registration-deal-properties.js';

// The sandbox keeps its own copy of the app's properties as HubSpot holds them after setup. When
// this test fails, the product's schema changed: either the change is deliberate (update
// src/sandbox/app-portal-properties.ts, or src/sandbox/registration-deal-properties.ts for deals,
// to what setup now leaves in a portal) or it is a mistake.

/** The fields setup writes, as HubSpot returns them. */
function written(property: PropertySpec | PropertyDefinition) {
  return {
    name: property.name,
    label: property.label,
    description: property.description,
    groupName: property.groupName,
    type: property.type,
    fieldType: property.fieldType,
    formField: property.formField,
    displayOrder: property.displayOrder,
    options: property.options.map(({ value, label, displayOrder, hidden }) => ({ value, label, displayOrder, hidden })),
  };
}

const product = buildPropertySchema(DEFAULT_PROGRAM);
const sandbox = { ...appPortalProperties('2025-01-01T00:00:00.000Z'), deals: registrationDealProperties('2025-01-01T00:00:00.000Z') };

describe('the sandbox catalogue of the app portal matches the product schema', () => {
  it('has the same property group', () => {
    expect({ name: sandbox.group.name, label: sandbox.group.label }).toEqual({ name: product.group.name, label: product.group.label });
  });

  for (const objectType of ['companies', 'contacts', 'deals'] as const) {
    it(`holds the same ${objectType} properties, in the same order`, () => {
      expect(sandbox[objectType].map((property) => property.name)).toEqual(product[objectType].map((property) => property.name));
    });

    it(`holds every ${objectType} property as setup writes it`, () => {
      expect(sandbox[objectType].map(written)).toEqual(product[objectType].map(written));
    });
  }

  it('marks the app properties as HubSpot does for properties an app created', () => {
    for (const property of [...sandbox.companies, ...sandbox.contacts, ...sandbox.deals]) {
      expect(property).toMatchObject({ hubspotDefined: false, archived: false, calculated: false, createdAt: '2025-01-01T00:00:00.000Z' });
    }
  });

  it("seeds the demo's registrations pipeline with the stages setup creates", () => {
    expect(REGISTRATION_STAGES).toEqual(REGISTRATION_PIPELINE.stages);
  });
});
