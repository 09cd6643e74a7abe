import { negateMoney } from '../money/negate-money.js';
import type { DealEvent, EarnedSpiff, LedgerEntry } from './types.js';

interface RuleHistory {
  /** Net accrued (accruals plus clawbacks), in minor units. */
  outstanding: number;
  /** Clawbacks so far: the deal's win "generation" for this rule. */
  clawbacks: number;
  currency: string;
}

function historyByRule(event: DealEvent, ledger: readonly LedgerEntry[]): Map<string, RuleHistory> {
  const byRule = new Map<string, RuleHistory>();
  for (const entry of ledger) {
    if (entry.bucket !== 'spiff' || entry.source.type !== 'deal' || entry.source.id !== event.dealId) continue;
    if (entry.partnerId !== event.partnerId || (entry.kind !== 'accrual' && entry.kind !== 'clawback')) continue;
    const history = byRule.get(entry.rule) ?? { outstanding: 0, clawbacks: 0, currency: entry.amount.currency };
    history.outstanding += entry.amount.amountMinor;
    if (entry.kind === 'clawback') history.clawbacks += 1;
    byRule.set(entry.rule, history);
  }
  return byRule;
}

function keyOf(event: DealEvent, rule: string, kind: 'accrual' | 'clawback', generation: number): string {
  return `deal:${event.dealId}:spiff:${rule}:${kind}:${generation}`;
}

/**
 * The SPIFF ledger entries that record a deal's state (docs/incentives.md, "Ledger"):
 * - `closed_won`: one accrual per earned SPIFF;
 * - `reopened` / `closed_lost`: one clawback per SPIFF still accrued on the deal, cancelling it.
 *
 * The event says what the deal is now (the handler reads the deal, not only the webhook). Keys are
 * the deal, the rule and how many times that rule was clawed back before: the same event derived
 * again — before or after its entries are recorded — gives entries with the same keys and content,
 * so appending them again changes nothing, and a deal that wins, reopens and wins again accrues a
 * second time under a new key.
 *
 * @param earned what the deal earns now (`earnSpiffs`); ignored unless the event is `closed_won`.
 * @param ledger the entries recorded so far (any superset of this deal's entries).
 */
export function deriveDealLedgerEntries(event: DealEvent, earned: readonly EarnedSpiff[], ledger: readonly LedgerEntry[]): LedgerEntry[] {
  const history = historyByRule(event, ledger);
  const recorded = new Map(ledger.map((entry) => [entry.key, entry]));
  const base = {
    partnerId: event.partnerId,
    bucket: 'spiff' as const,
    source: { type: 'deal' as const, id: event.dealId },
    occurredOn: event.occurredOn,
    reverses: null,
  };

  if (event.type === 'closed_won') {
    return earned.flatMap((spiff): LedgerEntry[] => {
      const rule = history.get(spiff.kind) ?? { outstanding: 0, clawbacks: 0, currency: spiff.amount.currency };
      const key = keyOf(event, spiff.kind, 'accrual', rule.clawbacks);
      const existing = recorded.get(key);
      if (existing !== undefined) return [existing];
      if (rule.outstanding !== 0 || spiff.amount.amountMinor === 0) return [];
      const reason = `SPIFF ${spiff.kind.replaceAll('_', ' ')} on deal ${event.dealId} closed won`;
      return [{ ...base, key, kind: 'accrual', rule: spiff.kind, amount: spiff.amount, reason }];
    });
  }

  const verb = event.type === 'reopened' ? 'reopened' : 'closed lost';
  return [...history.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([rule, { outstanding, clawbacks, currency }]): LedgerEntry[] => {
      if (outstanding === 0) {
        const previous = clawbacks > 0 ? recorded.get(keyOf(event, rule, 'clawback', clawbacks - 1)) : undefined;
        return previous === undefined ? [] : [previous];
      }
      const accrual = recorded.get(keyOf(event, rule, 'accrual', clawbacks));
      return [{
        ...base,
        key: keyOf(event, rule, 'clawback', clawbacks),
        kind: 'clawback',
        rule,
        amount: negateMoney({ amountMinor: outstanding, currency }),
        reason: `SPIFF ${rule.replaceAll('_', ' ')} clawed back: deal ${event.dealId} ${verb}`,
        reverses: accrual?.key ?? null,
      }];
    });
}
