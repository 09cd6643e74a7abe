import type { LedgerLine } from '../domain/incentives/types.js';
import type { IncentiveRequest, LedgerRow } from './incentive-request-store.js';

/** Where a request's decision stands, read from the ledger rows keyed by it. */
export type IncentiveRequestStatus = 'pending' | 'approved' | 'rejected' | 'paid';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The ledger line a request's rows go on (docs/incentives.md, "On the partner page"): a SPIFF
 * claim is on its deal's SPIFF line, a bonus and an MDF request on a line of their own, an MDF
 * claim on the line of the request it settles.
 */
export function requestLedgerLine(request: IncentiveRequest): LedgerLine {
  const { partnerId, details } = request;
  switch (request.type) {
    case 'spiff_claim':
      return { partnerId, bucket: 'spiff', rule: text(details.kind), source: { type: 'deal', id: text(details.dealId) } };
    case 'bonus':
      return { partnerId, bucket: 'bonus', rule: text(details.kind), source: { type: 'request', id: request.id } };
    case 'mdf_request':
      return { partnerId, bucket: 'mdf', rule: text(details.activity), source: { type: 'request', id: request.id } };
    case 'mdf_claim':
      return { partnerId, bucket: 'mdf', rule: text(details.activity), source: { type: 'request', id: text(details.mdfRequestId) } };
  }
}

/** The stable key prefix of a line's rows, the same one the ledger rules use. */
export function linePrefix(line: LedgerLine): string {
  return `line:${line.bucket}:${line.partnerId}:${line.source.type}:${line.source.id}:${line.rule}`;
}

/** The key of a row a request (its submission or a decision on it) appends. */
export function requestRowKey(request: IncentiveRequest, kind: LedgerRow['kind'] | 'release'): string {
  return `${linePrefix(requestLedgerLine(request))}:${kind}:${request.id}`;
}

/** The rows a request's submission and decisions appended. */
export function rowsOfRequest(request: IncentiveRequest, rows: readonly LedgerRow[]): LedgerRow[] {
  const suffix = `:${request.id}`;
  return rows.filter((row) => row.key.startsWith(linePrefix(requestLedgerLine(request))) && row.key.endsWith(suffix));
}

/** Paid, rejected, approved (an approval or a verified claim) or still pending. */
export function requestStatus(request: IncentiveRequest, rows: readonly LedgerRow[]): IncentiveRequestStatus {
  const own = rowsOfRequest(request, rows);
  if (own.some((row) => row.kind === 'payment')) return 'paid';
  if (own.some((row) => row.kind === 'rejection')) return 'rejected';
  if (own.some((row) => row.kind === 'verification' || (row.kind === 'approval' && row.amount.amountMinor > 0))) return 'approved';
  return 'pending';
}
