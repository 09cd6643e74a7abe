import type { AuditActor } from '../audit/audit-trail.js';
import type { CalendarDate } from '../domain/types.js';
import type { TrackId } from '../program/program-schema.js';

/**
 * `pending`: assigned, waiting for the contact's consent. `active`: accepted, being worked on.
 * `declined`: the contact said no. `superseded`: a newer assignment of the same track replaced a
 * pending one whose link had expired. `withdrawn`: taken back before the contact answered (the
 * consent email could not be sent).
 */
export type AssignmentState = 'pending' | 'active' | 'declined' | 'superseded' | 'withdrawn';

/** One proposal of a training track to a contact, and what became of it. */
export interface TrainingAssignment {
  id: string;
  portalId: string;
  contactId: string;
  /** The partner company the contact belongs to (its time zone sets the deadline). */
  companyId: string | null;
  track: TrackId;
  state: AssignmentState;
  /** Greets the person on the consent page without a HubSpot call per page view. */
  contactFirstName: string | null;
  /** The partner's IANA zone when the track was assigned. */
  timeZone: string;
  assignedAt: number;
  assignedBy: AuditActor;
  /** Epoch ms after which the consent link no longer works. */
  linkExpiresAt: number;
  /** When the contact accepted or declined. */
  decidedAt: number | null;
  /** The last day to finish the track (set on accept). */
  deadlineOn: CalendarDate | null;
  /** The end of that day, epoch ms. */
  deadlineAt: number | null;
  /** Assignment warnings, e.g. a track outside the contact's role audience. */
  warnings: string[];
}
