import { partnersInProgram } from './partners-in-program.js';
import { percentOf } from './percent-of.js';
import type { PartnerDaySnapshot } from './types.js';

/**
 * Partners in the program at quarter end with at least one certified staff member, and their
 * percentage of all partners in the program (docs/metrics.md "Enablement").
 */
export function measureCertification(states: readonly PartnerDaySnapshot[]): { certifiedPartners: number; completionPercent: number | null } {
  const inProgram = partnersInProgram(states);
  const certifiedPartners = inProgram.filter((state) => state.certifiedStaff > 0).length;
  return { certifiedPartners, completionPercent: percentOf(certifiedPartners, inProgram.length) };
}
