import fc from 'fast-check';
import { addDays } from '../../src/domain/calendar-date.js';
import { appendLedgerEntries } from '../../src/domain/incentives/append-ledger-entries.js';
import { deriveApprovalRelease } from '../../src/domain/incentives/derive-approval-release.js';
import { deriveDealLedgerEntries } from '../../src/domain/incentives/derive-deal-ledger-entries.js';
import { deriveDecisionEntry } from '../../src/domain/incentives/derive-decision-entry.js';
import { earnSpiffs } from '../../src/domain/incentives/earn-spiffs.js';
import { lineBalance } from '../../src/domain/incentives/line-balance.js';
import type { LedgerEntry, LedgerLine } from '../../src/domain/incentives/types.js';
import { money } from '../../src/domain/money/money.js';
import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';

/** One thing that happens to deals and claims in a random history of the ledger. */
export type LedgerCommand =
  | { type: 'win'; deal: number; usd: number; newLogo: boolean; firstWin: boolean }
  | { type: 'reopen' | 'lose'; deal: number }
  | { type: 'approve' | 'pay'; line: number; percent: number };

const DEALS = 6;
const PARTNERS = 3;

export const ledgerCommand: fc.Arbitrary<LedgerCommand> = fc.oneof(
  fc.record({ type: fc.constant('win' as const), deal: fc.nat(DEALS - 1), usd: fc.integer({ min: 1, max: 300_000 }), newLogo: fc.boolean(), firstWin: fc.boolean() }),
  fc.record({ type: fc.constantFrom('reopen' as const, 'lose' as const), deal: fc.nat(DEALS - 1) }),
  fc.record({ type: fc.constantFrom('approve' as const, 'pay' as const), line: fc.nat(50), percent: fc.integer({ min: 1, max: 150 }) }),
);

export const partnerOf = (deal: number): string => `partner-${deal % PARTNERS}`;
export const PARTNER_IDS = Array.from({ length: PARTNERS }, (_, index) => `partner-${index}`);

function linesOf(ledger: readonly LedgerEntry[]): LedgerLine[] {
  const lines = new Map<string, LedgerLine>();
  for (const entry of ledger) {
    lines.set(`${entry.partnerId}|${entry.rule}|${entry.source.id}`, { partnerId: entry.partnerId, bucket: entry.bucket, rule: entry.rule, source: entry.source });
  }
  return [...lines.values()];
}

/**
 * The entries one command adds, through the product's pure rules: a win accrues the SPIFFs it
 * earns; a reopening or loss claws them back and releases approvals above what stays accrued; an
 * approval or payment asks for a share of what the line has room for (more than 100 % is refused).
 */
export function commandEntries(ledger: readonly LedgerEntry[], command: LedgerCommand, step: number): LedgerEntry[] {
  const on = addDays('2026-01-01', step);
  if ('deal' in command) {
    const dealId = `deal-${command.deal}`;
    const partnerId = partnerOf(command.deal);
    if (command.type === 'win') {
      const earned = earnSpiffs({
        dealId, partnerId, amount: money(command.usd * 100, 'USD'), closedOn: on, registeredOn: addDays(on, -10),
        newLogo: command.newLogo, productIds: [], productLine: null, firstWinForPartner: command.firstWin,
      }, DEFAULT_PROGRAM.incentives);
      return deriveDealLedgerEntries({ type: 'closed_won', dealId, partnerId, occurredOn: on }, earned, ledger);
    }
    const clawbacks = deriveDealLedgerEntries({ type: command.type === 'reopen' ? 'reopened' : 'closed_lost', dealId, partnerId, occurredOn: on }, [], ledger);
    const after = appendLedgerEntries(ledger, clawbacks).ledger;
    const releases = linesOf(after).filter((line) => line.source.id === dealId)
      .flatMap((line) => deriveApprovalRelease(line, on, after, 'USD'));
    return [...clawbacks, ...releases];
  }
  const lines = linesOf(ledger);
  const line = lines[command.line % Math.max(1, lines.length)];
  if (line === undefined) return [];
  const { balance } = lineBalance(line, ledger, 'USD');
  const room = command.type === 'approve'
    ? balance.accrued.amountMinor - balance.approved.amountMinor
    : balance.approved.amountMinor - balance.paid.amountMinor;
  const amount = Math.max(1, Math.floor((Math.max(room, 0) * command.percent) / 100));
  const { entry } = deriveDecisionEntry({ line, kind: command.type === 'approve' ? 'approval' : 'payment', decisionId: `decision-${step}`, amount: money(amount, 'USD'), on, reason: command.type }, ledger);
  return entry === null ? [] : [entry];
}
