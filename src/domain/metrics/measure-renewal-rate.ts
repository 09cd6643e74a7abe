import { percentOf } from './percent-of.js';
import type { QuarterData } from './types.js';

/** Certifications renewed before their grace ended / those whose grace ended in the quarter, in percent (docs/metrics.md "Enablement"). */
export function measureRenewalRate(data: Pick<QuarterData, 'renewals'>): number | null {
  return percentOf(data.renewals.renewed, data.renewals.due);
}
