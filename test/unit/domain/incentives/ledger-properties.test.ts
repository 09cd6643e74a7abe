import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLedgerEntries } from '../../../../src/domain/incentives/append-ledger-entries.js';
import { ledgerBalance } from '../../../../src/domain/incentives/ledger-balance.js';
import { lineBalance } from '../../../../src/domain/incentives/line-balance.js';
import type { LedgerEntry } from '../../../../src/domain/incentives/types.js';
import { commandEntries, ledgerCommand, PARTNER_IDS } from '../../../support/ledger-simulation.js';

function run(commands: readonly Parameters<typeof commandEntries>[1][]): LedgerEntry[] {
  let ledger: LedgerEntry[] = [];
  commands.forEach((command, step) => {
    const derived = commandEntries(ledger, command, step);
    ledger = appendLedgerEntries(ledger, derived).ledger;
    // Deriving the same step again records nothing: every key is already there with the same content.
    expect(appendLedgerEntries(ledger, commandEntries(ledger, command, step)).added).toEqual([]);
  });
  return ledger;
}

/** A permutation of the entries, from a seed (Fisher–Yates over a linear congruential sequence). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const sumOf = (entries: readonly LedgerEntry[], kinds: readonly LedgerEntry['kind'][]) =>
  entries.filter((entry) => kinds.includes(entry.kind)).reduce((sum, entry) => sum + entry.amount.amountMinor, 0);

describe('the ledger over random histories of closes, reopenings, losses, approvals and payments', () => {
  it('keeps paid ≤ approved ≤ accrued per partner and line, except money paid before a clawback', () => {
    fc.assert(fc.property(fc.array(ledgerCommand, { maxLength: 60 }), (commands) => {
      const ledger = run(commands);
      const lines = new Map(ledger.map((entry) => [`${entry.partnerId}|${entry.rule}|${entry.source.id}`, entry]));
      for (const partnerId of PARTNER_IDS) {
        const balance = ledgerBalance(ledger.filter((entry) => entry.partnerId === partnerId), 'USD');
        let owedBack = 0;
        for (const entry of lines.values()) {
          if (entry.partnerId !== partnerId) continue;
          const line = lineBalance({ partnerId, bucket: entry.bucket, rule: entry.rule, source: entry.source }, ledger, 'USD').balance;
          expect(line.paid.amountMinor).toBeGreaterThanOrEqual(0);
          expect(line.paid.amountMinor).toBeLessThanOrEqual(line.approved.amountMinor);
          expect(line.approved.amountMinor).toBeLessThanOrEqual(Math.max(line.accrued.amountMinor, line.paid.amountMinor));
          expect(line.accrued.amountMinor).toBeGreaterThanOrEqual(0);
          owedBack += Math.max(0, line.paid.amountMinor - line.accrued.amountMinor);
        }
        expect(balance.paid.amountMinor).toBeLessThanOrEqual(balance.approved.amountMinor);
        expect(balance.approved.amountMinor).toBeLessThanOrEqual(balance.accrued.amountMinor + owedBack);
        if (owedBack === 0) expect(balance.approved.amountMinor).toBeLessThanOrEqual(balance.accrued.amountMinor);
      }
    }), { numRuns: 300 });
  });

  it('makes every balance the sum of its rows, whatever their order', () => {
    fc.assert(fc.property(fc.array(ledgerCommand, { maxLength: 40 }), fc.integer(), (commands, seed) => {
      const ledger = run(commands);
      const shuffled = shuffle(ledger, seed);
      for (const partnerId of PARTNER_IDS) {
        const rows = ledger.filter((entry) => entry.partnerId === partnerId);
        const balance = ledgerBalance(rows, 'USD');
        expect(balance.accrued.amountMinor).toBe(sumOf(rows, ['accrual', 'clawback']));
        expect(balance.approved.amountMinor).toBe(sumOf(rows, ['approval']));
        expect(balance.paid.amountMinor).toBe(sumOf(rows, ['payment']));
        expect(ledgerBalance(shuffled.filter((entry) => entry.partnerId === partnerId), 'USD')).toEqual(balance);
      }
    }), { numRuns: 200 });
  });

  it('leaves nothing accrued on a deal that is not won, and an entry with its reversal sums to zero', () => {
    fc.assert(fc.property(fc.array(ledgerCommand, { maxLength: 60 }), (commands) => {
      const ledger = run(commands);
      const lastState = new Map<number, string>();
      for (const command of commands) if ('deal' in command) lastState.set(command.deal, command.type);
      for (const [deal, state] of lastState) {
        if (state === 'win') continue;
        const accrued = sumOf(ledger.filter((entry) => entry.source.id === `deal-${deal}`), ['accrual', 'clawback']);
        expect(accrued).toBe(0);
      }
      const byKey = new Map(ledger.map((entry) => [entry.key, entry]));
      for (const entry of ledger) {
        if (entry.reverses === null) continue;
        const reversed = byKey.get(entry.reverses);
        expect(reversed).toBeDefined();
        expect(reversed!.amount.amountMinor + entry.amount.amountMinor).toBe(0);
      }
    }), { numRuns: 200 });
  });
});
