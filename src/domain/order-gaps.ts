import { TRACK_IDS } from '../program/program-schema.js';
import type { Gap } from './types.js';

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;
const TYPE_RANK = { renewal: 0, training: 1, certification: 2, requirement: 3 } as const;

function compareWithinType(a: Gap, b: Gap): number {
  if (a.type === 'renewal' && b.type === 'renewal') {
    return (
      a.expiresInDays - b.expiresInDays ||
      (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0) ||
      (a.certification < b.certification ? -1 : a.certification > b.certification ? 1 : 0)
    );
  }
  if (a.type === 'training' && b.type === 'training') return TRACK_IDS.indexOf(a.track) - TRACK_IDS.indexOf(b.track);
  return 0;
}

/**
 * Most urgent first, always in the same order for the same gaps: `high` before `medium`; within a
 * priority, renewals (a certification about to be lost can drop the tier), then training, then
 * certifications; renewals by days to expiry (most overdue first), then contact id and
 * certification id; training in track order (foundation, sales, technical, advanced); business
 * requirements last, in the order the requirement rules list them.
 */
export function orderGaps(gaps: readonly Gap[]): Gap[] {
  return [...gaps].sort(
    (a, b) =>
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      TYPE_RANK[a.type] - TYPE_RANK[b.type] ||
      compareWithinType(a, b),
  );
}
