import type { PartnerSnapshot } from '../domain/types.js';
import type { LifecycleDependencies } from './lifecycle-dependencies.js';
import type { WakeEntry } from './lifecycle-wake-schedule.js';
import { planPartnerWakes, type PartnerWakePlan } from './plan-partner-wakes.js';

/**
 * The wake-ups of partners, from data just read: the next reminder (or now, when a due reminder
 * has not been sent yet, e.g. a certification first seen late) and the next status change. A
 * company that is no longer a partner has none.
 */
export async function wakeEntriesFor(
  deps: Pick<LifecycleDependencies, 'program' | 'ledger'>,
  portalId: string,
  partners: readonly PartnerSnapshot[],
  now: number,
): Promise<WakeEntry[]> {
  const entries: WakeEntry[] = [];
  for (const partner of partners) {
    const base = { portalId, companyId: partner.companyId };
    if (!partner.isPartner) {
      entries.push({ ...base, kind: 'reminder', at: null }, { ...base, kind: 'status', at: null });
      continue;
    }
    const plan = planPartnerWakes(partner, deps.program, now);
    const unsent = await hasUnsentDueReminder(deps, portalId, plan);
    entries.push({ ...base, kind: 'reminder', at: unsent ? now : plan.nextReminderAt }, { ...base, kind: 'status', at: plan.nextStatusChangeAt });
  }
  return entries;
}

async function hasUnsentDueReminder(deps: Pick<LifecycleDependencies, 'ledger'>, portalId: string, plan: PartnerWakePlan): Promise<boolean> {
  if (plan.dueReminders.length === 0) return false;
  const ids = plan.dueReminders.map(({ held, reminder }) => ({ contactId: held.contactId, certificationId: held.certificationId, expiresOn: held.expiresOn, offsetDays: reminder.offsetDays }));
  return (await deps.ledger.sent(portalId, ids)).some((sent) => !sent);
}

/**
 * Plans the wake-ups of partners just evaluated. This is the recalculation's `onEvaluated` hook:
 * every evaluation (webhook, workflow action, card, reconciliation or a status wake-up itself)
 * refreshes when time next needs to move the partner.
 */
export async function schedulePartnerWakes(
  deps: Pick<LifecycleDependencies, 'program' | 'ledger' | 'schedule' | 'now'>,
  portalId: string,
  partners: readonly PartnerSnapshot[],
): Promise<void> {
  const now = (deps.now ?? Date.now)();
  await deps.schedule.set(await wakeEntriesFor(deps, portalId, partners, now));
}
