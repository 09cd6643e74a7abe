import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors.js';
import type { Program } from '../program/program-schema.js';
import { diffOutputProperties } from './diff-output-properties.js';
import type { HubSpotClient } from './hubspot-client.js';
import type { HubSpotErrorDetail } from './hubspot-failure.js';
import type { HubSpotRecord } from './hubspot-record.js';
import { propertyComparisons } from './property-schema.js';
import { companyReadProperties, contactReadProperties } from './property-names.js';
import { noteRecord, taskRecord } from './create-activities-in-batches.js';
import { BATCH_LIMITS } from './batch-limits.js';
import type { NewNote } from './new-note.js';
import type { NewTask } from './new-task.js';

// Kept importable from the repository, where its callers look for them.
export { ASSOCIATION_TYPES } from './association-types.js';
export { BATCH_LIMITS } from './batch-limits.js';
export type { NewNote } from './new-note.js';
export type { NewTask } from './new-task.js';

export type OutputObjectType = 'companies' | 'contacts';

export interface PartnerRecords {
  company: HubSpotRecord;
  /** The company's associated contacts; a contact of two partners appears under both. */
  contacts: HubSpotRecord[];
}

export interface LoadPartnersResult {
  /** In the order the ids were asked for. */
  partners: PartnerRecords[];
  /** Company ids HubSpot does not have (deleted or never existed). */
  missing: string[];
}

/** The outputs the app wants on one record, and what HubSpot holds now (as loaded). */
export interface OutputChange {
  objectType: OutputObjectType;
  id: string;
  current: Record<string, string | null | undefined>;
  desired: Record<string, string>;
}

export interface WrittenRecord {
  objectType: OutputObjectType;
  id: string;
  /** Exactly the values sent (the diff). */
  properties: Record<string, string>;
}

export interface WriteFailure {
  objectType: OutputObjectType;
  id: string;
  /** HubSpot's message, for the log and the audit trail. */
  reason: string;
  /** HubSpot's error category, e.g. `OBJECT_NOT_FOUND`, `VALIDATION_ERROR`. */
  category: string;
}

export interface WriteResult {
  written: WrittenRecord[];
  failed: WriteFailure[];
  /** Records whose outputs HubSpot already held: nothing was sent for them. */
  unchanged: Array<{ objectType: OutputObjectType; id: string }>;
}

export interface PartnerIdPage {
  ids: string[];
  /** Pass it back to get the next page; undefined on the last page. */
  next: string | undefined;
}

export interface PartnerRepositoryOptions {
  client: HubSpotClient;
  /** The portal the client works for: its rate-limit budget and its log field. */
  portalId: string;
  program: Program;
  logger?: Logger;
  /**
   * Requests one repository call keeps in flight at once (default 4). The shared limiter decides
   * the pace anyway; this keeps a large load from queueing hundreds of requests that would each
   * wait past the client's `maxWaitMs`.
   */
  concurrency?: number;
}

export interface PartnerRepository {
  /**
   * Loads partners with their contacts at the least cost HubSpot's batch APIs allow:
   * ⌈companies/100⌉ company reads, ⌈companies/1000⌉ association reads (plus one per further page
   * of a company with more than 500 contacts), ⌈distinct contacts/100⌉ contact reads.
   */
  loadPartners(companyIds: string[]): Promise<LoadPartnersResult>;
  /** The partner companies of each contact (contacts→companies associations). */
  companiesForContacts(contactIds: string[]): Promise<Map<string, string[]>>;
  /**
   * Writes only the values HubSpot does not hold already: no call at all when nothing changed, one
   * batch update per 100 changed records. A record HubSpot refuses is reported in `failed`; the
   * others are written all the same.
   */
  writeOutputs(changes: OutputChange[]): Promise<WriteResult>;
  /** Creates a task associated with the company (and contacts); returns its id. */
  createTask(task: NewTask): Promise<string>;
  /** Creates a note associated with the company (and contacts); returns its id. */
  createNote(note: NewNote): Promise<string>;
  /**
   * The id of a task created earlier from `task` whose body carries `reference`, or null: searched
   * by subject and due time, confirmed by the reference. Lets a worker that takes over an
   * interrupted reminder find the task its predecessor may have created, instead of a second one.
   */
  findTaskByReference(task: NewTask, reference: string): Promise<string | null>;
  /**
   * One page (up to 200) of partner company ids (`pe_is_partner = true`), in id order. Each page
   * is a new search for ids above the last one, so the sweep never meets the search API's cap of
   * 10,000 results per query.
   */
  searchPartnerIds(after?: string): Promise<PartnerIdPage>;
  /** Completes a workflow action that answered BLOCK. */
  completeCallback(callbackId: string, outputFields: Record<string, string>): Promise<void>;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** Runs `task` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function unique(ids: Iterable<string>): string[] {
  return [...new Set(ids)];
}

interface BatchReadAnswer {
  results: Array<{ id: string; properties: Record<string, string | null> }>;
}

interface AssociationAnswer {
  results: Array<{ _from: { id: string }; to: Array<{ toObjectId: string | number }>; paging?: { next?: { after?: string } } }>;
}

/** Ids named in the `context` of a 400's error details (`id`, `ids`, `inputId`). */
function refusedIds(errors: HubSpotErrorDetail[] | undefined): Set<string> {
  const ids = new Set<string>();
  for (const error of errors ?? []) {
    for (const key of ['id', 'ids', 'inputId']) for (const id of error.context?.[key] ?? []) ids.add(String(id));
  }
  return ids;
}

/** The repository of partner companies and their contacts in HubSpot. Every call goes through the client's limiter. */
export function createPartnerRepository(options: PartnerRepositoryOptions): PartnerRepository {
  const { client, portalId, program, logger } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const companyProperties = companyReadProperties();
  const contactProperties = contactReadProperties(program);
  const comparisons = propertyComparisons(program);

  async function batchRead(objectType: OutputObjectType, ids: string[], properties: string[]): Promise<HubSpotRecord[]> {
    const chunks = chunk(ids, BATCH_LIMITS.objects);
    const answers = await mapLimited(chunks, concurrency, (inputs) =>
      client.call({ portalId, operation: `${objectType}.batch.read` }, (sdk) => {
        const body = { inputs: inputs.map((id) => ({ id })), properties, propertiesWithHistory: [] };
        return (objectType === 'companies' ? sdk.crm.companies.batchApi.read(body) : sdk.crm.contacts.batchApi.read(body)) as Promise<BatchReadAnswer>;
      }),
    );
    return answers.flatMap((answer) => answer.results.map((record) => ({ id: String(record.id), properties: { ...record.properties } })));
  }

  /** Every associated id of every `from` id, following each one's paging. */
  async function associatedIds(from: OutputObjectType, to: OutputObjectType, ids: string[]): Promise<Map<string, string[]>> {
    const associated = new Map<string, string[]>(ids.map((id) => [id, []]));
    let pending: Array<{ id: string; after?: string }> = ids.map((id) => ({ id }));
    while (pending.length > 0) {
      const answers = await mapLimited(chunk(pending, BATCH_LIMITS.associations), concurrency, (inputs) =>
        client.call(
          { portalId, operation: `associations.${from}.${to}.batch.read` },
          (sdk) => sdk.crm.associations.v4.batchApi.getPage(from, to, { inputs }) as Promise<AssociationAnswer>,
        ),
      );
      pending = [];
      for (const result of answers.flatMap((answer) => answer.results)) {
        const fromId = String(result._from.id);
        associated.get(fromId)?.push(...result.to.map((link) => String(link.toObjectId)));
        const after = result.paging?.next?.after;
        if (after) pending.push({ id: fromId, after });
      }
    }
    for (const [id, linked] of associated) associated.set(id, unique(linked));
    return associated;
  }

  async function sendUpdate(objectType: OutputObjectType, inputs: WrittenRecord[]): Promise<{ written: WrittenRecord[]; failed: WriteFailure[] }> {
    try {
      const answer = (await client.call({ portalId, operation: `${objectType}.batch.update` }, (sdk) => {
        const body = { inputs: inputs.map((input) => ({ id: input.id, properties: input.properties })) };
        return objectType === 'companies' ? sdk.crm.companies.batchApi.update(body) : sdk.crm.contacts.batchApi.update(body);
      })) as { results: Array<{ id: string }>; errors?: Array<{ category: string; message: string; context?: Record<string, string[]> }> };
      // 207: HubSpot wrote the records in `results`; the ones named in `errors` it did not.
      const writtenIds = new Set(answer.results.map((record) => String(record.id)));
      const failed: WriteFailure[] = [];
      for (const error of answer.errors ?? []) {
        for (const id of [...(error.context?.ids ?? []), ...(error.context?.id ?? [])]) {
          failed.push({ objectType, id: String(id), reason: error.message, category: error.category });
        }
      }
      const failedIds = new Set(failed.map((failure) => failure.id));
      for (const input of inputs) {
        if (!writtenIds.has(input.id) && !failedIds.has(input.id)) {
          failed.push({ objectType, id: input.id, reason: 'HubSpot did not confirm the update', category: 'UNKNOWN' });
        }
      }
      return { written: inputs.filter((input) => writtenIds.has(input.id)), failed };
    } catch (error) {
      if (!isAppError(error, 'HUBSPOT_REJECTED')) throw error;
      return splitRefusedBatch(objectType, inputs, error);
    }
  }

  /**
   * A 400 refuses the whole batch for one bad value: nothing was written. Set aside the records
   * HubSpot names and send the rest again; when it names none, halve the batch until the bad
   * records are alone (⌈log2 100⌉ extra calls for one bad record instead of 100 single writes).
   */
  async function splitRefusedBatch(
    objectType: OutputObjectType,
    inputs: WrittenRecord[],
    error: AppError,
  ): Promise<{ written: WrittenRecord[]; failed: WriteFailure[] }> {
    const details = error.details as { category?: string; errors?: HubSpotErrorDetail[] } | undefined;
    const category = details?.category ?? 'VALIDATION_ERROR';
    const named = refusedIds(details?.errors);
    const refused = inputs.filter((input) => named.has(input.id));
    if (inputs.length === 1 || refused.length > 0) {
      const setAside = inputs.length === 1 ? inputs : refused;
      const failed = setAside.map((input) => ({
        objectType,
        id: input.id,
        reason: reasonFor(input.id, details?.errors) ?? error.message,
        category,
      }));
      const rest = inputs.filter((input) => !setAside.includes(input));
      if (rest.length === 0) return { written: [], failed };
      const retried = await sendUpdate(objectType, rest);
      return { written: retried.written, failed: [...failed, ...retried.failed] };
    }
    const middle = Math.ceil(inputs.length / 2);
    const halves = await Promise.all([sendUpdate(objectType, inputs.slice(0, middle)), sendUpdate(objectType, inputs.slice(middle))]);
    return { written: halves.flatMap((half) => half.written), failed: halves.flatMap((half) => half.failed) };
  }

  function reasonFor(id: string, errors: HubSpotErrorDetail[] | undefined): string | undefined {
    const mine = (errors ?? []).filter((error) => ['id', 'ids', 'inputId'].some((key) => error.context?.[key]?.includes(id)));
    const chosen = mine.length > 0 ? mine : (errors ?? []);
    return chosen.length > 0 ? chosen.map((error) => error.message).join('; ') : undefined;
  }

  return {
    async loadPartners(companyIds) {
      const requested = unique(companyIds);
      const companies = await batchRead('companies', requested, companyProperties);
      const byId = new Map(companies.map((company) => [company.id, company]));
      const found = requested.filter((id) => byId.has(id));
      const contactIdsByCompany = found.length > 0 ? await associatedIds('companies', 'contacts', found) : new Map<string, string[]>();
      const allContactIds = unique([...contactIdsByCompany.values()].flat());
      const contacts = allContactIds.length > 0 ? await batchRead('contacts', allContactIds, contactProperties) : [];
      const contactById = new Map(contacts.map((contact) => [contact.id, contact]));
      const missing = requested.filter((id) => !byId.has(id));
      logger?.debug({ portalId, companies: found.length, missing: missing.length, contacts: contacts.length }, 'partners loaded');
      return {
        partners: found.map((id) => ({
          company: byId.get(id)!,
          contacts: (contactIdsByCompany.get(id) ?? []).flatMap((contactId) => contactById.get(contactId) ?? []),
        })),
        missing,
      };
    },

    async companiesForContacts(contactIds) {
      const ids = unique(contactIds);
      return ids.length > 0 ? associatedIds('contacts', 'companies', ids) : new Map();
    },

    async writeOutputs(changes) {
      const result: WriteResult = { written: [], failed: [], unchanged: [] };
      for (const objectType of ['companies', 'contacts'] as const) {
        const pending: WrittenRecord[] = [];
        const seen = new Set<string>();
        for (const change of changes.filter((candidate) => candidate.objectType === objectType)) {
          // HubSpot refuses a batch that names a record twice.
          if (seen.has(change.id)) throw new AppError('INVALID_INPUT', `${objectType} ${change.id} appears twice in one write`);
          seen.add(change.id);
          const properties = diffOutputProperties(change.current, change.desired, comparisons[objectType]);
          if (Object.keys(properties).length === 0) result.unchanged.push({ objectType, id: change.id });
          else pending.push({ objectType, id: change.id, properties });
        }
        const outcomes = await mapLimited(chunk(pending, BATCH_LIMITS.objects), concurrency, (inputs) => sendUpdate(objectType, inputs));
        for (const outcome of outcomes) {
          result.written.push(...outcome.written);
          result.failed.push(...outcome.failed);
        }
      }
      for (const failure of result.failed) logger?.warn({ portalId, ...failure }, 'HubSpot refused an output write');
      return result;
    },

    async createTask(task) {
      const created = await client.call({ portalId, operation: 'tasks.create' }, (sdk) =>
        sdk.crm.objects.tasks.basicApi.create(taskRecord(task) as Parameters<typeof sdk.crm.objects.tasks.basicApi.create>[0]),
      );
      return String(created.id);
    },

    async findTaskByReference(task, reference) {
      const request = {
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_task_subject', operator: 'EQ', value: task.subject },
              { propertyName: 'hs_timestamp', operator: 'EQ', value: String(task.dueAt) },
            ],
          },
        ],
        properties: ['hs_task_body'],
        limit: 100,
      };
      const answer = await client.call({ portalId, operation: 'tasks.search', bucket: 'search' }, (sdk) =>
        sdk.crm.objects.tasks.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.objects.tasks.searchApi.doSearch>[0]),
      );
      const found = answer.results.find((result) => (result.properties.hs_task_body ?? '').includes(reference));
      return found ? String(found.id) : null;
    },

    async createNote(note) {
      const created = await client.call({ portalId, operation: 'notes.create' }, (sdk) =>
        sdk.crm.objects.notes.basicApi.create(noteRecord(note) as Parameters<typeof sdk.crm.objects.notes.basicApi.create>[0]),
      );
      return String(created.id);
    },

    async searchPartnerIds(after) {
      const filters = [
        { propertyName: 'pe_is_partner', operator: 'EQ', value: 'true' },
        ...(after ? [{ propertyName: 'hs_object_id', operator: 'GT', value: after }] : []),
      ];
      const request = {
        filterGroups: [{ filters }],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: ['hs_object_id'],
        limit: BATCH_LIMITS.searchPage,
      };
      const answer = await client.call({ portalId, operation: 'companies.search', bucket: 'search' }, (sdk) =>
        sdk.crm.companies.searchApi.doSearch(request as unknown as Parameters<typeof sdk.crm.companies.searchApi.doSearch>[0]),
      );
      const ids = answer.results.map((record) => String(record.id));
      // A full page may have more after it; the next search starts above its last id.
      return { ids, next: ids.length === BATCH_LIMITS.searchPage ? ids.at(-1) : undefined };
    },

    async completeCallback(callbackId, outputFields) {
      await client.call({ portalId, operation: 'automation.callbacks.complete' }, (sdk) =>
        sdk.automation.actions.callbacksApi.complete(callbackId, { outputFields }),
      );
    },
  };
}
