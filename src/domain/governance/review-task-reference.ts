import type { CalendarDate } from '../types.js';

/**
 * The identity of one review task: (partner, review day). Its body carries it as a reference line,
 * so a run that takes over a claim a killed run left can find the task that run may have created.
 */
export function reviewTaskReference(companyId: string, reviewOn: CalendarDate): string {
  return `tier-review/${companyId}/${reviewOn}`;
}
