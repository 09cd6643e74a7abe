import type { Kysely } from 'kysely';
import { ClaimedStepStore } from '../db/claimed-step-store.js';
import type { Database } from '../db/database-schema.js';

/**
 * The incentive request steps that tell someone (the verification, payment and escalation tasks),
 * recorded in PostgreSQL (docs/data.md, "Incentive request steps"): claimed before the HubSpot
 * task, finished after, so a step run again after a crash or a Redis loss makes no second task.
 */
export class IncentiveRequestStepStore extends ClaimedStepStore {
  constructor(db: Kysely<Database>) {
    super(db, { table: 'incentive_request_steps', subject: 'request_id' });
  }
}
