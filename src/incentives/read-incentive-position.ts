import { addDays } from '../domain/calendar-date.js';
import { mdfAllocation } from '../domain/incentives/mdf-allocation.js';
import { mdfBalance, type MdfBalance } from '../domain/incentives/mdf-balance.js';
import { programYear, type ProgramYear } from '../domain/incentives/program-year.js';
import type { Money } from '../domain/money/money.js';
import { money } from '../domain/money/money.js';
import type { Ratio } from '../domain/money/ratio.js';
import type { CalendarDate } from '../domain/types.js';
import type { Program, TierOrNone } from '../program/program-schema.js';
import { balanceEntries, type IncentiveRequest, type LedgerRow } from './incentive-request-store.js';
import { linePrefix, requestStatus, type IncentiveRequestStatus } from './request-ledger-line.js';

/** A SPIFF the partner can still claim: the latest accrual of a line that is still accrued. */
export interface ClaimableSpiff {
  accrualKey: string;
  dealId: string;
  kind: string;
  amount: Money;
  claimBy: CalendarDate;
}

/** A partner's incentives as the page and the submissions see them on one day. */
export interface IncentivePosition {
  claimableSpiffs: ClaimableSpiff[];
  /** Null when the partner's official tier has no MDF. */
  mdf: { allocation: Money; share: Ratio; balance: MdfBalance; year: ProgramYear } | null;
  requests: Array<{ request: IncentiveRequest; status: IncentiveRequestStatus }>;
  /** Approved MDF requests whose activity has ended and that wait for their claim. */
  awaitingClaim: IncentiveRequest[];
}

const detail = (request: IncentiveRequest, name: string): string => {
  const value = request.details[name];
  return typeof value === 'string' ? value : '';
};

/**
 * What a partner can claim and has asked for (docs/incentives.md, "On the partner page"), from its
 * ledger rows and requests. MDF counts the program year of `today`: the program's fiscal year, as
 * the statement counts it (docs/incentives.md, "MDF").
 */
export function readIncentivePosition(input: {
  rows: readonly LedgerRow[];
  requests: readonly IncentiveRequest[];
  officialTier: TierOrNone;
  program: Pick<Program, 'incentives' | 'mdf' | 'governance'>;
  currency: string;
  today: CalendarDate;
}): IncentivePosition {
  const { rows, requests, program, today } = input;
  const withStatus = requests.map((request) => ({ request, status: requestStatus(request, rows) }));
  const live = withStatus.filter((entry) => entry.status !== 'rejected').map((entry) => entry.request);

  // A rejected SPIFF claim is final: the SPIFF is not offered again.
  const claimed = new Set(requests.filter((request) => request.type === 'spiff_claim').map((request) => detail(request, 'accrualKey')));
  const lines = new Map<string, { net: number; latest: LedgerRow }>();
  for (const row of rows) {
    if (row.bucket !== 'spiff' || (row.kind !== 'accrual' && row.kind !== 'clawback')) continue;
    const prefix = linePrefix(row);
    const line = lines.get(prefix) ?? { net: 0, latest: row };
    line.net += row.amount.amountMinor;
    if (row.kind === 'accrual') line.latest = row;
    lines.set(prefix, line);
  }
  const claimableSpiffs = [...lines.values()]
    .filter(({ net, latest }) => net > 0 && latest.kind === 'accrual' && !claimed.has(latest.key))
    .map(({ net, latest }) => ({
      accrualKey: latest.key,
      dealId: latest.source.id,
      kind: latest.rule,
      amount: money(net, latest.amount.currency),
      claimBy: addDays(latest.occurredOn, program.incentives.claimWindowDays),
    }))
    .filter((spiff) => spiff.claimBy >= today);

  const allocation = mdfAllocation(input.officialTier, program.mdf, input.currency);
  const year = programYear(today, program.governance.fiscalYearStartMonth);
  const inYear = balanceEntries(rows).filter((row) => row.occurredOn >= year.firstDay && row.occurredOn <= year.lastDay);
  const mdf = allocation
    ? { allocation: allocation.amount, share: allocation.share, balance: mdfBalance(allocation.amount, inYear), year }
    : null;

  const settled = new Set(live.filter((request) => request.type === 'mdf_claim').map((request) => detail(request, 'mdfRequestId')));
  const awaitingClaim = withStatus
    .filter(({ request, status }) => request.type === 'mdf_request' && status === 'approved' && !settled.has(request.id))
    .map(({ request }) => request)
    .filter((request) => detail(request, 'activityEnd') <= today && addDays(detail(request, 'activityEnd'), program.mdf.claimWindowDays) >= today);

  return { claimableSpiffs, mdf, requests: withStatus, awaitingClaim };
}
