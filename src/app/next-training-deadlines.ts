import type { CalendarDate } from '../domain/types.js';
import type { TrainingAssignmentStore } from '../training/training-assignment-store.js';

/**
 * The nearest deadline among each contact's accepted training assignments (null: none has one),
 * for `pe_next_training_deadline`. HubSpot's properties do not hold when a track was accepted,
 * so only the assignment records can tell.
 */
export function nextTrainingDeadlines(store: Pick<TrainingAssignmentStore, 'activeAssignments'>) {
  return async (portalId: string, contactIds: string[]): Promise<Record<string, CalendarDate | null>> => {
    const assignments = await Promise.all(contactIds.map((contactId) => store.activeAssignments(portalId, contactId)));
    const deadlines: Record<string, CalendarDate | null> = {};
    contactIds.forEach((contactId, index) => {
      const dates = (assignments[index] ?? []).map((assignment) => assignment.deadlineOn).filter((date): date is CalendarDate => date !== null);
      // ISO dates sort as text.
      deadlines[contactId] = dates.length > 0 ? dates.sort()[0]! : null;
    });
    return deadlines;
  };
}
