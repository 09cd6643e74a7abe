import type { LifecycleDependencies } from './lifecycle-dependencies.js';
import type { ClaimedWake } from './lifecycle-wake-schedule.js';
import { processPartnerWakes, type WakeBatchReport } from './process-partner-wakes.js';

/** Options of {@link runLifecycleSweep}. */
export interface LifecycleSweepOptions {
  /** Wake-ups claimed (and partners loaded from HubSpot) per batch. Default 100: HubSpot's batch size. */
  batchSize?: number;
  /**
   * How long a claimed wake-up stays taken; if the sweeper dies it comes due again after this.
   * Default 10 minutes.
   */
  leaseMs?: number;
  /** Stop starting new batches after this long, leaving the rest to the next sweep. Default 50 s. */
  budgetMs?: number;
}

/** What one sweep did, summed over its batches. */
export interface LifecycleSweepReport extends WakeBatchReport {
  batches: number;
}

function groupByPortal(claims: readonly ClaimedWake[]): Map<string, ClaimedWake[]> {
  const byPortal = new Map<string, ClaimedWake[]>();
  for (const claim of claims) byPortal.set(claim.portalId, [...(byPortal.get(claim.portalId) ?? []), claim]);
  return byPortal;
}

/**
 * Takes every wake-up due now, batch by batch, and wakes those partners. Several sweepers can run
 * at once (several workers, an overlapping minute): each claim is atomic, so they share the work.
 * After an outage the first sweep finds everything that fell due meanwhile and catches up.
 */
export async function runLifecycleSweep(deps: LifecycleDependencies, options: LifecycleSweepOptions = {}): Promise<LifecycleSweepReport> {
  const clock = deps.now ?? Date.now;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 600_000;
  const budgetMs = options.budgetMs ?? 50_000;
  const startedAt = Date.now();
  const report: LifecycleSweepReport = { batches: 0, partners: 0, recalculations: [], reminders: [], dropped: [], failed: [] };
  while (Date.now() - startedAt < budgetMs) {
    const now = clock();
    const claims = await deps.schedule.claimDue(now, { limit: batchSize, leaseMs });
    if (claims.length === 0) break;
    report.batches += 1;
    for (const [portalId, portalClaims] of groupByPortal(claims)) {
      const batch = await processPartnerWakes(deps, portalId, portalClaims, now);
      report.partners += batch.partners;
      report.recalculations.push(...batch.recalculations);
      report.reminders.push(...batch.reminders);
      report.dropped.push(...batch.dropped);
      report.failed.push(...batch.failed);
    }
    if (claims.length < batchSize) break;
  }
  return report;
}
