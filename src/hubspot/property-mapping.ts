/**
 * The mapping between HubSpot property strings and the domain, both ways: read a partner from its
 * company and contacts (tolerant: odd values become warnings), and format an evaluation back into
 * the exact property strings of docs/properties.md, "Values as HubSpot strings".
 */
export { readPartnerSnapshot, type ReadPartnerResult } from './read-partner-snapshot.js';
export {
  formatCompanyOutputs,
  formatContactOutputs,
  formatGapsSummary,
  type CompanyOutputExtras,
  type ContactOutputExtras,
} from './format-partner-outputs.js';
