import type { HubSpotClient } from '../../src/hubspot/hubspot-client.js';

type Spec = { name: string; type: 'enumeration' | 'number' | 'date' | 'bool'; fieldType: 'select' | 'number' | 'date' | 'booleancheckbox'; options?: string[] };

const TIERS = ['none', 'bronze', 'silver', 'gold', 'platinum'];

/** The governance and performance company properties docs/governance.md names, as plain definitions. */
const SPECS: Spec[] = [
  { name: 'pe_tier_proposed', type: 'enumeration', fieldType: 'select', options: TIERS },
  { name: 'pe_qualified_tier', type: 'enumeration', fieldType: 'select', options: TIERS },
  { name: 'pe_tier_outlook', type: 'enumeration', fieldType: 'select', options: ['advancing', 'holding', 'demotion_risk', 'exit_risk'] },
  { name: 'pe_quarters_above', type: 'number', fieldType: 'number' },
  { name: 'pe_quarters_below', type: 'number', fieldType: 'number' },
  { name: 'pe_next_tier_review', type: 'date', fieldType: 'date' },
  { name: 'pe_program_status', type: 'enumeration', fieldType: 'select', options: ['onboarding', 'active', 'exit_recommended', 'exited'] },
  { name: 'pe_fast_track', type: 'bool', fieldType: 'booleancheckbox', options: ['true', 'false'] },
  { name: 'pe_revenue_12m', type: 'number', fieldType: 'number' },
  { name: 'pe_new_logos_12m', type: 'number', fieldType: 'number' },
  { name: 'pe_open_pipeline', type: 'number', fieldType: 'number' },
  { name: 'pe_health_score', type: 'number', fieldType: 'number' },
  { name: 'pe_health_status', type: 'enumeration', fieldType: 'select', options: ['on_target', 'at_risk', 'off_target'] },
];

/**
 * Creates, through the SDK, the governance company properties the portal does not have yet (the
 * product's `setup` defines them once the quarter close ships them; a test of the decisions and
 * review tasks needs them either way).
 */
export async function ensureGovernanceProperties(client: HubSpotClient, portalId: string): Promise<void> {
  const existing = await client.call({ portalId, operation: 'properties.read' }, (sdk) => sdk.crm.properties.coreApi.getAll('companies'));
  const names = new Set(existing.results.map((property) => property.name));
  for (const spec of SPECS.filter((candidate) => !names.has(candidate.name))) {
    await client.call({ portalId, operation: 'properties.create' }, (sdk) =>
      sdk.crm.properties.coreApi.create('companies', {
        name: spec.name,
        label: spec.name,
        groupName: 'partner_enablement',
        type: spec.type,
        fieldType: spec.fieldType,
        options: (spec.options ?? []).map((value, displayOrder) => ({ value, label: value, displayOrder, hidden: false })),
      } as unknown as Parameters<typeof sdk.crm.properties.coreApi.create>[1]),
    );
  }
}
