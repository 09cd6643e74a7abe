import type { HubSpotClient } from './hubspot-client.js';
import type { HubSpotRecord } from './hubspot-record.js';
import { companyReadProperties, contactReadProperties } from './property-names.js';
import type { Program } from '../program/program-schema.js';

/** Reads one record with the properties the app uses; null when HubSpot does not have it. */
export type ReadHubSpotRecord = (id: string) => Promise<HubSpotRecord | null>;

interface BatchReadAnswer {
  results: Array<{ id: string; properties: Record<string, string | null> }>;
}

interface RecordReaderOptions {
  client: HubSpotClient;
  portalId: string;
  objectType: 'companies' | 'contacts' | 'deals';
  properties: string[];
}

/**
 * One record by id, as a batch read of one input: HubSpot answers a missing id with 207 and no
 * result (a single-object GET would throw 404), and the call goes through the shared limiter.
 * For what the partner repository does not read on its own: a contact that belongs to no partner
 * (contact card), a company's outputs right after they were written (workflow action).
 */
export function createRecordReader(options: RecordReaderOptions): ReadHubSpotRecord {
  const { client, portalId, objectType, properties } = options;
  return async (id) => {
    const answer = (await client.call({ portalId, operation: `${objectType}.batch.read` }, (sdk) => {
      const body = { inputs: [{ id }], properties, propertiesWithHistory: [] };
      if (objectType === 'deals') return sdk.crm.deals.batchApi.read(body);
      return objectType === 'companies' ? sdk.crm.companies.batchApi.read(body) : sdk.crm.contacts.batchApi.read(body);
    })) as BatchReadAnswer;
    const record = answer.results.find((result) => String(result.id) === id);
    return record ? { id: String(record.id), properties: { ...record.properties } } : null;
  };
}

/** A contact with the properties the rules read. */
export function createContactReader(options: { client: HubSpotClient; portalId: string; program: Program }): ReadHubSpotRecord {
  return createRecordReader({ ...options, objectType: 'contacts', properties: contactReadProperties(options.program) });
}

/** A company with its inputs and outputs. */
export function createCompanyReader(options: { client: HubSpotClient; portalId: string }): ReadHubSpotRecord {
  return createRecordReader({ ...options, objectType: 'companies', properties: companyReadProperties() });
}
