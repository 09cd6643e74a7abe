import type { AuditTrail } from '../audit/audit-trail.js';
import { money } from '../domain/money/money.js';
import type { IncentiveDeadline } from '../domain/incentives/incentive-due-date.js';
import type { CalendarDate } from '../domain/types.js';
import type { IncentiveRequestStore } from './incentive-request-store.js';
import type { IncentiveTaskProcessor } from './incentive-task-processor.js';
import { requestLedgerLine, requestRowKey, requestStatus } from './request-ledger-line.js';

export type DeadlineCheckResult = { outcome: 'met' | 'breached' | 'not_found' };

/**
 * Checks one incentive deadline once its due day is over (docs/incentives.md, "Deadlines"): a claim
 * still pending missed its verification, an approval not yet paid missed its payment. A miss is a
 * `deadline_breached` ledger row (amount zero, keyed by the request and the deadline, so a retried
 * job records it once), an `incentive.deadline-breached` audit entry and an escalation task (once,
 * however often the job runs: the breach row and the task are each recorded before the job ends).
 */
export class IncentiveDeadlineProcessor {
  constructor(private readonly options: {
    store: IncentiveRequestStore;
    audit: AuditTrail;
    portalId: string;
    /** The portal's company currency, for the breach row of a request without an amount. */
    currency: string;
    /** Where a miss is escalated; without it none is. */
    tasks?: Pick<IncentiveTaskProcessor, 'escalate'>;
  }) {}

  async check(requestId: string, deadline: IncentiveDeadline, dueOn: CalendarDate): Promise<DeadlineCheckResult> {
    const { store, audit, portalId } = this.options;
    const request = await store.request(portalId, requestId);
    if (!request) return { outcome: 'not_found' };
    const rows = await store.ledgerOf(portalId, request.partnerId);
    const status = requestStatus(request, rows);
    const met = deadline === 'verification' ? status !== 'pending' : status === 'paid' || status === 'rejected';
    if (met) return { outcome: 'met' };
    const currency = request.amount?.currency ?? this.options.currency;
    const added = await store.append(portalId, [{
      ...requestLedgerLine(request),
      key: `${requestRowKey(request, 'deadline_breached')}:${deadline}`,
      kind: 'deadline_breached',
      amount: money(0, currency),
      reason: `${deadline} due by ${dueOn} was missed`,
      occurredOn: dueOn,
      reverses: null,
    }], { type: 'operator', id: 'incentive-deadlines' });
    if (added > 0) {
      await audit.record({
        portalId,
        companyId: request.partnerId,
        ...(request.contactId ? { contactId: request.contactId } : {}),
        actor: { type: 'system' },
        action: 'incentive.deadline-breached',
        after: { requestId, type: request.type, deadline, dueOn, status },
      });
    }
    // After the row: a run killed in between finds the row recorded and still escalates.
    await this.options.tasks?.escalate(request, deadline, dueOn);
    return { outcome: 'breached' };
  }
}
