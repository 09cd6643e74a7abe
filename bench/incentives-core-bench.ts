/**
 * The pure incentive rules at the sizes the ledger will meet: SPIFF accruals for 200,000 won deals
 * over 10,000 partners, the quarter's rebate for each partner, and one partner's balance over ten
 * years of ledger rows. No I/O: this is the floor under the stored ledger's timings.
 *
 * Run: node bin/run-ts.mjs bench/incentives-core-bench.ts [--partners 10000] [--deals 200000] [--rows 40000]
 */
import { performance } from 'node:perf_hooks';
import { computeQuarterlyRebate } from '../src/domain/incentives/compute-quarterly-rebate.js';
import { deriveDealLedgerEntries } from '../src/domain/incentives/derive-deal-ledger-entries.js';
import { earnSpiffs } from '../src/domain/incentives/earn-spiffs.js';
import { ledgerBalance } from '../src/domain/incentives/ledger-balance.js';
import type { LedgerEntry, RebateDeal, WonDeal } from '../src/domain/incentives/types.js';
import { money } from '../src/domain/money/money.js';
import { DEFAULT_PROGRAM } from '../src/program/default-program.js';
import { integerArgument } from './support/bench-arguments.js';
import { count, formatTable } from './support/format-table.js';

const partners = integerArgument('--partners') ?? 10_000;
const deals = integerArgument('--deals') ?? 200_000;
const rows = integerArgument('--rows') ?? 40_000;
const settings = { ...DEFAULT_PROGRAM.incentives, strategicProducts: ['prod-7'] };

function time<T>(action: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = action();
  return { ms: performance.now() - start, result };
}

const wonDeals: WonDeal[] = Array.from({ length: deals }, (_, index) => ({
  dealId: `d${index}`,
  partnerId: `p${index % partners}`,
  amount: money(((index * 7919) % 30_000_000) + 100_000, 'USD'),
  closedOn: `2026-0${4 + (index % 3)}-1${index % 10}`,
  registeredOn: index % 4 === 0 ? '2026-03-15' : null,
  newLogo: index % 5 === 0,
  productIds: [`prod-${index % 11}`],
  productLine: null,
  firstWinForPartner: index < partners,
}));

const accruals = time(() => {
  let entries = 0;
  for (const deal of wonDeals) {
    const earned = earnSpiffs(deal, settings);
    entries += deriveDealLedgerEntries({ type: 'closed_won', dealId: deal.dealId, partnerId: deal.partnerId, occurredOn: deal.closedOn }, earned, []).length;
  }
  return entries;
});

const byPartner = new Map<string, RebateDeal[]>();
for (const deal of wonDeals) {
  const list = byPartner.get(deal.partnerId) ?? [];
  list.push({ amount: deal.amount, won: true, closedOn: deal.closedOn });
  byPartner.set(deal.partnerId, list);
}
const rebates = time(() => {
  let total = 0;
  for (const list of byPartner.values()) {
    total += computeQuarterlyRebate({ deals: list, quarter: { start: '2026-04-01', end: '2026-06-30' }, settings, currency: 'USD' }).amount.amountMinor;
  }
  return total;
});

const kinds = ['accrual', 'clawback', 'approval', 'payment'] as const;
const history: LedgerEntry[] = Array.from({ length: rows }, (_, index) => ({
  key: `k${index}`,
  partnerId: 'p1',
  kind: kinds[index % 4] ?? 'accrual',
  bucket: 'spiff',
  rule: 'first_win',
  amount: money(index % 4 === 1 ? -5_000 : 10_000, 'USD'),
  source: { type: 'deal', id: `d${index >> 2}` },
  reason: 'bench',
  occurredOn: '2026-01-01',
  reverses: null,
}));
const balance = time(() => ledgerBalance(history, 'USD'));

console.log(formatTable([
  ['step', 'size', 'ms'],
  ['SPIFF accruals (earn + derive entries)', `${count(deals)} deals → ${count(accruals.result)} entries`, accruals.ms.toFixed(0)],
  ['quarterly rebates', `${count(byPartner.size)} partners`, rebates.ms.toFixed(0)],
  ['one partner balance', `${count(rows)} rows`, balance.ms.toFixed(1)],
]));
