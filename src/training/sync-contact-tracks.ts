import { createRecordReader } from '../hubspot/read-hubspot-record.js';
import { AppError } from '../errors.js';
import type { TrainingDependencies } from './training-dependencies.js';

const TRACK_PROPERTIES = ['pe_active_tracks', 'pe_pending_tracks', 'pe_next_training_deadline'];

/** The contact's training outputs as HubSpot strings, from the assignment records. */
export async function contactTrackOutputs(
  deps: Pick<TrainingDependencies, 'store'>,
  portalId: string,
  contactId: string,
): Promise<{ pe_active_tracks: string; pe_pending_tracks: string; pe_next_training_deadline: string }> {
  const entries = await deps.store.contactTracks(portalId, contactId);
  const tracks = (state: 'active' | 'pending') =>
    entries
      .filter((entry) => entry.state === state)
      .map((entry) => entry.track)
      .sort()
      .join(';');
  const deadlines = (await deps.store.activeAssignments(portalId, contactId))
    .map((assignment) => assignment.deadlineOn)
    .filter((date): date is string => date !== null)
    .sort();
  return { pe_active_tracks: tracks('active'), pe_pending_tracks: tracks('pending'), pe_next_training_deadline: deadlines[0] ?? '' };
}

/**
 * Writes `pe_active_tracks`, `pe_pending_tracks` and `pe_next_training_deadline` from the
 * assignment records, which are the truth about consent. `current` is what HubSpot holds (read
 * here when the caller has not): only what differs is sent, nothing at all when nothing differs.
 */
export async function syncContactTracks(
  deps: Pick<TrainingDependencies, 'store' | 'repositoryFor' | 'hubspot'>,
  portalId: string,
  contactId: string,
  known?: Record<string, string | null | undefined>,
): Promise<Record<string, string>> {
  const desired = await contactTrackOutputs(deps, portalId, contactId);
  const current = known ?? (await readTrackProperties(deps, portalId, contactId));
  const result = await deps.repositoryFor(portalId).writeOutputs([{ objectType: 'contacts', id: contactId, current, desired }]);
  const failure = result.failed[0];
  if (failure) throw new AppError('HUBSPOT_REJECTED', `HubSpot refused the training properties of contact ${contactId}: ${failure.reason}`);
  return desired;
}

async function readTrackProperties(deps: Pick<TrainingDependencies, 'hubspot'>, portalId: string, contactId: string) {
  const read = createRecordReader({ client: deps.hubspot, portalId, objectType: 'contacts', properties: TRACK_PROPERTIES });
  const record = await read(contactId);
  if (!record) throw new AppError('NOT_FOUND', `HubSpot has no contact ${contactId} in portal ${portalId}.`);
  return record.properties;
}
