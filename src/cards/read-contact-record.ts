import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import { contactReadProperties } from '../hubspot/property-names.js';
import type { Program } from '../program/program-schema.js';

/** Reads one contact with the properties the rules need; null when HubSpot does not have it. */
export type ReadContactRecord = (contactId: string) => Promise<HubSpotRecord | null>;

interface BatchReadAnswer {
  results: Array<{ id: string; properties: Record<string, string | null> }>;
}

/**
 * One contact, for the contact card of a person who belongs to no partner (the partner repository
 * reads contacts only through their companies). A batch read of one id: HubSpot answers a missing
 * id with 207 and no result instead of throwing, and the call goes through the shared limiter.
 */
export function createContactReader(options: { client: HubSpotClient; portalId: string; program: Program }): ReadContactRecord {
  const properties = contactReadProperties(options.program);
  return async (contactId) => {
    const answer = (await options.client.call({ portalId: options.portalId, operation: 'contacts.batch.read' }, (sdk) =>
      sdk.crm.contacts.batchApi.read({ inputs: [{ id: contactId }], properties, propertiesWithHistory: [] }),
    )) as BatchReadAnswer;
    const record = answer.results.find((result) => String(result.id) === contactId);
    return record ? { id: String(record.id), properties: { ...record.properties } } : null;
  };
}
