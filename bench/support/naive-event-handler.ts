import { todayIn } from '../../src/domain/calendar-date.js';
import { evaluatePartner } from '../../src/domain/evaluate-partner.js';
import type { Trend } from '../../src/domain/types.js';
import { diffOutputProperties, type PropertyComparison } from '../../src/hubspot/diff-output-properties.js';
import { formatCompanyOutputs, formatContactOutputs } from '../../src/hubspot/format-partner-outputs.js';
import type { HubSpotClient } from '../../src/hubspot/hubspot-client.js';
import type { HubSpotRecord } from '../../src/hubspot/hubspot-record.js';
import { companyReadProperties, contactReadProperties } from '../../src/hubspot/property-names.js';
import { buildPropertySchema } from '../../src/hubspot/property-schema.js';
import { readPartnerSnapshot } from '../../src/hubspot/read-partner-snapshot.js';
import type { Program } from '../../src/program/program-schema.js';

export interface NaiveHandlerOptions {
  client: HubSpotClient;
  portalId: string;
  program: Program;
  now?: () => number;
}

const TRENDS = new Set(['improving', 'stable', 'declining']);

/**
 * The baseline of the API-efficiency bench: what a straightforward webhook handler does for each
 * event on its own — read the company, read its contact associations, batch-read its contacts (one
 * call, which is already kinder than one read per contact), evaluate, and write the company and
 * its contacts back when their outputs changed. It keeps no history (the trend is left as HubSpot
 * holds it) and creates no notes or tasks, so its count is a floor of what such a handler costs.
 */
export function createNaiveEventHandler(options: NaiveHandlerOptions): (companyId: string) => Promise<void> {
  const { client, portalId, program } = options;
  const now = options.now ?? Date.now;
  const companyProperties = companyReadProperties();
  const contactProperties = contactReadProperties(program);
  const schema = buildPropertySchema(program);
  const comparisonsOf = (specs: typeof schema.companies) =>
    new Map<string, PropertyComparison>(specs.map((spec) => [spec.name, { type: spec.type, multiple: spec.fieldType === 'checkbox' }]));
  const companyComparisons = comparisonsOf(schema.companies);
  const contactComparisons = comparisonsOf(schema.contacts);

  return async (companyId) => {
    const company = await client.call({ portalId, operation: 'companies.get' }, (sdk) =>
      sdk.crm.companies.basicApi.getById(companyId, companyProperties),
    );
    const links = await client.call({ portalId, operation: 'companies.associations.contacts' }, (sdk) =>
      sdk.crm.associations.v4.basicApi.getPage('companies', companyId, 'contacts', undefined, 500),
    );
    const contactIds = links.results.map((link) => String(link.toObjectId));
    const contacts: HubSpotRecord[] =
      contactIds.length === 0
        ? []
        : (
            await client.call({ portalId, operation: 'contacts.batch.read' }, (sdk) =>
              sdk.crm.contacts.batchApi.read({ inputs: contactIds.map((id) => ({ id })), properties: contactProperties, propertiesWithHistory: [] }),
            )
          ).results.map((record) => ({ id: String(record.id), properties: { ...record.properties } }));
    const companyRecord: HubSpotRecord = { id: String(company.id), properties: { ...company.properties } };
    const { snapshot } = readPartnerSnapshot(companyRecord, contacts, program);
    if (!snapshot.isPartner) return;
    const evaluation = evaluatePartner(snapshot, program, todayIn(snapshot.timeZone, now()));
    const loadedTrend = companyRecord.properties.pe_readiness_trend;
    const trend = (loadedTrend && TRENDS.has(loadedTrend) ? loadedTrend : 'stable') as Trend;
    const desired = formatCompanyOutputs(evaluation, program, { trend, contacts: snapshot.contacts });
    const companyChanges = diffOutputProperties(companyRecord.properties, desired, companyComparisons);
    if (Object.keys(companyChanges).length > 0) {
      companyChanges.pe_readiness_evaluated_at = new Date(now()).toISOString();
      await client.call({ portalId, operation: 'companies.update' }, (sdk) => sdk.crm.companies.basicApi.update(companyId, { properties: companyChanges }));
    }
    const contactDesired = formatContactOutputs(evaluation, snapshot.contacts, program);
    const contactInputs = contacts
      .map((contact) => ({ id: contact.id, properties: diffOutputProperties(contact.properties, contactDesired[contact.id] ?? {}, contactComparisons) }))
      .filter((input) => Object.keys(input.properties).length > 0);
    if (contactInputs.length > 0) {
      await client.call({ portalId, operation: 'contacts.batch.update' }, (sdk) => sdk.crm.contacts.batchApi.update({ inputs: contactInputs }));
    }
  };
}
