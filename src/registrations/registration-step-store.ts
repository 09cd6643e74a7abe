import type { Kysely } from 'kysely';
import { ClaimedStepStore } from '../db/claimed-step-store.js';
import type { Database } from '../db/database-schema.js';

export type { StepClaim } from '../db/claimed-step-store.js';

/**
 * The registration clock steps that tell someone (reminder, escalation, expiry notice), recorded
 * in PostgreSQL (docs/data.md, "Registration steps"): claimed before the HubSpot task or the email,
 * finished after, so a step planned again after Redis lost its jobs is not run twice.
 */
export class RegistrationStepStore extends ClaimedStepStore {
  constructor(db: Kysely<Database>) {
    super(db, { table: 'registration_steps', subject: 'deal_id' });
  }

  /** The key of a protection notice: one per protection end (an extension has its own). */
  static noticeStep(expiresOn: string): string {
    return `notice:${expiresOn}`;
  }
}
