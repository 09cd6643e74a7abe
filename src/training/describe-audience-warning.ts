import type { ContactSnapshot } from '../domain/types.js';
import type { Program, TrackId } from '../program/program-schema.js';

/**
 * A warning when a track is assigned outside its role audience (allowed: a manager may want a
 * salesperson to learn the technical side), or null when the track is meant for the contact.
 */
export function describeAudienceWarning(track: TrackId, contact: Pick<ContactSnapshot, 'contactId' | 'role'>, program: Program): string | null {
  const { audience, name } = program.trainingTracks[track];
  if (audience.includes('all')) return null;
  if (contact.role !== null && audience.includes(contact.role)) return null;
  const role = contact.role === null ? 'has no partner role' : `is in the ${contact.role} role`;
  return `The ${name} track is meant for ${audience.join(', ')}; contact ${contact.contactId} ${role}. Assigned anyway.`;
}
