import type { PartnerSnapshot } from '../domain/types.js';
import { readPartnerSnapshot } from '../hubspot/read-partner-snapshot.js';
import type { LifecycleDependencies } from './lifecycle-dependencies.js';
import type { ClaimedWake } from './lifecycle-wake-schedule.js';
import { planPartnerWakes } from './plan-partner-wakes.js';
import { sendRenewalReminder, type ReminderOutcome } from './send-renewal-reminder.js';

/** What one batch of wake-ups did. */
export interface WakeBatchReport {
  partners: number;
  /** Partners handed to the recalculation pipeline because a status changes today. */
  recalculations: string[];
  reminders: ReminderOutcome[];
  /** Companies gone from HubSpot or no longer partners: their wake-ups were dropped. */
  dropped: string[];
  /** Partners whose wake-up failed (left leased: it comes due again after the lease). */
  failed: Array<{ companyId: string; reason: string }>;
}

const IN_PROGRESS_RETRY_MS = 60_000;

async function wakePartner(
  deps: LifecycleDependencies,
  portalId: string,
  partner: PartnerSnapshot,
  claims: ClaimedWake[],
  now: number,
  report: WakeBatchReport,
): Promise<void> {
  // Re-checked against what HubSpot holds now: a renewed certification has a new expiry (so new
  // reminder keys, all ahead), a removed one is simply absent.
  const plan = planPartnerWakes(partner, deps.program, now);
  if (claims.some((claim) => claim.kind === 'status')) {
    await deps.recalculation.enqueueCompanies(portalId, [partner.companyId]);
    report.recalculations.push(partner.companyId);
  }
  let inProgress = false;
  for (const due of plan.dueReminders) {
    const contact = partner.contacts.find((candidate) => candidate.contactId === due.held.contactId);
    if (!contact) continue;
    const outcome = await sendRenewalReminder(deps, portalId, partner, contact, due, now);
    inProgress ||= outcome.outcome === 'in-progress';
    report.reminders.push(outcome);
  }
  // A reminder another worker holds is looked at again shortly: it is sent by then, or its
  // worker died and its lease ends, and this partner's next wake takes it over.
  const nextReminderAt = inProgress ? Math.min(plan.nextReminderAt ?? Infinity, now + IN_PROGRESS_RETRY_MS) : plan.nextReminderAt;
  for (const claim of claims) {
    await deps.schedule.release(claim, claim.kind === 'reminder' ? nextReminderAt : plan.nextStatusChangeAt);
  }
}

/**
 * Wakes the partners of claimed wake-ups, all of one portal: one batched load from HubSpot for up
 * to 100 partners, then per partner a recalculation when a status changes and the reminders due.
 * A partner that fails is logged and left leased, so it is tried again after the lease; the others
 * go on.
 */
export async function processPartnerWakes(deps: LifecycleDependencies, portalId: string, claims: readonly ClaimedWake[], now: number): Promise<WakeBatchReport> {
  const byCompany = new Map<string, ClaimedWake[]>();
  for (const claim of claims) byCompany.set(claim.companyId, [...(byCompany.get(claim.companyId) ?? []), claim]);
  const report: WakeBatchReport = { partners: byCompany.size, recalculations: [], reminders: [], dropped: [], failed: [] };
  const { partners, missing } = await deps.repositoryFor(portalId).loadPartners([...byCompany.keys()]);
  for (const companyId of missing) {
    for (const claim of byCompany.get(companyId) ?? []) await deps.schedule.release(claim, null);
    report.dropped.push(companyId);
  }
  for (const records of partners) {
    const companyId = records.company.id;
    const partnerClaims = byCompany.get(companyId) ?? [];
    const { snapshot } = readPartnerSnapshot(records.company, records.contacts, deps.program);
    if (!snapshot.isPartner) {
      for (const claim of partnerClaims) await deps.schedule.release(claim, null);
      report.dropped.push(companyId);
      continue;
    }
    try {
      await wakePartner(deps, portalId, snapshot, partnerClaims, now, report);
    } catch (error) {
      const reason = (error as Error).message;
      deps.logger.warn({ portalId, companyId, err: { message: reason } }, 'partner wake-up failed; it will be tried again after its lease');
      report.failed.push({ companyId, reason });
    }
  }
  return report;
}
