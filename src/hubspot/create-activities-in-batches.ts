import { isAppError } from '../errors.js';
import type { HubSpotClient } from './hubspot-client.js';
import { ASSOCIATION_TYPES } from './association-types.js';
import { BATCH_LIMITS } from './batch-limits.js';
import type { NewNote } from './new-note.js';
import type { NewTask } from './new-task.js';

/*
 * Notes and tasks for many companies in one call per 100. The repository creates one at a time,
 * which is right for a single workflow action but not for a reconciliation in which a program
 * change moves 5,000 partners down a tier: 5,000 calls at 110 per 10 s is 8 minutes of the
 * portal's budget, 50 batch calls are 5 seconds. Both build the records with `noteRecord` and
 * `taskRecord` below, so a note looks the same whichever way it was created.
 */

/** One note or task to create, under a key the caller uses to find its id again. */
export interface ActivityInput<T extends NewNote | NewTask> {
  key: string;
  activity: T;
}

export interface CreatedActivities {
  /** key → id of the created object. */
  created: Map<string, string>;
  /** key → why HubSpot refused it (the company was deleted meanwhile, say). */
  refused: Map<string, string>;
}

type ObjectType = 'notes' | 'tasks';

/** A note or task as HubSpot's create endpoints take it. */
export interface ActivityRecord {
  properties: Record<string, string>;
  associations: Array<{ to: { id: string }; types: Array<{ associationCategory: 'HUBSPOT_DEFINED'; associationTypeId: number }> }>;
}

interface BatchInput extends ActivityRecord {
  objectWriteTraceId: string;
}

/** HubSpot's answer: 201 with `results`, or 207 with `errors` for the inputs it refused. */
interface BatchAnswer {
  results: Array<{ id: string; properties?: Record<string, string | null>; objectWriteTraceId?: string }>;
  errors?: Array<{ message: string; context?: Record<string, string[] | undefined> }>;
}

function association(id: string, associationTypeId: number): BatchInput['associations'][number] {
  return { to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] };
}

/** A note on the company (and its contacts), stamped at `note.at`. */
export function noteRecord(note: NewNote): ActivityRecord {
  return {
    properties: { hs_note_body: note.body, hs_timestamp: new Date(note.at).toISOString() },
    associations: [
      association(note.companyId, ASSOCIATION_TYPES.noteToCompany),
      ...(note.contactIds ?? []).map((id) => association(id, ASSOCIATION_TYPES.noteToContact)),
      ...(note.dealIds ?? []).map((id) => association(id, ASSOCIATION_TYPES.noteToDeal)),
    ],
  };
}

/** An open to-do for the owner, due at `task.dueAt`, on the company (and its contacts). */
export function taskRecord(task: NewTask): ActivityRecord {
  return {
    properties: {
      hs_task_subject: task.subject,
      hs_task_body: task.body,
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: task.priority ?? 'HIGH',
      hs_task_type: 'TODO',
      hs_timestamp: new Date(task.dueAt).toISOString(),
      ...(task.ownerId ? { hubspot_owner_id: task.ownerId } : {}),
    },
    associations: [
      association(task.companyId, ASSOCIATION_TYPES.taskToCompany),
      ...(task.contactIds ?? []).map((id) => association(id, ASSOCIATION_TYPES.taskToContact)),
      ...(task.dealIds ?? []).map((id) => association(id, ASSOCIATION_TYPES.taskToDeal)),
    ],
  };
}

/** The text that tells two inputs of one batch apart when HubSpot does not echo the trace id. */
function fingerprint(properties: Record<string, string | null | undefined>): string {
  return JSON.stringify([properties.hs_note_body ?? properties.hs_task_body ?? '', properties.hs_task_subject ?? '', properties.hs_timestamp ?? '']);
}

/**
 * Finds which result is which input: by the trace id HubSpot echoes, else by the properties sent,
 * else (the same number of each) by position.
 */
function matchResults(inputs: BatchInput[], answer: BatchAnswer): Map<string, string> {
  const ids = new Map<string, string>();
  const byTrace = new Map(answer.results.filter((r) => r.objectWriteTraceId).map((r) => [r.objectWriteTraceId!, String(r.id)]));
  const byFingerprint = new Map<string, string[]>();
  for (const result of answer.results) {
    if (!result.properties) continue;
    const key = fingerprint(result.properties);
    byFingerprint.set(key, [...(byFingerprint.get(key) ?? []), String(result.id)]);
  }
  inputs.forEach((input, index) => {
    const id = byTrace.get(input.objectWriteTraceId) ?? byFingerprint.get(fingerprint(input.properties))?.shift();
    if (id !== undefined) ids.set(input.objectWriteTraceId, id);
    else if (answer.results.length === inputs.length) ids.set(input.objectWriteTraceId, String(answer.results[index]!.id));
  });
  return ids;
}

async function sendBatch(client: HubSpotClient, portalId: string, objectType: ObjectType, inputs: BatchInput[]): Promise<BatchAnswer> {
  return (await client.call({ portalId, operation: `${objectType}.batch.create` }, (sdk) => {
    const api = objectType === 'notes' ? sdk.crm.objects.notes.batchApi : sdk.crm.objects.tasks.batchApi;
    return api.create({ inputs } as unknown as Parameters<typeof api.create>[0]);
  })) as unknown as BatchAnswer;
}

/**
 * Which inputs HubSpot refused, by the trace id each 207 error names. An error that names none is
 * kept aside: the inputs it may stand for are tried again on their own.
 */
function refusedByTrace(answer: BatchAnswer): { refused: Map<string, string>; unattributed: string[] } {
  const refused = new Map<string, string>();
  const unattributed: string[] = [];
  for (const error of answer.errors ?? []) {
    const traceIds = error.context?.objectWriteTraceId ?? [];
    if (traceIds.length === 0) unattributed.push(error.message);
    for (const traceId of traceIds) refused.set(traceId, error.message);
  }
  return { refused, unattributed };
}

async function createChunk(client: HubSpotClient, portalId: string, objectType: ObjectType, inputs: BatchInput[], outcome: CreatedActivities): Promise<void> {
  let answer: BatchAnswer;
  try {
    answer = await sendBatch(client, portalId, objectType, inputs);
  } catch (error) {
    // A 400 for the whole batch (no per-input answer): find the bad input by halving.
    if (!isAppError(error, 'HUBSPOT_REJECTED') && !isAppError(error, 'NOT_FOUND')) throw error;
    if (inputs.length === 1) {
      outcome.refused.set(inputs[0]!.objectWriteTraceId, error.message);
      return;
    }
    const middle = Math.ceil(inputs.length / 2);
    await createChunk(client, portalId, objectType, inputs.slice(0, middle), outcome);
    await createChunk(client, portalId, objectType, inputs.slice(middle), outcome);
    return;
  }
  const { refused, unattributed } = refusedByTrace(answer);
  for (const [key, message] of refused) outcome.refused.set(key, message);
  const pending = inputs.filter((input) => !refused.has(input.objectWriteTraceId));
  const created = matchResults(pending, answer);
  for (const [key, id] of created) outcome.created.set(key, id);
  // 207 answers name each refused input; only inputs neither created nor named go again.
  const unanswered = pending.filter((input) => !created.has(input.objectWriteTraceId));
  if (unattributed.length === 0 || unanswered.length === 0) return;
  if (unanswered.length < inputs.length) return createChunk(client, portalId, objectType, unanswered, outcome);
  for (const input of unanswered) outcome.refused.set(input.objectWriteTraceId, unattributed.join('; '));
}

async function createAll(client: HubSpotClient, portalId: string, objectType: ObjectType, inputs: BatchInput[]): Promise<CreatedActivities> {
  const outcome: CreatedActivities = { created: new Map(), refused: new Map() };
  for (let start = 0; start < inputs.length; start += BATCH_LIMITS.objects) {
    await createChunk(client, portalId, objectType, inputs.slice(start, start + BATCH_LIMITS.objects), outcome);
  }
  return outcome;
}

/** Creates notes, 100 per call; a refused note is reported by key and never holds up the others. */
export function createNotes(client: HubSpotClient, portalId: string, notes: ReadonlyArray<ActivityInput<NewNote>>): Promise<CreatedActivities> {
  return createAll(client, portalId, 'notes', notes.map(({ key, activity }) => ({ ...noteRecord(activity), objectWriteTraceId: key })));
}

/** Creates tasks, 100 per call; a refused task is reported by key and never holds up the others. */
export function createTasks(client: HubSpotClient, portalId: string, tasks: ReadonlyArray<ActivityInput<NewTask>>): Promise<CreatedActivities> {
  return createAll(client, portalId, 'tasks', tasks.map(({ key, activity }) => ({ ...taskRecord(activity), objectWriteTraceId: key })));
}
