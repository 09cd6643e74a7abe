import { BATCH_LIMITS } from './batch-limits.js';
import type { HubSpotClient } from './hubspot-client.js';

/**
 * A task an earlier run created before it was killed, found by the reference line its body carries
 * (`Reference: <reference>`) among the tasks associated with a record: one association read and
 * one batch read per 100 tasks. Null when none carries it, so the caller creates the task once.
 */
export async function findTaskByReference(
  client: HubSpotClient,
  portalId: string,
  record: { type: 'deals' | 'companies'; id: string },
  reference: string,
): Promise<string | null> {
  const associated = await client.call({ portalId, operation: 'associations.read' }, (sdk) =>
    sdk.crm.associations.v4.basicApi.getPage(record.type, record.id, 'tasks', undefined, 500),
  );
  const ids = associated.results.map((entry) => String(entry.toObjectId));
  if (ids.length === 0) return null;
  const line = `Reference: ${reference}`;
  for (let start = 0; start < ids.length; start += BATCH_LIMITS.objects) {
    const inputs = ids.slice(start, start + BATCH_LIMITS.objects).map((id) => ({ id }));
    const tasks = await client.call({ portalId, operation: 'tasks.batch.read' }, (sdk) =>
      sdk.crm.objects.tasks.batchApi.read({ inputs, properties: ['hs_task_body'], propertiesWithHistory: [] }),
    );
    const found = tasks.results.find((task) => task.properties.hs_task_body?.includes(line));
    if (found) return found.id;
  }
  return null;
}
