import { deriveDecisionEntry } from '../domain/incentives/derive-decision-entry.js';
import { lineBalance } from '../domain/incentives/line-balance.js';
import { validateMdfRequest } from '../domain/incentives/validate-mdf-request.js';
import { minMoney } from '../domain/money/min-money.js';
import { money, type Money } from '../domain/money/money.js';
import { formatMoney } from '../domain/money/format-money.js';
import type { CalendarDate } from '../domain/types.js';
import type { Program, TierOrNone } from '../program/program-schema.js';
import { balanceEntries, type IncentiveRequest, type IncentiveRequestStore, type LedgerActor, type LedgerRow } from './incentive-request-store.js';
import { readIncentivePosition } from './read-incentive-position.js';
import { requestLedgerLine, requestRowKey, requestStatus, rowsOfRequest, type IncentiveRequestStatus } from './request-ledger-line.js';

export type IncentiveDecision = 'approve' | 'reject' | 'pay';

export interface DecideIncentiveInput {
  portalId: string;
  requestId: string;
  decision: IncentiveDecision;
  /** Required to reject; kept on the ledger row. */
  reason: string | null;
  actor: LedgerActor;
  /** Today in the partner's time zone. */
  today: CalendarDate;
  /** `pe_tier` of the partner now: an MDF approval checks the year's allocation again. */
  officialTier: TierOrNone;
  currency: string;
}

export type DecisionOutcome =
  | { outcome: 'decided'; request: IncentiveRequest; status: IncentiveRequestStatus; amount: Money; added: number }
  | { outcome: 'refused'; request: IncentiveRequest; message: string }
  | { outcome: 'not_found' };

const TRANSITIONS: Record<IncentiveDecision, IncentiveRequestStatus> = { approve: 'pending', reject: 'pending', pay: 'approved' };

/**
 * A person's decision on an incentive request (docs/incentives.md, "Decisions"): approve, reject
 * with a reason, or mark paid once approved. A decision appends ledger rows keyed by the request,
 * never changes one, so the same decision sent twice records nothing new. An MDF claim's approval
 * records the reimbursement, min(approved, actual cost × share, allocation left), and releases
 * what it does not use.
 */
export async function decideIncentiveRequest(
  deps: { store: IncentiveRequestStore; program: Pick<Program, 'incentives' | 'mdf' | 'governance'> },
  input: DecideIncentiveInput,
): Promise<DecisionOutcome> {
  const { store, program } = deps;
  const request = await store.request(input.portalId, input.requestId);
  if (!request) return { outcome: 'not_found' };
  const rows = await store.ledgerOf(input.portalId, request.partnerId);
  const status = requestStatus(request, rows);
  const refuse = (message: string): DecisionOutcome => ({ outcome: 'refused', request, message });
  if (status !== TRANSITIONS[input.decision]) {
    const same = (input.decision === 'approve' && status === 'approved') || (input.decision === 'reject' && status === 'rejected') || (input.decision === 'pay' && status === 'paid');
    if (same) return { outcome: 'decided', request, status, amount: decidedAmount(request, rows, input.currency), added: 0 };
    return refuse(`This request is ${status}, so it cannot be ${input.decision === 'pay' ? 'marked paid' : `${input.decision}d`}.`);
  }
  const currency = request.amount?.currency ?? input.currency;
  const line = requestLedgerLine(request);
  const row = (kind: LedgerRow['kind'] | 'release', amount: Money, reason: string, reverses: string | null = null): LedgerRow => ({
    ...line,
    key: requestRowKey(request, kind),
    kind: kind === 'release' ? 'approval' : kind,
    amount,
    reason,
    occurredOn: input.today,
    reverses,
  });
  const append = async (added: LedgerRow[], next: IncentiveRequestStatus, amount: Money): Promise<DecisionOutcome> => ({
    outcome: 'decided',
    request,
    status: next,
    amount,
    added: await store.append(input.portalId, added, input.actor),
  });

  if (input.decision === 'reject') {
    const reason = (input.reason ?? '').trim();
    if (reason === '') return refuse('A rejection needs a reason.');
    return append([row('rejection', money(0, currency), reason)], 'rejected', money(0, currency));
  }

  const ledger = balanceEntries(rows);
  if (input.decision === 'pay') {
    if (request.type === 'mdf_request') return refuse('An MDF request is paid through its claim.');
    if (request.type === 'mdf_claim') {
      const amount = decidedAmount(request, rows, currency);
      return append([row('payment', amount, 'MDF claim paid')], 'paid', amount);
    }
    const { balance } = lineBalance(line, ledger, currency);
    const amount = money(balance.approved.amountMinor - balance.paid.amountMinor, currency);
    const paid = deriveDecisionEntry({ line, kind: 'payment', decisionId: request.id, amount, on: input.today, reason: 'paid' }, ledger);
    if (!paid.entry) return refuse(`Nothing approved is left to pay on this line (${paid.problem ?? 'none'}).`);
    return append([paid.entry], 'paid', amount);
  }

  const asked = request.amount ?? money(0, currency);
  switch (request.type) {
    case 'spiff_claim': {
      const { balance } = lineBalance(line, ledger, currency);
      const amount = minMoney(asked, money(balance.accrued.amountMinor - balance.approved.amountMinor, currency));
      const approval = deriveDecisionEntry({ line, kind: 'approval', decisionId: request.id, amount, on: input.today, reason: 'SPIFF claim approved' }, ledger);
      if (!approval.entry) return refuse('The SPIFF is no longer accrued (the deal was reopened or lost), so nothing can be approved.');
      return append([approval.entry], 'approved', amount);
    }
    case 'bonus': {
      const accrual = row('accrual', asked, `strategic bonus ${line.rule} approved`);
      const approval = deriveDecisionEntry({ line, kind: 'approval', decisionId: request.id, amount: asked, on: input.today, reason: 'strategic bonus approved' }, [...ledger, accrual as typeof ledger[number]]);
      if (!approval.entry) return refuse('The bonus amount is zero, so nothing can be approved.');
      return append([accrual, approval.entry], 'approved', asked);
    }
    case 'mdf_request': {
      const requests = await store.requestsOf(input.portalId, request.partnerId, 1000);
      const position = readIncentivePosition({ rows, requests, officialTier: input.officialTier, program, currency, today: input.today });
      const checked = validateMdfRequest({
        request: { activity: line.rule, amount: asked, activityStart: String(request.details.activityStart), activityEnd: String(request.details.activityEnd) },
        on: input.today,
        balance: position.mdf?.balance ?? null,
        settings: program.mdf,
      });
      if (checked.problems.length > 0) return refuse(`The MDF request cannot be approved: ${checked.problems.join(', ')}.`);
      return append([row('approval', asked, `MDF ${line.rule} approved`)], 'approved', asked);
    }
    case 'mdf_claim': {
      const mdfRequest = await store.request(input.portalId, String(request.details.mdfRequestId));
      if (!mdfRequest?.amount) return refuse('The MDF request this claim settles was not found.');
      const requests = await store.requestsOf(input.portalId, request.partnerId, 1000);
      const position = readIncentivePosition({ rows, requests, officialTier: input.officialTier, program, currency, today: input.today });
      // Reimbursement = min(approved, actual × share — computed at the claim —, allocation left),
      // the allocation left counting this request's own approval as still available to it.
      const claimed = money(Number(request.details.reimbursementMinor ?? 0), currency);
      const allocationLeft = position.mdf ? money(position.mdf.balance.available.amountMinor + mdfRequest.amount.amountMinor, currency) : money(0, currency);
      const reimbursed = minMoney(mdfRequest.amount, claimed, allocationLeft);
      const amount = reimbursed.amountMinor < 0 ? money(0, currency) : reimbursed;
      const added = [row('verification', amount, `MDF claim verified: ${formatMoney(amount)} reimbursed`)];
      const unused = mdfRequest.amount.amountMinor - amount.amountMinor;
      if (unused > 0) added.push(row('release', money(-unused, currency), 'unused MDF released', requestRowKey(mdfRequest, 'approval')));
      return append(added, 'approved', amount);
    }
  }
}

/** The amount a decided request was approved or paid for. */
function decidedAmount(request: IncentiveRequest, rows: readonly LedgerRow[], currency: string): Money {
  const own = rowsOfRequest(request, rows);
  const decided = own.find((row) => row.kind === 'payment') ?? own.find((row) => row.kind === 'verification') ?? own.find((row) => row.kind === 'approval' && row.amount.amountMinor > 0);
  return decided?.amount ?? money(0, currency);
}
