import type { Kysely } from 'kysely';
import type { Database } from '../db/database-schema.js';
import { planProtectionSteps } from '../domain/registrations/plan-protection-steps.js';
import { planRegistrationSla } from '../domain/registrations/plan-registration-sla.js';
import type { RegistrationSettings } from '../program/registration-settings.js';
import type { SlaStep } from '../domain/registrations/assess-registration-sla.js';
import type { RegistrationSlaQueue } from './registration-sla-queue.js';
import { RegistrationStepStore } from './registration-step-store.js';

export interface ReplanRegistrationClocksOptions {
  db: Kysely<Database>;
  queue: Pick<RegistrationSlaQueue, 'schedule' | 'scheduleProtection'>;
  portalId: string;
  settings: RegistrationSettings;
  /** The portal's time zone, as at submission and approval. */
  timeZone: string;
  now: number;
}

const TELLING_STEPS: readonly SlaStep[] = ['remind', 'escalate'];

/** What a re-planning put back. */
export interface ReplannedClocks {
  decisionClocks: number;
  protections: number;
}

/**
 * Puts back the delayed jobs of every open registration from PostgreSQL after Redis lost them
 * (docs/registrations.md, "Clocks after a Redis loss"): a submitted registration's reminder,
 * escalation and breach from its submission time, an approved one's notice and expiry from its
 * last protected day. The job ids are the registration, the step (and the expiry), so jobs Redis
 * still holds are not added twice; a step whose time passed during the outage runs at once, and
 * the step itself finds what is already done (a breach already recorded, an expiry already made).
 * A reminder, escalation or expiry notice recorded done in PostgreSQL is not planned again.
 */
export async function replanRegistrationClocks(options: ReplanRegistrationClocksOptions): Promise<ReplannedClocks> {
  const { db, queue, portalId, settings, timeZone, now } = options;
  const rows = await db.selectFrom('index_registrations as r')
    .leftJoin('registration_customers as c', (join) => join.onRef('c.portal_id', '=', 'r.portal_id').onRef('c.deal_id', '=', 'r.deal_id'))
    .where('r.portal_id', '=', portalId)
    .where('r.status', 'in', ['submitted', 'approved'])
    .select(['r.deal_id', 'r.status', 'r.submitted_at', 'c.submitted_at as customer_submitted_at', 'r.expires_on'])
    .orderBy('r.deal_id')
    .execute();
  const done = await new RegistrationStepStore(db).doneSteps(portalId, rows.map((row) => row.deal_id));
  const result: ReplannedClocks = { decisionClocks: 0, protections: 0 };
  for (const row of rows) {
    if (row.status === 'submitted') {
      const submittedAt = row.submitted_at ?? row.customer_submitted_at;
      if (!submittedAt) continue;
      const skip = new Set(TELLING_STEPS.filter((step) => done.get(row.deal_id)?.has(step)));
      await queue.schedule(portalId, row.deal_id, planRegistrationSla(submittedAt.getTime(), settings, timeZone), now, skip);
      result.decisionClocks += 1;
    } else if (row.expires_on) {
      const noticeSent = done.get(row.deal_id)?.has(RegistrationStepStore.noticeStep(row.expires_on)) ?? false;
      await queue.scheduleProtection(portalId, row.deal_id, row.expires_on, planProtectionSteps(row.expires_on, settings, timeZone), now, noticeSent);
      result.protections += 1;
    }
  }
  return result;
}
