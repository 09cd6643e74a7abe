import { DateTime } from 'luxon';
import { formatMoney } from '../money/format-money.js';
import type { Money } from '../money/money.js';
import type { CalendarDate } from '../types.js';
import type { IncentiveDeadline } from './incentive-due-date.js';

/**
 * The tasks an incentive request gets (docs/incentives.md, "Deadlines"): `task` at the start of a
 * clock (verify the claim, pay the approval), `escalation` when the clock ran out.
 */
export type IncentiveTaskKind = 'task' | 'escalation';

/** What a request is, as its tasks name it. */
export type IncentiveTaskRequestType = 'spiff_claim' | 'bonus' | 'mdf_request' | 'mdf_claim';

export interface IncentiveTaskInput {
  kind: IncentiveTaskKind;
  deadline: IncentiveDeadline;
  requestId: string;
  requestType: IncentiveTaskRequestType;
  amount: Money | null;
  partnerName: string;
  /** The last day of the deadline, from {@link incentiveDueDate}. */
  dueOn: CalendarDate;
  /** The portal's time zone, where the due day ends. */
  timeZone: string;
}

export interface IncentiveTask {
  subject: string;
  body: string;
  priority: 'MEDIUM' | 'HIGH';
  /** The task's due instant (`hs_timestamp`): 23:59 on the due day in the portal's time zone. */
  dueAt: number;
  /** The line the body ends with, to find the task again after a crash (docs/data.md, "Incentive request steps"). */
  reference: string;
}

const KIND_LABELS: Record<IncentiveTaskRequestType, string> = {
  spiff_claim: 'SPIFF claim',
  bonus: 'bonus claim',
  mdf_request: 'MDF request',
  mdf_claim: 'MDF claim',
};

/** The step a task is recorded under: one per request, kind and deadline. */
export function incentiveTaskStep(kind: IncentiveTaskKind, deadline: IncentiveDeadline): string {
  return `${kind}:${deadline}`;
}

/** The reference line a task's body carries (`incentive-request/<request>/<step>`). */
export function incentiveTaskReference(requestId: string, kind: IncentiveTaskKind, deadline: IncentiveDeadline): string {
  return `incentive-request/${requestId}/${incentiveTaskStep(kind, deadline)}`;
}

/**
 * Composes the HubSpot task of an incentive deadline: "Verify Acme's SPIFF claim of USD 500.00",
 * "Pay …", and, when the deadline was missed, "Overdue: verify …" / "Overdue: pay …" at high
 * priority. The amount always names its currency; a request without an amount (a bonus whose
 * amount is set at approval) is named without one.
 */
export function composeIncentiveTask(input: IncentiveTaskInput): IncentiveTask {
  const what = `${input.partnerName}'s ${KIND_LABELS[input.requestType]}${input.amount ? ` of ${formatMoney(input.amount)}` : ''}`;
  const verb = input.deadline === 'verification' ? 'Verify' : 'Pay';
  const reference = incentiveTaskReference(input.requestId, input.kind, input.deadline);
  const dueDay = DateTime.fromISO(input.dueOn, { zone: input.timeZone });
  const dueAt = dueDay.set({ hour: 23, minute: 59 }).toMillis();
  const dueText = dueDay.setLocale('en-GB').toFormat('cccc d LLLL yyyy');
  const action = input.deadline === 'verification' ? 'verified' : 'paid';
  if (input.kind === 'task') {
    return {
      subject: `${verb} ${what}`,
      body: `${what} (request ${input.requestId}) is to be ${action} by ${dueText} (${input.timeZone}).\n\nReference: ${reference}`,
      priority: 'MEDIUM',
      dueAt,
      reference,
    };
  }
  return {
    subject: `Overdue: ${verb.toLowerCase()} ${what}`,
    body: `${what} (request ${input.requestId}) was to be ${action} by ${dueText} (${input.timeZone}) and was not: it is escalated to you.\n\nReference: ${reference}`,
    priority: 'HIGH',
    dueAt,
    reference,
  };
}
