import { describe, expect, it } from 'vitest';
import { runIncentivesLedgerBench } from '../../../bench/incentives-ledger-bench.js';

// A tiny population: checks that the bench runs end to end and measures something sane, not the
// numbers themselves (those come from `npm run bench:incentives`).
describe('the incentive ledger benchmark on a tiny population', () => {
  it('accrues every deal once, records nothing on the re-runs, and times both statement designs', async () => {
    const result = await runIncentivesLedgerBench({ partners: 20, deals: 200, single: 20, years: 2, rowsPerYear: 50, statementRuns: 5, baselineRuns: 5 });

    // Every partner's first deal is its first win; every deal above USD 100,000.00 earns the large-deal SPIFF.
    expect(result.accrual.entries).toBeGreaterThanOrEqual(20);
    expect(result.rebates.entries).toBeGreaterThan(0);
    expect(result.rerun.entries).toBe(0);
    expect(result.singleRerun.entries).toBe(0);
    expect(result.statementRows).toBe(100);
    expect(result.ledgerRows).toBe(result.accrual.entries + result.rebates.entries + result.statementRows);
    expect(result.statement.p50).toBeGreaterThan(0);
    expect(result.statement.p99).toBeGreaterThanOrEqual(result.statement.p50);
    expect(result.baseline.p50).toBeGreaterThan(0);
  }, 120_000);
});
