import type { Logger } from '../logger.js';
import type { Program } from '../program/program-schema.js';
import { BATCH_LIMITS } from './batch-limits.js';
import type { HubSpotClient } from './hubspot-client.js';
import { createPartnerRepository, type OutputChange, type WriteResult } from './partner-repository.js';
import { COMPANY_INCENTIVE_OUTPUTS } from './property-names.js';

interface BatchReadAnswer {
  results: Array<{ id: string; properties: Record<string, string | null> }>;
}

/** Writes the incentive outputs and the fast track of partner companies, in batches, only what changed. */
export interface IncentiveOutputWriter {
  /**
   * Reads the companies' current incentive outputs with their `pe_tier` in one batch read, computes
   * the outputs from those tiers (the MDF tier of a partner with no quarter close, docs/incentives.md,
   * "Statements") and writes those that differ (docs/properties.md, "Incentive outputs").
   */
  writeOutputs(companyIds: readonly string[], outputsFor: (tiers: ReadonlyMap<string, string | null>) => Promise<ReadonlyMap<string, Record<string, string>>>): Promise<WriteResult>;
  /** Sets `pe_fast_track` on partners a quarter's rebate put in a fast-track bracket (docs/incentives.md, "Quarterly rebate"). */
  markFastTrack(companyIds: readonly string[]): Promise<WriteResult>;
}

export function createIncentiveOutputWriter(options: { client: HubSpotClient; portalId: string; program: Program; logger?: Logger }): IncentiveOutputWriter {
  const { client, portalId } = options;
  const repository = createPartnerRepository(options);

  async function readCurrent(ids: readonly string[], properties: readonly string[]): Promise<Map<string, Record<string, string | null>>> {
    const current = new Map<string, Record<string, string | null>>();
    for (let index = 0; index < ids.length; index += BATCH_LIMITS.objects) {
      const body = { inputs: ids.slice(index, index + BATCH_LIMITS.objects).map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] };
      const answer = await client.call({ portalId, operation: 'companies.batch.read' }, (sdk) => sdk.crm.companies.batchApi.read(body) as Promise<BatchReadAnswer>);
      for (const record of answer.results) current.set(String(record.id), { ...record.properties });
    }
    return current;
  }

  async function write(desired: ReadonlyMap<string, Record<string, string>>, properties: readonly string[]): Promise<WriteResult> {
    const ids = [...desired.keys()];
    return writeChanges(ids, await readCurrent(ids, properties), desired);
  }

  function writeChanges(ids: readonly string[], current: ReadonlyMap<string, Record<string, string | null>>, desired: ReadonlyMap<string, Record<string, string>>): Promise<WriteResult> {
    // A company HubSpot no longer has is left out: there is nothing to write on.
    const changes: OutputChange[] = ids.filter((id) => current.has(id))
      .map((id) => ({ objectType: 'companies', id, current: current.get(id)!, desired: desired.get(id)! }));
    return repository.writeOutputs(changes);
  }

  return {
    async writeOutputs(companyIds, outputsFor) {
      const read = await readCurrent(companyIds, [...COMPANY_INCENTIVE_OUTPUTS, 'pe_tier']);
      const tiers = new Map([...read].map(([id, properties]) => [id, properties.pe_tier ?? null]));
      const current = new Map([...read].map(([id, { pe_tier: _tier, ...outputs }]) => [id, outputs]));
      return writeChanges(companyIds, current, await outputsFor(tiers));
    },
    markFastTrack: (companyIds) => write(new Map(companyIds.map((id) => [id, { pe_fast_track: 'true' }])), ['pe_fast_track']),
  };
}
