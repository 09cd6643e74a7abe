import crypto from 'node:crypto';
import { isCalendarDate } from '../domain/calendar-date.js';
import { computeStrategicBonus } from '../domain/incentives/compute-strategic-bonus.js';
import { validateMdfClaim, type MdfClaimProblem } from '../domain/incentives/validate-mdf-claim.js';
import { validateMdfRequest, type MdfRequestProblem } from '../domain/incentives/validate-mdf-request.js';
import type { Money } from '../domain/money/money.js';
import { multiplyMoney } from '../domain/money/multiply-money.js';
import { parseMoney } from '../domain/money/parse-money.js';
import type { CalendarDate } from '../domain/types.js';
import { isAppError } from '../errors.js';
import type { Program, TierOrNone } from '../program/program-schema.js';
import type { IncentiveRequest, IncentiveRequestStore, LedgerActor, LedgerRow } from './incentive-request-store.js';
import { readIncentivePosition } from './read-incentive-position.js';
import { requestLedgerLine, requestRowKey } from './request-ledger-line.js';

/** The partner a request is made for, as the caller established it. */
export interface IncentivePartner {
  portalId: string;
  partnerId: string;
  /** The submitting partner contact; null when a person enters it. */
  contactId: string | null;
  /** `pe_tier`: MDF follows the official tier. */
  officialTier: TierOrNone;
  /** The portal's company currency. */
  currency: string;
  today: CalendarDate;
}

export const BONUS_KINDS = ['cross_sell', 'upsell', 'reference', 'community_contribution'] as const;
export type BonusKind = (typeof BONUS_KINDS)[number];

/** A form as typed (amounts in major units, dates as YYYY-MM-DD). */
export type IncentiveForm =
  | { type: 'spiff_claim'; accrualKey: string }
  | { type: 'bonus'; kind: string; incrementalRevenue: string; contractYears: string; description: string }
  | { type: 'mdf_request'; activity: string; plannedCost: string; activityStart: string; activityEnd: string; description: string }
  | { type: 'mdf_claim'; mdfRequestId: string; actualCost: string; results: string; proofUrl: string };

export type SubmissionOutcome =
  | { outcome: 'submitted'; request: IncentiveRequest; duplicate: boolean }
  | { outcome: 'invalid'; problems: string[] }
  | { outcome: 'not_found' };

const MDF_REQUEST_PROBLEMS: Record<MdfRequestProblem, string> = {
  no_mdf_for_tier: 'Your tier has no market development funds.',
  activity_not_eligible: 'Activity: choose one of the listed activities.',
  not_before_activity: 'Start date: a request must be decided before the activity starts, so the start must be after today.',
  ends_before_start: 'End date: the activity cannot end before it starts.',
  amount_not_positive: 'Planned cost: enter an amount above zero.',
  exceeds_available: 'Planned cost: the reimbursed share is more than the funds still available this year.',
};

const MDF_CLAIM_PROBLEMS: Record<MdfClaimProblem, string> = {
  activity_not_ended: 'The activity has not ended yet: claim it from its last day.',
  claim_expired: 'The claim window of this activity has closed.',
  proof_missing: 'Proof link: enter a web link (https://…) to the invoice or report.',
  results_missing: 'Results: describe what the activity achieved.',
  cost_negative: 'Actual cost: enter an amount of zero or more.',
};

function readAmount(typed: string, currency: string, label: string, problems: string[]): Money | null {
  if (typed.trim() === '') {
    problems.push(`${label}: enter an amount.`);
    return null;
  }
  try {
    return parseMoney(typed, currency);
  } catch (error) {
    if (!isAppError(error, 'INVALID_INPUT')) throw error;
    problems.push(`${label}: enter an amount such as 2500 or 2500.50.`);
    return null;
  }
}

function claimRow(request: IncentiveRequest, amount: Money, reason: string, today: CalendarDate): LedgerRow {
  return { ...requestLedgerLine(request), key: requestRowKey(request, 'claim'), kind: 'claim', amount, reason, occurredOn: today, reverses: null };
}

/**
 * A partner's incentive request (docs/incentives.md, "On the partner page"): a SPIFF claim, a
 * strategic bonus, an MDF request before the activity, or the claim of an approved MDF request.
 * Checked with the program's rules; a valid one is an `incentive_requests` row, with a `claim`
 * ledger row for a SPIFF, a bonus and an MDF claim. A SPIFF is claimed once: the same claim sent
 * twice is the same request.
 */
export async function submitIncentiveRequest(
  deps: { store: IncentiveRequestStore; program: Pick<Program, 'incentives' | 'mdf' | 'governance'>; now: () => number },
  partner: IncentivePartner,
  form: IncentiveForm,
  actor: LedgerActor,
): Promise<SubmissionOutcome> {
  const { store, program } = deps;
  const { portalId, partnerId, currency, today } = partner;
  const [rows, requests] = await Promise.all([store.ledgerOf(portalId, partnerId), store.requestsOf(portalId, partnerId, 1000)]);
  const position = readIncentivePosition({ rows, requests, officialTier: partner.officialTier, program, currency, today });
  const base = { portalId, partnerId, contactId: partner.contactId, submittedAt: deps.now() };
  const save = async (request: IncentiveRequest, ledger: LedgerRow[]): Promise<SubmissionOutcome> => {
    const created = await store.submit(request, ledger, actor);
    return { outcome: 'submitted', request, duplicate: !created };
  };

  switch (form.type) {
    case 'spiff_claim': {
      const spiff = position.claimableSpiffs.find((candidate) => candidate.accrualKey === form.accrualKey);
      if (!spiff) return { outcome: 'not_found' };
      // One id per accrual: a double click claims once.
      const id = `spiff-${crypto.createHash('sha256').update(`${portalId}:${spiff.accrualKey}`).digest('hex').slice(0, 32)}`;
      const request: IncentiveRequest = { ...base, id, type: 'spiff_claim', amount: spiff.amount, details: { accrualKey: spiff.accrualKey, dealId: spiff.dealId, kind: spiff.kind, claimBy: spiff.claimBy } };
      return save(request, [claimRow(request, spiff.amount, `SPIFF ${spiff.kind} claimed`, today)]);
    }
    case 'bonus': {
      const problems: string[] = [];
      const kind = (BONUS_KINDS as readonly string[]).includes(form.kind) ? (form.kind as BonusKind) : null;
      if (!kind) problems.push('Bonus: choose one of the listed bonuses.');
      const description = form.description.trim();
      if (description === '') problems.push('Description: say which customer and deal the bonus is for.');
      let amount: Money | null = null;
      let details: Record<string, unknown> = { kind, description };
      if (kind === 'cross_sell' || kind === 'upsell') {
        const revenue = readAmount(form.incrementalRevenue, currency, 'Incremental revenue', problems);
        const years = /^\d{1,2}$/.test(form.contractYears.trim()) ? Number(form.contractYears.trim()) : Number.NaN;
        if (!(years >= 1)) problems.push('Contract years: enter a whole number of years, 1 or more.');
        if (revenue && revenue.amountMinor <= 0) problems.push('Incremental revenue: enter an amount above zero.');
        if (revenue && revenue.amountMinor > 0 && years >= 1) {
          amount = computeStrategicBonus({ kind, incrementalRevenue: revenue, contractYears: years }, program.incentives);
          details = { ...details, incrementalRevenueMinor: revenue.amountMinor, contractYears: years };
        }
      } else if (kind) {
        amount = computeStrategicBonus({ kind, count: 1, currency }, program.incentives);
      }
      if (problems.length > 0 || !amount) return { outcome: 'invalid', problems };
      const request: IncentiveRequest = { ...base, id: crypto.randomUUID(), type: 'bonus', amount, details };
      return save(request, [claimRow(request, amount, `strategic bonus ${kind} requested`, today)]);
    }
    case 'mdf_request': {
      const problems: string[] = [];
      const cost = readAmount(form.plannedCost, currency, 'Planned cost', problems);
      if (!isCalendarDate(form.activityStart)) problems.push('Start date: enter a date.');
      if (!isCalendarDate(form.activityEnd)) problems.push('End date: enter a date.');
      const description = form.description.trim();
      if (description === '') problems.push('Description: say what the activity is and who it reaches.');
      if (problems.length > 0 || !cost) return { outcome: 'invalid', problems };
      if (!position.mdf) return { outcome: 'invalid', problems: [MDF_REQUEST_PROBLEMS.no_mdf_for_tier] };
      const amount = multiplyMoney(cost, position.mdf.share);
      const checked = validateMdfRequest({
        request: { activity: form.activity, amount, activityStart: form.activityStart, activityEnd: form.activityEnd },
        on: today,
        balance: position.mdf.balance,
        settings: program.mdf,
      });
      if (checked.problems.length > 0) return { outcome: 'invalid', problems: checked.problems.map((problem) => MDF_REQUEST_PROBLEMS[problem]) };
      const request: IncentiveRequest = {
        ...base,
        id: crypto.randomUUID(),
        type: 'mdf_request',
        amount,
        details: { activity: form.activity, plannedCostMinor: cost.amountMinor, activityStart: form.activityStart, activityEnd: form.activityEnd, description, claimDueBy: checked.claimDueBy },
      };
      // Nothing is committed until a person approves it: the request adds no ledger row.
      return save(request, []);
    }
    case 'mdf_claim': {
      const approved = position.awaitingClaim.find((candidate) => candidate.id === form.mdfRequestId);
      if (!approved || !approved.amount || !position.mdf) return { outcome: 'not_found' };
      const problems: string[] = [];
      const cost = readAmount(form.actualCost, currency, 'Actual cost', problems);
      if (!cost) return { outcome: 'invalid', problems };
      const activityEnd = String(approved.details.activityEnd);
      const checked = validateMdfClaim({
        claim: { actualCost: cost, results: form.results, proofUrl: form.proofUrl.trim() === '' ? null : form.proofUrl.trim(), claimedOn: today },
        approved: { amount: approved.amount, activityEnd },
        share: position.mdf.share,
        balance: position.mdf.balance,
        settings: program.mdf,
      });
      if (checked.problems.length > 0) return { outcome: 'invalid', problems: checked.problems.map((problem) => MDF_CLAIM_PROBLEMS[problem]) };
      const request: IncentiveRequest = {
        ...base,
        id: crypto.randomUUID(),
        type: 'mdf_claim',
        amount: cost,
        details: { mdfRequestId: approved.id, activity: approved.details.activity, results: form.results.trim(), proofUrl: form.proofUrl.trim(), reimbursementMinor: checked.reimbursement.amountMinor },
      };
      return save(request, [claimRow(request, checked.reimbursement, `MDF claim for ${String(approved.details.activity)}`, today)]);
    }
  }
}
