import type { Program } from '../program/program-schema.js';
import type { CertificationStatus } from './types.js';

/**
 * Status from `daysToExpiry` = expires_on − today in whole days: `active` (≥ expiringWindowDays),
 * `expiring` (0 ≤ d < window), `grace` (−gracePeriodDays ≤ d < 0), `expired` (below that).
 */
export function certificationStatus(daysToExpiry: number, program: Program): CertificationStatus {
  if (daysToExpiry >= program.expiringWindowDays) return 'active';
  if (daysToExpiry >= 0) return 'expiring';
  if (daysToExpiry >= -program.gracePeriodDays) return 'grace';
  return 'expired';
}

/** A certification counts toward tiers and the score while active, expiring or in grace. */
export function isValidStatus(status: CertificationStatus): boolean {
  return status !== 'expired';
}
