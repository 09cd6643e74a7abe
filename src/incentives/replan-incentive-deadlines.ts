import type { Kysely } from 'kysely';
import { todayIn } from '../domain/calendar-date.js';
import { incentiveTaskStep } from '../domain/incentives/compose-incentive-task.js';
import { incentiveDueDate, type IncentiveDeadline } from '../domain/incentives/incentive-due-date.js';
import type { CalendarDate } from '../domain/types.js';
import type { Database } from '../db/database-schema.js';
import type { IncentivesSettings } from '../program/incentive-settings.js';
import type { IncentiveDeadlineQueue, ScheduledDeadline } from './incentive-deadline-queue.js';
import { IncentiveRequestStepStore } from './incentive-request-step-store.js';
import { IncentiveRequestStore, type IncentiveRequest, type LedgerRow } from './incentive-request-store.js';
import { requestStatus, rowsOfRequest } from './request-ledger-line.js';

export interface ReplanIncentiveDeadlinesOptions {
  db: Kysely<Database>;
  queue: Pick<IncentiveDeadlineQueue, 'scheduleMany'>;
  portalId: string;
  settings: Pick<IncentivesSettings, 'verificationBusinessDays' | 'paymentBusinessDays' | 'holidays'>;
  /** The portal's time zone, as at the claim and the approval. */
  timeZone: string;
  now: number;
}

/** What a re-planning put back. */
export interface ReplannedIncentiveDeadlines {
  verifications: number;
  payments: number;
}

/** The day a request's payment clock started: its first approval (or verification) row. */
function approvedOn(request: IncentiveRequest, rows: readonly LedgerRow[]): CalendarDate | null {
  const decided = rowsOfRequest(request, rows)
    .filter((row) => row.kind === 'verification' || (row.kind === 'approval' && row.amount.amountMinor > 0))
    .map((row) => row.occurredOn)
    .sort();
  return decided[0] ?? null;
}

/**
 * Puts back the incentive deadlines' jobs from PostgreSQL after Redis lost them (docs/incentives.md,
 * "Deadlines"): a claim still pending gets its verification clock from the day it was sent, an
 * approval not yet paid its payment clock from the day it was approved. The job ids are the request
 * and the deadline, so jobs Redis still holds are not doubled; a check whose day passed during the
 * outage runs at once and records a breach once. A task recorded done in PostgreSQL is not planned
 * again.
 */
export async function replanIncentiveDeadlines(options: ReplanIncentiveDeadlinesOptions): Promise<ReplannedIncentiveDeadlines> {
  const { db, queue, portalId, settings, timeZone, now } = options;
  const store = new IncentiveRequestStore(db);
  // An MDF request has no clock of its own: it is paid through its claim.
  const requests = await store.requestsOfTypes(portalId, ['spiff_claim', 'bonus', 'mdf_claim']);
  const done = await new IncentiveRequestStepStore(db).doneSteps(portalId, requests.map((request) => request.id));
  const decisions = await store.ledgerRowsOfKinds(portalId, ['approval', 'verification', 'rejection', 'payment']);
  const result: ReplannedIncentiveDeadlines = { verifications: 0, payments: 0 };
  const planned: ScheduledDeadline[] = [];
  for (const request of requests) {
    const rows = decisions.get(request.partnerId) ?? [];
    const status = requestStatus(request, rows);
    let clock: { deadline: IncentiveDeadline; from: CalendarDate } | null = null;
    if (status === 'pending') clock = { deadline: 'verification', from: todayIn(timeZone, request.submittedAt) };
    const approved = status === 'approved' ? approvedOn(request, rows) : null;
    if (approved !== null) clock = { deadline: 'payment', from: approved };
    if (clock === null) continue;
    const taskDone = done.get(request.id)?.has(incentiveTaskStep('task', clock.deadline)) ?? false;
    planned.push({ portalId, requestId: request.id, deadline: clock.deadline, dueOn: incentiveDueDate(clock.deadline, clock.from, settings), taskDone });
    if (clock.deadline === 'verification') result.verifications += 1;
    else result.payments += 1;
  }
  await queue.scheduleMany(planned, timeZone, now);
  return result;
}
