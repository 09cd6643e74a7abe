import type { GapView } from './card-data.js';

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;
const TYPE_RANK = { renewal: 0, training: 1, certification: 2, requirement: 3 } as const;

/**
 * Most urgent first, the same order the backend uses: priority, then renewals before training
 * before certifications, renewals by days to expiry. The card re-sorts so the display never
 * depends on the answer's order; the sort is stable, so equal gaps keep the backend's order.
 */
export function orderGaps(gaps: readonly GapView[]): GapView[] {
  return [...gaps].sort(
    (a, b) =>
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      TYPE_RANK[a.type] - TYPE_RANK[b.type] ||
      (a.type === 'renewal' && b.type === 'renewal' ? a.expiresInDays - b.expiresInDays : 0),
  );
}
