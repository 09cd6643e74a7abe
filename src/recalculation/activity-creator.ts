import { isAppError } from '../errors.js';
import type { HubSpotClient } from '../hubspot/hubspot-client.js';
import type { NewNote, NewTask, PartnerRepository } from '../hubspot/partner-repository.js';
import { createNotes, createTasks, type ActivityInput, type CreatedActivities } from '../hubspot/create-activities-in-batches.js';

/** Creates the notes and tasks a batch of evaluations calls for; a refused one is reported by key. */
export interface ActivityCreator {
  createNotes(portalId: string, notes: ReadonlyArray<ActivityInput<NewNote>>): Promise<CreatedActivities>;
  createTasks(portalId: string, tasks: ReadonlyArray<ActivityInput<NewTask>>): Promise<CreatedActivities>;
}

/** 100 notes or tasks per call (HubSpot's batch create). What the product uses. */
export function batchActivityCreator(client: HubSpotClient): ActivityCreator {
  return {
    createNotes: (portalId, notes) => createNotes(client, portalId, notes),
    createTasks: (portalId, tasks) => createTasks(client, portalId, tasks),
  };
}

/** One call per note or task, through the repository (tools and tests that have no client at hand). */
export function singleActivityCreator(repository: Pick<PartnerRepository, 'createNote' | 'createTask'>): ActivityCreator {
  async function each<T>(inputs: ReadonlyArray<ActivityInput<T & (NewNote | NewTask)>>, create: (activity: T) => Promise<string>): Promise<CreatedActivities> {
    const outcome: CreatedActivities = { created: new Map(), refused: new Map() };
    for (const { key, activity } of inputs) {
      try {
        outcome.created.set(key, await create(activity));
      } catch (error) {
        if (!isAppError(error, 'HUBSPOT_REJECTED') && !isAppError(error, 'NOT_FOUND')) throw error;
        outcome.refused.set(key, error.message);
      }
    }
    return outcome;
  }
  return {
    createNotes: (_portalId, notes) => each<NewNote>(notes, (note) => repository.createNote(note)),
    createTasks: (_portalId, tasks) => each<NewTask>(tasks, (task) => repository.createTask(task)),
  };
}
